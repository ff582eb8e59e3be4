namespace KrakenBot.Connector.Trading;

/// <summary>Where an order is in its life. See <see cref="OrderStates"/> for terminal states and legal transitions.</summary>
public enum OrderState
{
    /// <summary>Sent (or about to be), not yet acknowledged by the exchange.</summary>
    PendingCreate,

    /// <summary>Acknowledged and resting, nothing filled yet.</summary>
    Open,

    /// <summary>Resting with part of the amount filled.</summary>
    PartiallyFilled,

    /// <summary>A cancel was sent and not yet confirmed; fills may still arrive.</summary>
    PendingCancel,

    /// <summary>The whole amount filled. Terminal.</summary>
    Filled,

    /// <summary>Cancelled (by the user, or the unfilled rest of an IOC order). May hold partial fills. Terminal.</summary>
    Cancelled,

    /// <summary>Reached its expiry time (GTD). May hold partial fills. Terminal.</summary>
    Expired,

    /// <summary>The exchange refused the order; it never rested. Terminal.</summary>
    Failed,
}
