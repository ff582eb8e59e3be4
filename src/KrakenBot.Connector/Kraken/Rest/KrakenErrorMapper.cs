using System.Globalization;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>
/// Turns Kraken's <c>error</c> strings (API.md §7, §2, §3) into the connector's typed exceptions. Every exception
/// keeps the original string in <see cref="ExchangeException.ExchangeError"/>. Strings starting with <c>W</c> are
/// warnings, not errors.
/// </summary>
internal static class KrakenErrorMapper
{
    private const string ThrottledPrefix = "EService: Throttled:";

    /// <summary>True for Kraken warnings (<c>W…</c>), which accompany a successful result.</summary>
    public static bool IsWarning(string error) => error.Length > 0 && error[0] == 'W';

    /// <summary>Maps one Kraken error string to an exception. <paramref name="operation"/> names the call (e.g. <c>AddOrder</c>).</summary>
    /// <param name="refersToExistingOrder">
    /// True for calls that name an existing order (cancel, amend, edit, query): there Kraken's
    /// <c>EOrder:Invalid order</c> means the order is unknown or already gone.
    /// </param>
    public static ExchangeException Map(string error, string operation, bool refersToExistingOrder = false)
    {
        string text = error.Trim();
        string prefix = $"Kraken {operation} failed with '{text}': ";

        if (text.StartsWith(ThrottledPrefix, StringComparison.OrdinalIgnoreCase))
            return new RateLimitException(prefix + "too many concurrent requests; wait until the time Kraken gave.", text, ParseThrottledUntil(text));

        if (Is(text, "EAPI:Invalid nonce"))
            return new InvalidNonceException(prefix + "the nonce was not above the last one Kraken saw for this key. Another process may share the key, or the key's nonce window is too small.", text);

        if (Is(text, "EAPI:Invalid key") || Is(text, "EAPI:Invalid signature") || Is(text, "EGeneral:Temporary lockout")
            || Is(text, "EAPI:Invalid token") || Is(text, "ESession:Invalid session") || Is(text, "EAuth:Account temporary disabled")
            || Is(text, "EAuth:Account unconfirmed") || Is(text, "EAPI:Bad request"))
            return new ExchangeAuthenticationException(prefix + "Kraken did not accept the credentials. Check the API key and private key (a lockout lasts about 15 minutes).", text);

        if (Is(text, "EGeneral:Permission denied") || Is(text, "EAPI:Permission denied") || Is(text, "EAccount:Invalid permissions")
            || Is(text, "EAPI:Feature disabled") || Is(text, "EOrder:Trading agreement required"))
            return new PermissionDeniedException(prefix + "the API key lacks a permission this call needs; enable it on Kraken's API key settings.", text);

        if (Is(text, "EAPI:Rate limit exceeded") || Is(text, "EOrder:Rate limit exceeded") || Is(text, "EOrder:Domain rate limit exceeded")
            || Is(text, "EGeneral:Too many requests") || Is(text, "EAuth:Rate limit exceeded") || Is(text, "EAuth:Too many requests"))
            return new RateLimitException(prefix + "a Kraken rate counter is full; wait for it to decay before calling again.", text);

        if (Is(text, "EOrder:Insufficient funds") || Is(text, "EOrder:Insufficient margin") || Is(text, "EFunding:Insufficient funds"))
            return new InsufficientFundsException(prefix + "not enough available balance for this order.", text);

        if (Is(text, "EOrder:Unknown order") || (refersToExistingOrder && Is(text, "EOrder:Invalid order")))
            return new UnknownOrderException(prefix + "Kraken does not know this order (wrong id, or already closed).", text);

        if (Is(text, "EGeneral:Invalid arguments") || Is(text, "EOrder:Order minimum not met") || Is(text, "EOrder:Cost minimum not met")
            || Is(text, "EOrder:Tick size check failed") || Is(text, "EOrder:Invalid price") || Is(text, "EOrder:Invalid order")
            || Is(text, "EQuery:Unknown asset pair") || Is(text, "EQuery:Invalid asset pair") || Is(text, "EQuery:Unknown asset")
            || Is(text, "EGeneral:Unknown method") || Is(text, "ETrade:Invalid request") || Is(text, "EFunding:Invalid amount"))
            return new ExchangeValidationException(prefix + "the request breaks a Kraken rule (arguments, pair, minimum, tick size); nothing was placed.", text);

        if (Is(text, "EService:Unavailable") || Is(text, "EService:Busy") || Is(text, "EService:Market in")
            || Is(text, "EService:Deadline elapsed") || Is(text, "ETrade:Locked"))
            return new ServiceUnavailableException(prefix + "Kraken is not accepting this request right now (unavailable, busy or market mode); nothing was done.", text);

        if (Is(text, "EGeneral:Internal error") || Is(text, "EDatabase:Internal error"))
            return new ServiceUnavailableException(prefix + "Kraken reported an internal error; the request may or may not have been processed.", text, isRetrySafe: false);

        if (Is(text, "EOrder:"))
            return new OrderRejectedException(prefix + "Kraken refused the order.", text);

        return new ExchangeException(ExchangeErrorCategory.UnexpectedResponse, prefix + "this Kraken error is not one the connector knows.", text);
    }

    private static bool Is(string text, string known) => text.StartsWith(known, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the unix time from <c>EService: Throttled: &lt;ts&gt;</c>; null when it is missing or unreadable.</summary>
    private static DateTimeOffset? ParseThrottledUntil(string text)
    {
        ReadOnlySpan<char> stamp = text.AsSpan(ThrottledPrefix.Length).Trim();
        if (!decimal.TryParse(stamp, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds)
            || seconds <= 0 || seconds > 253_402_300_799m)
            return null;
        return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }
}
