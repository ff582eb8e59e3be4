namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// One item of the paper exchange's work loop (and of its latency queue): a request that lands after the latency,
/// held as values, or any other work as a delegate. A value rather than a closure and a delegate per request: a
/// replay's strategy amends its quotes thousands of times.
/// </summary>
internal readonly record struct PaperWork(PaperWorkKind Kind, string? ClientOrderId = null, decimal? NewPrice = null,
    decimal? NewAmount = null, Func<Task>? Other = null)
{
    public static PaperWork Activate(string clientOrderId) => new(PaperWorkKind.Activate, clientOrderId);

    public static PaperWork CompleteCancel(string clientOrderId) => new(PaperWorkKind.CompleteCancel, clientOrderId);

    public static PaperWork Amend(string clientOrderId, decimal? newPrice, decimal? newAmount) =>
        new(PaperWorkKind.Amend, clientOrderId, newPrice, newAmount);

    public static PaperWork Of(Func<Task> work) => new(PaperWorkKind.Other, Other: work);

    /// <summary>What the work is, for the log when it fails.</summary>
    public string Name => Kind == PaperWorkKind.Other ? Other!.Method.Name : Kind.ToString();
}

internal enum PaperWorkKind
{
    Other,
    Activate,
    CompleteCancel,
    Amend,
}
