namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>The API key permissions a mode of use needs (named as on Kraken's API key settings page).</summary>
[Flags]
internal enum KrakenPermissions
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>"Query Funds": balances.</summary>
    QueryFunds = 1,
    /// <summary>"Query Open Orders &amp; Trades".</summary>
    QueryOpenOrders = 2,
    /// <summary>"Query Closed Orders &amp; Trades": reconciliation reads past orders and fills.</summary>
    QueryClosedOrders = 4,
    /// <summary>"Create &amp; Modify Orders".</summary>
    CreateModifyOrders = 8,
    /// <summary>"Cancel &amp; Close Orders".</summary>
    CancelOrders = 16,
    /// <summary>"Access WebSockets API": the private socket (executions, balances, fast order entry).</summary>
    WebSocket = 32,
    /// <summary>Watching an account without trading.</summary>
    ReadOnly = QueryFunds | QueryOpenOrders | QueryClosedOrders | WebSocket,
    /// <summary>Everything trading needs.</summary>
    Trading = ReadOnly | CreateModifyOrders | CancelOrders,
}
