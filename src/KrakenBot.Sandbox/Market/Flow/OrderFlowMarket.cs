using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// The seeded order-flow market of a <see cref="MarketPreset"/>: one <see cref="FlowPair"/> per pair and a market-wide
/// <see cref="RegimeProcess"/>, advanced in fixed steps of <see cref="StepLength"/> of the sandbox's clock. Its step
/// function depends only on its random streams and on how much clock time has passed, so the same seed, preset and
/// clock give the same sequence of actions (timer jitter only changes how many steps one timer tick runs). On start it
/// writes the last day of trading (or the gap since the tape's last trade) into the tape, then builds the books.
/// </summary>
internal sealed class OrderFlowMarket : IMarketSimulation
{
    /// <summary>The model's time step.</summary>
    public static readonly TimeSpan StepLength = TimeSpan.FromMilliseconds(100);

    /// <summary>At most this many steps catch up after a stall; older time is skipped (the market paused).</summary>
    public const int MaxCatchUpSteps = 100;

    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly FlowPair[] _pairs;
    private readonly RegimeProcess _regime;
    private ITimer? _timer;
    private DateTimeOffset _modelTime;
    private int _running;
    private Action<FlowAction>? _observer;

    public OrderFlowMarket(ExchangeEngine exchange, MarketPreset preset, FlowRandomSource random, TimeProvider time, TimeSpan interval)
    {
        Preset = preset;
        _time = time;
        _interval = interval;
        var maker = exchange.Accounts.Create("flow-maker", null, null, ApiPermissions.None, AccountTier.Pro, synthetic: true);
        var taker = exchange.Accounts.Create("flow-taker", null, null, ApiPermissions.None, AccountTier.Pro, synthetic: true);
        foreach (var asset in exchange.Markets.Assets)
        {
            // Deep pockets, exact to the asset's decimals like every other balance.
            var amount = asset.Decimals >= 8 ? 1_000_000_000m : 1_000_000_000_000m;
            exchange.Deposit(maker, asset, amount);
            exchange.Deposit(taker, asset, amount);
        }
        _regime = new RegimeProcess(preset.RegimeWeights, random.Stream(-1));
        var byIndex = new FlowPair[exchange.Markets.Pairs.Count];
        foreach (var pair in exchange.Markets.Pairs)
            byIndex[pair.Index] = new FlowPair(exchange.Engine(pair), preset, PairProfile.For(pair), random.Stream(pair.Index), maker, taker);
        foreach (var flow in byIndex)
        {
            if (flow.Profile.DerivedFrom is not { } legs) continue;
            if (exchange.Markets.TryGetPair(legs.Base, out var b) && exchange.Markets.TryGetPair(legs.Quote, out var q)
                && byIndex[b.Index].Profile.DerivedFrom is null && byIndex[q.Index].Profile.DerivedFrom is null)
                flow.Legs = (byIndex[b.Index], byIndex[q.Index]);
        }
        // The legs' fair prices move before the cross pairs that follow them.
        _pairs = [.. byIndex.Where(p => p.Legs is null), .. byIndex.Where(p => p.Legs is not null)];
    }

    public MarketPreset Preset { get; }

    /// <summary>The market's regime now.</summary>
    public VolatilityRegime Regime => _regime.Current;

    /// <summary>Writes the tape's history on start (default); tests of the live flow alone switch it off.</summary>
    public bool WritesHistory { get; init; } = true;

    /// <summary>How much history a fresh tape gets.</summary>
    public TimeSpan HistoryLength { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Receives every action in order (tests, recordings). Set before <see cref="Start"/>.</summary>
    public Action<FlowAction>? Observer
    {
        get => _observer;
        set
        {
            _observer = value;
            foreach (var pair in _pairs) pair.Observer = value;
        }
    }

    /// <summary>The model of one pair (tests read its fair price).</summary>
    public FlowPair Pair(PairInfo pair) => _pairs.First(p => ReferenceEquals(p.Pair, pair));

    /// <summary>Writes the history, builds every book, then steps on the clock.</summary>
    public void Start()
    {
        var now = _time.GetUtcNow();
        foreach (var flow in _pairs)
        {
            var last = flow.Engine.Read(e => e.Stats.LastPrice);
            if (last > 0m && flow.Legs is null) flow.LogFair = Math.Log((double)last);
        }
        if (WritesHistory) FlowHistory.Write(_pairs, _regime, now - HistoryLength, now, Observer);
        foreach (var flow in _pairs)
        {
            if (flow.Legs is not null) flow.MoveFair(0, _regime.Current);
            flow.Quote(0, _regime.Current, now, fill: true);
        }
        _modelTime = now;
        _timer = _time.CreateTimer(static s => ((OrderFlowMarket)s!).Step(), this, _interval, _interval);
    }

    /// <summary>Runs every whole step between the model's time and the clock's.</summary>
    public void Step()
    {
        // Timer callbacks may overlap on a slow machine; the next tick catches up instead.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            var now = _time.GetUtcNow();
            var behind = now - _modelTime;
            if (behind > StepLength * MaxCatchUpSteps) _modelTime = now - StepLength * MaxCatchUpSteps;
            while (_modelTime + StepLength <= now)
            {
                _modelTime += StepLength;
                StepOnce(StepLength.TotalSeconds, _modelTime);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private void StepOnce(double seconds, DateTimeOffset at)
    {
        if (_regime.Step(seconds))
            Observer?.Invoke(new FlowAction(at, -1, FlowActionKind.Regime, Side.Buy, 0m, 0m) { Regime = _regime.Current });
        var regime = _regime.Current;
        foreach (var flow in _pairs) flow.MoveFair(seconds, regime);
        foreach (var flow in _pairs)
        {
            flow.Quote(seconds, regime, at);
            flow.Take(seconds, regime, at);
            flow.MaybeSweep(seconds, regime, at);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
