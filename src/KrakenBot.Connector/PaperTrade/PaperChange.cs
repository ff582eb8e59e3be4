using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// One change being built on the state, in place: the order steps to store, the events to raise once stored, and the
/// assets whose balance it touched. The engine logs the state's writes meanwhile and keeps readers out; nothing is
/// visible until it is stored (see <see cref="PaperState"/>). The engine reuses one instance for every change.
/// </summary>
internal sealed class PaperChange
{
    private readonly List<PaperOrderStep> _steps = [];
    private readonly List<ExchangeEvent> _events = [];
    private readonly HashSet<string> _touchedAssets = new(StringComparer.Ordinal);

    /// <summary>Starts a change on <paramref name="state"/>: its writes are logged from now on.</summary>
    public PaperChange(PaperState state, DateTimeOffset at)
    {
        Next = state;
        At = at;
        state.BeginLog();
    }

    /// <summary>The state the change is made on (after it, once built).</summary>
    public PaperState Next { get; private set; }

    /// <summary>When the change happens (the injected clock).</summary>
    public DateTimeOffset At { get; private set; }

    public IReadOnlyList<PaperOrderStep> Steps => _steps;

    public IReadOnlyList<ExchangeEvent> Events => _events;

    /// <summary>The assets whose balance the change touched (the set itself, not an interface: read without an enumerator allocated per change).</summary>
    public HashSet<string> TouchedAssets => _touchedAssets;

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

    /// <summary>Starts a new change on <paramref name="state"/> at <paramref name="at"/>, forgetting the last one: the
    /// state's writes are logged from now on.</summary>
    public void Restart(PaperState state, DateTimeOffset at)
    {
        Next = state;
        At = at;
        _steps.Clear();
        _events.Clear();
        _touchedAssets.Clear();
        state.BeginLog();
    }
}
