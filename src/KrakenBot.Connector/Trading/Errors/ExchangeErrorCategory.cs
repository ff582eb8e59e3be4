namespace KrakenBot.Connector.Trading.Errors;

/// <summary>The few kinds of failure a caller can act on differently.</summary>
public enum ExchangeErrorCategory
{
    /// <summary>Key unknown, signature wrong, lockout: fix the credentials.</summary>
    Authentication,
    /// <summary>The key lacks a permission the call needs.</summary>
    Permission,
    /// <summary>Nonce not above the last one seen for this key.</summary>
    InvalidNonce,
    /// <summary>A REST, trading or WebSocket rate counter is full: wait.</summary>
    RateLimit,
    /// <summary>The request is malformed or breaks a trading rule; nothing was placed.</summary>
    Validation,
    /// <summary>Not enough available balance for the order.</summary>
    InsufficientFunds,
    /// <summary>The order id or client order id is not known to the exchange.</summary>
    UnknownOrder,
    /// <summary>The exchange refused the order (post-only would take, FOK not fillable, limits).</summary>
    OrderRejected,
    /// <summary>Maintenance, busy, cancel-only, post-only or unavailable.</summary>
    ServiceUnavailable,
    /// <summary>The request did not reach the exchange or no reply came back.</summary>
    Network,
    /// <summary>The exchange answered something we cannot read.</summary>
    UnexpectedResponse,
    /// <summary>The request was sent but we cannot know whether it took effect: look it up before re-sending.</summary>
    OutcomeUnknown,
}
