namespace KrakenBot.Connector.Trading.Errors;

/// <summary>
/// Base of every error the connector reports. Carries the exchange's own error string (for Kraken,
/// e.g. <c>EOrder:Insufficient funds</c>) and whether sending the same request again is safe.
/// Messages never contain secrets.
/// </summary>
/// <remarks>
/// Tell failures apart by <see cref="Category"/> (<c>catch (ExchangeException e) when (e.Category == ExchangeErrorCategory.Validation)</c>);
/// the two kinds that carry more detail have their own type: <see cref="RateLimitException"/> (when to retry) and
/// <see cref="OrderRejectedException"/> (post-only rejections).
/// </remarks>
public class ExchangeException : Exception
{
    /// <summary>Creates an error of <paramref name="category"/>.</summary>
    /// <param name="category">What kind of failure this is.</param>
    /// <param name="message">What went wrong and what to do, without secrets.</param>
    /// <param name="exchangeError">The exchange's own error string, when it sent one.</param>
    /// <param name="isRetrySafe">True when the request certainly had no effect.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
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

// The kinds a caller tells apart by Category alone are internal: they name the failure in logs and in the connector's
// own code and tests, and a caller catches ExchangeException.

internal sealed class ExchangeAuthenticationException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.Authentication, message, exchangeError);

internal sealed class PermissionDeniedException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.Permission, message, exchangeError);

internal sealed class InvalidNonceException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.InvalidNonce, message, exchangeError, isRetrySafe: true)
{
    /// <summary>
    /// Another call of this client with a later nonce had been sent before the refusal: Kraken saw ours out of order,
    /// which says nothing about another program on the key.
    /// </summary>
    public bool OvertakenByOwnCall { get; init; }
}

/// <summary>A REST, trading or WebSocket rate counter is full (<see cref="ExchangeErrorCategory.RateLimit"/>): wait, then retry.</summary>
/// <param name="message">What was limited.</param>
/// <param name="exchangeError">The exchange's own error string.</param>
/// <param name="retryAfter">When the exchange said to try again, if it said.</param>
public sealed class RateLimitException(string message, string? exchangeError = null, DateTimeOffset? retryAfter = null)
    : ExchangeException(ExchangeErrorCategory.RateLimit, message, exchangeError, isRetrySafe: true)
{
    /// <summary>When the exchange said to try again, if it said (e.g. <c>EService: Throttled: &lt;ts&gt;</c>).</summary>
    public DateTimeOffset? RetryAfter { get; } = retryAfter;
}

internal sealed class ExchangeValidationException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.Validation, message, exchangeError);

internal sealed class InsufficientFundsException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.InsufficientFunds, message, exchangeError);

internal sealed class UnknownOrderException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.UnknownOrder, message, exchangeError);

/// <summary>
/// The exchange refused the order (<see cref="ExchangeErrorCategory.OrderRejected"/>): post-only would take, fill-or-kill
/// not fillable, a limit reached. Nothing was placed.
/// </summary>
/// <param name="message">Why the order was refused.</param>
/// <param name="exchangeError">The exchange's own error string.</param>
public sealed class OrderRejectedException(string message, string? exchangeError = null)
    : ExchangeException(ExchangeErrorCategory.OrderRejected, message, exchangeError)
{
    /// <summary>True when the order was refused because, being post-only, it would have taken liquidity.</summary>
    public bool IsPostOnlyRejection => ExchangeError?.Contains("Post only", StringComparison.OrdinalIgnoreCase) == true;
}

internal sealed class ServiceUnavailableException(string message, string? exchangeError = null, bool isRetrySafe = true)
    : ExchangeException(ExchangeErrorCategory.ServiceUnavailable, message, exchangeError, isRetrySafe);

internal sealed class NetworkException(string message, Exception? innerException = null, bool isRetrySafe = true)
    : ExchangeException(ExchangeErrorCategory.Network, message, null, isRetrySafe, innerException);

internal sealed class UnexpectedResponseException(string message, Exception? innerException = null)
    : ExchangeException(ExchangeErrorCategory.UnexpectedResponse, message, null, false, innerException);

/// <summary>
/// A state-changing request was sent and no trustworthy answer came back (timeout, connection lost, 5xx after
/// sending). The order may or may not exist: look it up by client order id before sending anything again.
/// </summary>
internal sealed class OutcomeUnknownException(string message, Exception? innerException = null)
    : ExchangeException(ExchangeErrorCategory.OutcomeUnknown, message, null, false, innerException);
