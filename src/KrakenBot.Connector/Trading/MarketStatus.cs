namespace KrakenBot.Connector.Trading;

/// <summary>What a market currently allows.</summary>
public enum MarketStatus
{
    /// <summary>Everything is allowed.</summary>
    Online,

    /// <summary>Only cancels: no new orders.</summary>
    CancelOnly,

    /// <summary>Only post-only limit orders (<see cref="OrderType.LimitMaker"/>).</summary>
    PostOnly,

    /// <summary>Limit orders only: no market orders.</summary>
    LimitOnly,

    /// <summary>Only orders that reduce a margin position: nothing for a spot trader.</summary>
    ReduceOnly,

    /// <summary>A status the connector does not know: no new orders, to be safe.</summary>
    Unknown,
}
