using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>
/// Triangular arbitrage on one exchange: on every book change it prices both directions of the triangle (depth,
/// taker fees, lot and minimums: <see cref="CycleDetector"/>), fires the better one when its edge after fees reaches
/// <see cref="TriangularArbitrageConfig.MinProfitability"/>, and sees it to its end (<see cref="CycleExecutor"/>: legs
/// one after the other as IOC orders, a refused or partial leg unwound back to the start asset). One cycle at a time.
/// Each cycle's expected and realized edge is kept and shown in status.
/// </summary>
/// <remarks>
/// The host's P&amp;L follows the first pair only; the cycles' own figures (in the start asset) are the ones to read.
/// The tally and the last cycles are kept across restarts. A cycle under way when the bot stops is not resumed: what it held is left in the account, and its orders (IOC)
/// end on their own.
/// </remarks>
public sealed class TriangularArbitrage : Strategy
{
    /// <summary>The strategy name in config files.</summary>
    public const string Name = "triangular_arbitrage";

    private const string TallyKey = "arbitrage_tally";
    private const string RecentKey = "arbitrage_recent";
    private const int RecentCount = 20;

    private readonly TriangularArbitrageConfig _config;
    private readonly IReadOnlyList<TriangleCycle> _cycles;
    private readonly Dictionary<TradingPair, decimal> _fees = [];
    private readonly List<CycleRecord> _recent = [];
    private readonly List<string> _warnings = [];
    private IReadOnlyList<CycleQuote> _quotes = [];
    private ArbitrageTally _tally = new();
    private CycleExecutor? _active;
    private DateTimeOffset _quietUntil;
    private bool _lastWasSkipped;
    private int _number;

    /// <summary>A strategy for <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public TriangularArbitrage(TriangularArbitrageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        StartAsset = config.ResolvedStartAsset;
        _cycles = TriangleCycle.Both(config.Pairs, StartAsset);
    }

    /// <inheritdoc />
    public override string Kind => Name;

    /// <inheritdoc />
    public override TradingPair Pair => _config.Pairs[0];

    /// <inheritdoc />
    public override IReadOnlyList<TradingPair> WatchedPairs => _config.Pairs;

    /// <summary>The asset cycles start from.</summary>
    public string StartAsset { get; }

    /// <summary>The two directions.</summary>
    internal IReadOnlyList<TriangleCycle> Cycles => _cycles;

    /// <summary>Counts and sums so far.</summary>
    public ArbitrageTally Tally => _tally;

    /// <summary>The cycles that ended, newest last (at most the last 20).</summary>
    public IReadOnlyList<CycleRecord> Recent => _recent;

    /// <summary>The taker fee in percent used per pair (the override, or the account's tier read at start).</summary>
    public IReadOnlyDictionary<TradingPair, decimal> TakerFeePercents => _fees;

    /// <inheritdoc />
    public override IReadOnlyList<string> Warnings => _warnings;

    /// <inheritdoc />
    public override object? StatusDetails() => new TriangularArbitrageStatus(StartAsset, _tally,
        [.. _quotes.Select(q => new QuoteView(q.Cycle.Route, q.Edge, q.EdgeBps, q.Problem))],
        _active is { } a ? $"#{a.Number} {a.Route}: {a.Stage}" : null, [.. _recent]);

    /// <inheritdoc />
    public override async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        foreach (var pair in _config.Pairs)
        {
            _fees[pair] = _config.TakerFeePercent ?? (await Context.Exchange.GetFeeEstimateAsync(pair, cancellationToken).ConfigureAwait(false)).TakerPercent;
        }

        _tally = Context.State.Get<ArbitrageTally>(TallyKey) ?? new ArbitrageTally();
        _recent.AddRange(Context.State.Get<List<CycleRecord>>(RecentKey) ?? []);
        _number = _recent.Count == 0 ? 0 : _recent[^1].Number;
        Context.Logger.LogInformation("Triangular arbitrage from {Start} over {Cycles}; taker fees {Fees} %", StartAsset,
            string.Join(" and ", _cycles.Select(c => c.Route)), string.Join(", ", _fees.Select(f => $"{f.Key} {f.Value}")));
        await StepAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask OnTickAsync(CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnExchangeEventAsync(ExchangeEvent change, CancellationToken cancellationToken) =>
        _active is null ? ValueTask.CompletedTask : StepAsync(cancellationToken); // a balance the next leg waits for

    /// <inheritdoc />
    public override ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken)
    {
        _active?.OnFill(order, fill);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnOrderChangedAsync(OwnedOrder order, OrderState previous, CancellationToken cancellationToken) =>
        _active is { } active && active.Owns(order) && order.IsTerminal && HasContext ? StepAsync(cancellationToken) : ValueTask.CompletedTask;

    private async ValueTask StepAsync(CancellationToken cancellationToken)
    {
        if (_active is { } active)
        {
            await active.StepAsync(Context, cancellationToken).ConfigureAwait(false);
            if (active.IsDone)
            {
                End(active);
            }

            return;
        }

        if (Context.Now < _quietUntil || !TryPrice(out var best))
        {
            return;
        }

        if (!best.IsExecutable || best.Edge <= 0 || best.EdgeBps < _config.MinProfitability * 10_000m)
        {
            _lastWasSkipped = false;
            _warnings.Clear();
            return;
        }

        if (Context.Available(StartAsset) < best.Spent)
        {
            if (!_lastWasSkipped)
            {
                _tally = _tally with { Found = _tally.Found + 1 };
                Context.State.Set(TallyKey, _tally);
            }

            _lastWasSkipped = true;
            _warnings.Clear();
            _warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"A cycle {best.Cycle.Route} with {best.EdgeBps:0.##} bps is there, and {StartAsset} available ({Context.Available(StartAsset):G29}) " +
                $"is under the {best.Spent:G29} it spends: lower order_amount or add {StartAsset}."));
            return;
        }

        _lastWasSkipped = false;
        _warnings.Clear();
        _tally = _tally with { Found = _tally.Found + 1, Fired = _tally.Fired + 1 };
        Context.State.Set(TallyKey, _tally);
        var cycle = new CycleExecutor(++_number, best, _config, _fees, Context.Now);
        _active = cycle;
        Context.Logger.LogInformation("Cycle {Number} fired: {Quote}", cycle.Number, best);
        await cycle.StepAsync(Context, cancellationToken).ConfigureAwait(false);
        if (cycle.IsDone)
        {
            End(cycle);
        }
    }

    // Prices both directions on the books now; false when a book is not ready.
    private bool TryPrice(out CycleQuote best)
    {
        best = null!;
        var markets = new Dictionary<TradingPair, LegMarket>(3);
        foreach (var pair in _config.Pairs)
        {
            var book = Context.Book(pair);
            if (!book.IsReady)
            {
                return false;
            }

            markets[pair] = LegMarket.From(Context.Rule(pair), book.GetSnapshot(Context.Options.BookDepth), _fees[pair]);
        }

        _quotes = CycleDetector.EvaluateAll(_cycles, markets, _config.OrderAmount);
        best = _quotes[0];
        return true;
    }

    private void End(CycleExecutor cycle)
    {
        var record = cycle.Record();
        _active = null;
        _quietUntil = Context.Now + _config.Cooldown;
        _tally = _tally.With(record);
        Context.State.Set(TallyKey, _tally);
        _recent.Add(record);
        if (_recent.Count > RecentCount)
        {
            _recent.RemoveAt(0);
        }

        Context.State.Set(RecentKey, _recent);

        Context.Logger.LogInformation(
            "Cycle {Number} {Route} {Outcome}: expected {Expected} {Asset} ({ExpectedBps:0.##} bps), realized {Realized} {Asset}{Notes}",
            record.Number, record.Route, record.Outcome, record.ExpectedEdge, record.StartAsset, record.ExpectedEdgeBps, record.RealizedEdge,
            record.StartAsset, record.Notes.Count == 0 ? "" : "; " + string.Join("; ", record.Notes));
    }
}
