namespace KrakenBot.Connector.Trading.Errors;

/// <summary>
/// Base of every error the connector reports. Carries the exchange's own error string (for Kraken,
/// e.g. <c>EOrder:Insufficient funds</c>) and whether sending the same request again is safe.
/// Messages never contain secrets.
/// </summary>
public class ExchangeException : Exception
{
    public ExchangeException(ExchangeErrorCategory category, string message, string? exchangeError = null,
        bool isRetrySafe = false, Exception? innerException = null)
        : base(message, innerException)
    {
        Category = category;
        ExchangeError = exchangeError;
        IsRetrySafe = isRetrySafe;
    }

    /// <summary>What kind of failure this is.</summary>
    public ExchangeErrorCategory Category { get; }

    /// <summary>The exchange's original error string, when the exchange sent one.</summary>
    public string? ExchangeError { get; }

    /// <summary>True when the request certainly had no effect and may be sent again (with a fresh nonce).</summary>
    public bool IsRetrySafe { get; }
}

public sealed class ExchangeAuthenticationException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.Authentication, message, exchangeError);

public sealed class PermissionDeniedException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.Permission, message, exchangeError);

public sealed class InvalidNonceException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.InvalidNonce, message, exchangeError, isRetrySafe: true);

public sealed class RateLimitException(string message, string? exchangeError = null, DateTimeOffset? retryAfter = null)
    : ExchangeException(ExchangeErrorCategory.RateLimit, message, exchangeError, isRetrySafe: true)
{
    /// <summary>When the exchange said to try again, if it said (e.g. <c>EService: Throttled: &lt;ts&gt;</c>).</summary>
    public DateTimeOffset? RetryAfter { get; } = retryAfter;
}

public sealed class ExchangeValidationException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.Validation, message, exchangeError);

public sealed class InsufficientFundsException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.InsufficientFunds, message, exchangeError);

public sealed class UnknownOrderException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.UnknownOrder, message, exchangeError);

public sealed class OrderRejectedException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.OrderRejected, message, exchangeError)
{
    /// <summary>True when the order was refused because, being post-only, it would have taken liquidity.</summary>
    public bool IsPostOnlyRejection => ExchangeError?.Contains("Post only", StringComparison.OrdinalIgnoreCase) == true;
}

public sealed class ServiceUnavailableException(string message, string? exchangeError = null, bool isRetrySafe = true)
    : ExchangeException(ExchangeErrorCategory.ServiceUnavailable, message, exchangeError, isRetrySafe);

public sealed class NetworkException(string message, Exception? innerException = null, bool isRetrySafe = true)
    : ExchangeException(ExchangeErrorCategory.Network, message, null, isRetrySafe, innerException);

public sealed class UnexpectedResponseException(string message, Exception? innerException = null)
    : ExchangeException(ExchangeErrorCategory.UnexpectedResponse, message, null, false, innerException);

/// <summary>
/// A state-changing request was sent and no trustworthy answer came back (timeout, connection lost, 5xx after
/// sending). The order may or may not exist: look it up by client order id before sending anything again.
/// </summary>
public sealed class OutcomeUnknownException(string message, Exception? innerException = null)
    : ExchangeException(ExchangeErrorCategory.OutcomeUnknown, message, null, false, innerException);
