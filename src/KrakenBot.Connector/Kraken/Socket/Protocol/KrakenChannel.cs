namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>The WebSocket v2 channels the connector recognises.</summary>
internal enum KrakenChannel
{
    /// <summary>A channel name the connector does not know (kept, logged, not dispatched).</summary>
    Unknown,
    /// <summary><c>status</c>: system state, pushed on connect and on every change.</summary>
    Status,
    /// <summary><c>heartbeat</c>: about once a second when nothing else is sent.</summary>
    Heartbeat,
    /// <summary><c>book</c>: level 2 order book with CRC32 checksum.</summary>
    Book,
    /// <summary><c>trade</c>: public trades with per-book trade ids.</summary>
    Trade,
    /// <summary><c>ticker</c>: level 1 data and 24 h statistics.</summary>
    Ticker,
    /// <summary><c>ohlc</c>: live candles.</summary>
    Ohlc,
    /// <summary><c>instrument</c>: assets and pairs with precisions and increments.</summary>
    Instrument,
    /// <summary><c>executions</c> (private): order and fill events.</summary>
    Executions,
    /// <summary><c>balances</c> (private): balance snapshot and ledger events.</summary>
    Balances,
    /// <summary><c>level3</c>: order-by-order book.</summary>
    Level3,
}

/// <summary>Whether a channel message is the initial snapshot or an incremental update.</summary>
internal enum KrakenMessageType
{
    /// <summary>The message carried no <c>type</c> (e.g. heartbeat, status).</summary>
    None,
    /// <summary><c>snapshot</c>.</summary>
    Snapshot,
    /// <summary><c>update</c>.</summary>
    Update,
}

/// <summary>What an incoming frame is, at the top level.</summary>
internal enum MessageKind
{
    /// <summary>Neither a method response nor a channel message (e.g. <c>{"Error":"Exceeded msg rate"}</c>).</summary>
    Unknown,
    /// <summary>Answer to a request: has <c>method</c> (and usually <c>req_id</c>, <c>success</c>).</summary>
    MethodResponse,
    /// <summary>Data push: has <c>channel</c>.</summary>
    ChannelMessage,
}
