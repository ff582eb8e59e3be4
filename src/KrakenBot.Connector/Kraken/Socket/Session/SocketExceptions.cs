using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// Kraken did not answer a WebSocket request in time. For requests that change state (orders) the outcome is
/// unknown and must be looked up before anything is re-sent; read-only requests may simply be retried.
/// </summary>
internal sealed class SocketRequestTimeoutException : ExchangeException
{
    internal SocketRequestTimeoutException(string method, long requestId, TimeSpan timeout, bool changesState, string? symbol = null)
        : base(changesState ? ExchangeErrorCategory.OutcomeUnknown : ExchangeErrorCategory.Network,
            BuildMessage(method, requestId, timeout, changesState, symbol), exchangeError: null, isRetrySafe: !changesState)
    {
        Method = method;
        RequestId = requestId;
        Symbol = symbol;
    }

    /// <summary>The request's <c>method</c>.</summary>
    public string Method { get; }

    /// <summary>The request's <c>req_id</c>.</summary>
    public long RequestId { get; }

    /// <summary>The symbol that got no answer, for subscriptions.</summary>
    public string? Symbol { get; }

    private static string BuildMessage(string method, long requestId, TimeSpan timeout, bool changesState, string? symbol)
    {
        string what = symbol is null ? $"'{method}' (req_id {requestId})" : $"'{method}' for {symbol} (req_id {requestId})";
        return changesState
            ? $"Kraken did not answer {what} within {timeout.TotalSeconds:0.###} s. The request may or may not have taken effect: look it up before sending it again."
            : $"Kraken did not answer {what} within {timeout.TotalSeconds:0.###} s. Nothing changed on the exchange; it is safe to try again.";
    }
}

/// <summary>Kraken refused a subscription for one symbol (e.g. an unknown pair); other symbols are unaffected.</summary>
internal sealed class SubscriptionRejectedException : ExchangeException
{
    internal SubscriptionRejectedException(string channel, string? symbol, string? krakenError)
        : base(ExchangeErrorCategory.Validation, BuildMessage(channel, symbol, krakenError), krakenError)
    {
        Channel = channel;
        Symbol = symbol;
    }

    /// <summary>The channel, e.g. <c>ticker</c>.</summary>
    public string Channel { get; }

    /// <summary>The refused symbol; null when the whole request was refused.</summary>
    public string? Symbol { get; }

    private static string BuildMessage(string channel, string? symbol, string? krakenError)
    {
        string target = symbol is null ? $"the '{channel}' subscription" : $"the '{channel}' subscription for {symbol}";
        string hint = krakenError?.Contains("pair", StringComparison.OrdinalIgnoreCase) == true
            ? " Check the symbol: WebSocket v2 uses BASE/QUOTE with modern codes (BTC/USD, not XBT/USD or XXBTZUSD)."
            : "";
        return $"Kraken refused {target}: {krakenError ?? "no reason given"}.{hint}";
    }
}
