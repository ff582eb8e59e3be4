namespace KrakenBot.Connector.Trading;

/// <summary>How long an order may stay on the book.</summary>
public enum TimeInForce
{
    /// <summary>Good till cancelled.</summary>
    Gtc,

    /// <summary>Immediate or cancel: whatever does not fill at once is cancelled.</summary>
    Ioc,

    /// <summary>Fill or kill: fills completely at once or not at all.</summary>
    Fok,

    /// <summary>Good till date: expires at <see cref="OrderRequest.ExpireTime"/>.</summary>
    Gtd,
}
