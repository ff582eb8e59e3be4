using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// One change being built on a copy of the state: the order steps to store, the events to raise once stored, and the
/// assets whose balance it touched. Nothing is visible until the engine stores it and swaps the state in.
/// </summary>
internal sealed class PaperChange
{
    private readonly List<PaperOrderStep> _steps = [];
    private readonly List<ExchangeEvent> _events = [];
    private readonly HashSet<string> _touchedAssets = new(StringComparer.Ordinal);

    public PaperChange(PaperState current, DateTimeOffset at)
    {
        Next = current.Clone();
        At = at;
    }

    /// <summary>The state after the change.</summary>
    public PaperState Next { get; }

    /// <summary>When the change happens (the injected clock).</summary>
    public DateTimeOffset At { get; }

    public IReadOnlyList<PaperOrderStep> Steps => _steps;

    public IReadOnlyList<ExchangeEvent> Events => _events;

    public IReadOnlyCollection<string> TouchedAssets => _touchedAssets;

    public bool IsEmpty => _steps.Count == 0 && _touchedAssets.Count == 0 && _events.Count == 0;

    public TrackedOrder Order(string clientOrderId) => Next.Orders[clientOrderId];

    /// <summary>Records a new version of an order as one step.</summary>
    public TrackedOrder Record(PaperOrderStepKind kind, TrackedOrder order, Fill? fill = null)
    {
        Next.Orders[order.ClientOrderId] = order;
        _steps.Add(new PaperOrderStep(kind, order, fill));
        if (order.IsTerminal)
        {
            Next.Resting.Remove(order.ClientOrderId);
        }

        return order;
    }

    public void Raise(ExchangeEvent exchangeEvent) => _events.Add(exchangeEvent);

    public void SetHold(string clientOrderId, PaperHold hold)
    {
        if (Next.Ledger.HoldOf(clientOrderId) is { } old)
        {
            _touchedAssets.Add(old.Asset);
        }

        Next.Ledger.SetHold(clientOrderId, hold.Asset, hold.Amount);
        _touchedAssets.Add(hold.Asset);
    }

    public void ReleaseHold(string clientOrderId)
    {
        if (Next.Ledger.HoldOf(clientOrderId) is { } old)
        {
            _touchedAssets.Add(old.Asset);
            Next.Ledger.Release(clientOrderId);
        }
    }

    public void AddToTotal(string asset, decimal amount)
    {
        Next.Ledger.Add(asset, amount);
        _touchedAssets.Add(asset);
    }

    public void Touch(string asset) => _touchedAssets.Add(asset);
}
