namespace KrakenBot.Connector.Trading;

/// <summary>The order types the connector trades.</summary>
public enum OrderType
{
    /// <summary>Rests at a limit price; may take liquidity when it crosses the book.</summary>
    Limit,

    /// <summary>A post-only limit order: the exchange refuses it rather than let it take liquidity.</summary>
    LimitMaker,

    /// <summary>Takes liquidity at whatever price the book offers; carries no price.</summary>
    Market,
}
