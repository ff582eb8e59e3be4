using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Sandbox.Matching;

/// <summary>A validated order request, as the REST or WebSocket layer hands it to a pair engine.</summary>
internal readonly record struct OrderRequest
{
    public required Account Account { get; init; }
    public required Side Side { get; init; }
    public required OrderKind Kind { get; init; }
    /// <summary>Base volume; the quote amount when <see cref="VolumeInQuote"/> is set.</summary>
    public required decimal Volume { get; init; }
    public decimal LimitPrice { get; init; }
    public TriggerPrice? Trigger { get; init; }
    public TriggerPrice? TriggeredLimit { get; init; }
    public string? TriggerReference { get; init; }
    public bool VolumeInQuote { get; init; }
    public TimeInForce TimeInForce { get; init; }
    public bool PostOnly { get; init; }
    /// <summary>Fee currency: null = default (quote), true = <c>fcib</c>, false = <c>fciq</c>.</summary>
    public bool? FeeInBase { get; init; }
    public bool NoMarketPriceProtection { get; init; }
    public SelfTradePrevention Stp { get; init; }
    public int? UserRef { get; init; }
    public string? ClOrdId { get; init; }
    public DateTimeOffset? ExpireTime { get; init; }
    /// <summary>Check everything, place nothing.</summary>
    public bool ValidateOnly { get; init; }
}

/// <summary>The outcome of an engine call: the order, or Kraken's error string.</summary>
internal readonly record struct OrderResult(Order? Order, string? Error)
{
    public bool Ok => Error is null;
    public static OrderResult Fail(string error) => new(null, error);
}
