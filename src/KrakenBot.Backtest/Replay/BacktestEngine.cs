using System.Collections.Concurrent;
using System.Globalization;
using KrakenBot.Backtest.Recording;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Backtest.Replay;

/// <summary>
/// Replays a recording through a strategy, unchanged, on the paper exchange (<c>kraken_paper_trade</c>'s own matching
/// model: book walk for takers, trade-through and queue position for resting orders, maker/taker fees, latency). The
/// clock is the recording's: it moves to each record's arrival time (and to each strategy tick in between), and after
/// every step the engine lets the paper exchange finish its work and the strategy take every event, in order, before
/// the next step. So the same recording, strategy and options give the same result, every time.
/// </summary>
public sealed class BacktestEngine
{
    private readonly BacktestOptions _options;
    private readonly ILogger _logger;

    /// <summary>An engine for <paramref name="options"/>.</summary>
    /// <exception cref="ExchangeValidationException">An option is out of range.</exception>
    public BacktestEngine(BacktestOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Told after each record is replayed and settled (the bench's per-record allocation split), with counts so far: the
    /// order requests the strategy sent, the exchange events handed to it, and the timed work (strategy ticks, report
    /// samples, state saves). A record on which none moved did only the per-event work.
    /// </summary>
    internal Action<long, long, long>? RecordSettled { get; init; }

    /// <summary>Replays the recording through <paramref name="strategy"/>.</summary>
    /// <param name="strategy">A fresh strategy object (it is started, driven and stopped here).</param>
    /// <param name="host">The host options (id, tick, kill switch); the dead-man switch is not used in a replay.</param>
    /// <param name="progress">Told the fraction of the recording's time replayed so far.</param>
    /// <param name="cancellationToken">Stops the replay between two records.</param>
    /// <exception cref="RecordingFormatException">A file is damaged in a way that cannot be skipped.</exception>
    /// <exception cref="ExchangeValidationException">The strategy trades a pair the recording does not hold.</exception>
    public async Task<BacktestResult> RunAsync(Strategy strategy, StrategyHostOptions host, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(host);
        var files = RecordingReader.FilesIn(_options.DataDirectory);
        if (files.Count == 0) throw new ExchangeValidationException($"'{_options.DataDirectory}' holds no recording files (*.kbrec): record some with 'krakenbot record'.");
        var (header, first, last) = Survey(files);
        var from = _options.From is { } f && f > first ? f : first;
        var to = _options.To is { } t && t < last ? t : last.AddTicks(1);
        if (from >= to) throw new ExchangeValidationException($"The recording covers {first:O} to {last:O}: nothing lies between --from and --to.");

        var time = new ReplayClock(from);
        using var market = new ReplayMarketData(header, _options.MakerFeePercent, _options.TakerFeePercent, time);
        long ids = 0;
        await using var paper = new PaperExchange(market, new InMemoryPaperAccountStore(), new PaperExchangeOptions
        {
            StartingBalances = _options.StartingBalances, Latency = _options.OrderLatency, BookDepth = header.Depth,
        }, time, () => "BT-" + (++ids).ToString("D8", CultureInfo.InvariantCulture));
        var events = new ConcurrentQueue<ExchangeEvent>(); // filled as the paper exchange publishes, drained by the run
        paper.EventObserver = events.Enqueue;
        paper.RunsWorkInline = true; // one deterministic flow: no hop to the paper work loop per record
        await paper.StartAsync(cancellationToken).ConfigureAwait(false);

        var sampleInterval = _options.SampleInterval
            ?? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((to - from).TotalSeconds / 600)));
        var run = new Run(paper, market, strategy, host with { DeadManSwitchTimeout = null }, time, events, sampleInterval, _logger);
        // One sample per interval from the start, and the last at the finish: sized once rather than grown by doubling.
        run.ExpectSamples((int)Math.Min(100_000, (to - from).Ticks / sampleInterval.Ticks + 2));
        var tally = new Tally(from, to, progress);
        foreach (var file in files)
        {
            using var reader = new RecordingReader(file);
            while (ReplayRecords(reader, run, market, tally, RecordSettled, cancellationToken) is { } wait)
            {
                await wait.ConfigureAwait(false);
            }
            if (reader.TornTail is { } torn) _logger.LogWarning("Recording file {File} ends early: {Why}", file, torn);
        }

        var result = await run.FinishAsync().ConfigureAwait(false);
        progress?.Report(1);
        return result with
        {
            From = tally.First ?? from,
            To = tally.Last ?? from,
            Records = tally.Records,
            BookMessages = tally.Books,
            TradeMessages = tally.Trades,
            Gaps = tally.Gaps,
        };
    }

    /// <summary>
    /// Replays the file's records up to its end or the end of the replayed time (null), or until a step has to wait: the
    /// task returned then finishes that record, and the caller calls again once it completed. In a backtest every step
    /// completes at once (the paper exchange runs its work inline, the strategy's callbacks do not wait), so records are
    /// replayed here straight from the reader's block, without an async state machine or a copy per record.
    /// </summary>
    private static Task? ReplayRecords(RecordingReader reader, Run run, ReplayMarketData market, Tally tally,
        Action<long, long, long>? settledHook, CancellationToken cancellationToken)
    {
        while (reader.TryRead(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = record.Arrival;
            if (at < tally.From) continue;
            if (at >= tally.To) return null;
            var advanced = run.AdvanceToAsync(at);
            if (!advanced.IsCompletedSuccessfully)
            {
                // The record's view lives in the reader's block and cannot cross an await: a copy of it can.
                return ApplyAfterAsync(advanced, record.Kind, record.PairIndex, record.Payload.ToArray(), at, run, market, tally, settledHook);
            }

            market.Apply(record.Kind, record.PairIndex, record.Payload);
            tally.Count(record.Kind, at);
            var settled = run.AfterRecordAsync();
            if (!settled.IsCompletedSuccessfully) return TellAfterAsync(settled, run, settledHook);
            settledHook?.Invoke(run.Requests, run.EventsHanded, run.TimedWork);
        }

        return null;
    }

    private static async Task ApplyAfterAsync(Task advanced, RecordKind kind, int pairIndex, byte[] payload, DateTimeOffset at, Run run,
        ReplayMarketData market, Tally tally, Action<long, long, long>? settledHook)
    {
        await advanced.ConfigureAwait(false);
        market.Apply(kind, pairIndex, payload);
        tally.Count(kind, at);
        await run.AfterRecordAsync().ConfigureAwait(false);
        settledHook?.Invoke(run.Requests, run.EventsHanded, run.TimedWork);
    }

    private static async Task TellAfterAsync(Task settled, Run run, Action<long, long, long>? settledHook)
    {
        await settled.ConfigureAwait(false);
        settledHook?.Invoke(run.Requests, run.EventsHanded, run.TimedWork);
    }

    /// <summary>What was replayed so far, and the progress told on the way.</summary>
    private sealed class Tally(DateTimeOffset from, DateTimeOffset to, IProgress<double>? progress)
    {
        private readonly double _span = (to - from).TotalSeconds;

        public DateTimeOffset From => from;

        public DateTimeOffset To => to;

        public long Records { get; private set; }

        public long Books { get; private set; }

        public long Trades { get; private set; }

        public long Gaps { get; private set; }

        public DateTimeOffset? First { get; private set; }

        public DateTimeOffset? Last { get; private set; }

        public void Count(RecordKind kind, DateTimeOffset at)
        {
            Records++;
            switch (kind)
            {
                case RecordKind.Book: Books++; break;
                case RecordKind.Trade: Trades++; break;
                case RecordKind.Gap: Gaps++; break;
            }
            First ??= at;
            Last = at;
            if ((Records & 1023) == 0) progress?.Report(Math.Clamp((at - from).TotalSeconds / _span, 0, 1));
        }
    }

    // The header (every file of a recording describes the same pairs) and the first and last arrival times: one reader
    // per file gives both ends (the last without decompressing every block; the replay reads them all once anyway).
    private static (RecordingHeader Header, DateTimeOffset First, DateTimeOffset Last) Survey(IReadOnlyList<string> files)
    {
        RecordingHeader? header = null;
        DateTimeOffset? first = null, last = null;
        foreach (var file in files)
        {
            using var reader = new RecordingReader(file);
            header ??= reader.Header;
            if (!reader.Header.Pairs.Select(p => p.Symbol).SequenceEqual(header.Pairs.Select(p => p.Symbol)))
                throw new RecordingFormatException(file, $"it records {string.Join(", ", reader.Header.Pairs.Select(p => p.Symbol))}, the others {string.Join(", ", header.Pairs.Select(p => p.Symbol))}: keep one recording per directory.");
            if (first is null && reader.TryRead(out var record)) first = record.Arrival;
            if (reader.TryReadLastArrival(out var arrival)) last = arrival;
        }
        if (first is null) throw new ExchangeValidationException("The recording holds no records yet.");
        return (header!, first.Value, last!.Value);
    }

    /// <summary>One replay in progress: the clock, the paper exchange, the driver and the samples.</summary>
    private sealed class Run
    {
        private readonly PaperExchange _paper;
        private readonly ReplayMarketData _market;
        private readonly StrategyDriver _driver;
        private readonly InMemoryStrategyStateStore _stateStore = new();
        private readonly ReplayClock _time;
        private readonly ConcurrentQueue<ExchangeEvent> _events;
        private readonly List<IOrderBookView> _watched = []; // in pair-name order
        private readonly bool[] _changed;                    // per watched book: changed since the strategy was told
        private int _changedCount;
        private readonly IOrderBookView? _pairView;
        private readonly List<BacktestSample> _samples = [];
        private readonly List<Fill> _fills = [];
        private readonly TimeSpan _tick;
        private readonly TimeSpan _sampleInterval;
        private readonly TradingPair _pair;
        private DateTimeOffset _nextTick;
        private DateTimeOffset _nextSample;
        private bool _started;
        private int _placed;
        private int _filled;
        private long _eventsHanded;
        private long _ticks;

        public Run(PaperExchange paper, ReplayMarketData market, Strategy strategy, StrategyHostOptions host, ReplayClock time,
            ConcurrentQueue<ExchangeEvent> events, TimeSpan sampleInterval, ILogger logger)
        {
            _paper = paper;
            _market = market;
            _time = time;
            _events = events;
            _pair = strategy.Pair;
            _tick = host.TickInterval;
            _sampleInterval = sampleInterval;
            _driver = new StrategyDriver(paper, strategy, host, _stateStore, time, logger);
            var pairs = market.Pairs.ToList();
            // In pair-name order, so a multi-pair replay hands the strategy its books the same way every run.
            foreach (var pair in strategy.WatchedPairs.Distinct().OrderBy(static p => p.ToString(), StringComparer.Ordinal))
            {
                int index = pairs.IndexOf(pair);
                if (index < 0) throw new ExchangeValidationException($"The strategy trades {pair}, and the recording holds only {string.Join(", ", market.Pairs)}.");
                var view = market.View(index);
                int watched = _watched.Count;
                view.Changed += (_, _) => MarkChanged(watched);
                _watched.Add(view);
            }
            _changed = new bool[_watched.Count];
            _pairView = pairs.IndexOf(_pair) is >= 0 and var own ? market.View(own) : null;
            _nextTick = time.GetUtcNow() + _tick;
            _nextSample = time.GetUtcNow();
        }

        public void ExpectSamples(int count) => _samples.Capacity = count;

        /// <summary>Order requests the strategy sent so far.</summary>
        public long Requests => _paper.RequestsTaken;

        /// <summary>Exchange events handed to the strategy so far.</summary>
        public long EventsHanded => _eventsHanded;

        /// <summary>Strategy ticks, report samples and state saves, so far: work paid per unit of replayed time.</summary>
        public long TimedWork => _ticks + _samples.Count + _stateStore.Saves;

        /// <summary>Moves the clock to <paramref name="at"/>, through every strategy tick and sample time on the way.</summary>
        /// <remarks>Not an async method (nor are the steps below): most records cross no tick, and their steps complete at once.</remarks>
        public Task AdvanceToAsync(DateTimeOffset at)
        {
            if (_started && _nextTick <= at) return TickThroughAsync(at);
            Move(at);
            return SettleAsync();
        }

        private async Task TickThroughAsync(DateTimeOffset at)
        {
            while (_started && _nextTick <= at)
            {
                Move(_nextTick);
                await SettleAsync().ConfigureAwait(false);
                _ticks++;
                await _driver.TickAsync().ConfigureAwait(false);
                await SettleAsync().ConfigureAwait(false);
                _nextTick += _tick;
            }
            Move(at);
            await SettleAsync().ConfigureAwait(false);
        }

        public Task AfterRecordAsync()
        {
            if (!_started && _watched.TrueForAll(static v => v.IsReady)) return StartThenSettleAsync();
            var settled = SettleAsync();
            if (!settled.IsCompletedSuccessfully) return SampleAfterAsync(settled);
            SampleIfDue();
            return Task.CompletedTask;
        }

        private async Task StartThenSettleAsync()
        {
            await _paper.FlushAsync().ConfigureAwait(false);
            await _driver.StartAsync().ConfigureAwait(false);
            _started = true;
            _nextTick = _time.GetUtcNow() + _tick;
            await SampleAfterAsync(SettleAsync()).ConfigureAwait(false);
        }

        private async Task SampleAfterAsync(Task settled)
        {
            await settled.ConfigureAwait(false);
            SampleIfDue();
        }

        private void SampleIfDue()
        {
            if (_started && _time.GetUtcNow() >= _nextSample)
            {
                Sample();
                _nextSample = _time.GetUtcNow() + _sampleInterval;
            }
        }

        private void MarkChanged(int watched)
        {
            if (!_changed[watched])
            {
                _changed[watched] = true;
                _changedCount++;
            }
        }

        public async Task<BacktestResult> FinishAsync()
        {
            string outcome;
            if (!_started)
            {
                outcome = "never started: the recording's books of the strategy's pairs never became ready";
            }
            else if (_driver.Status == StrategyStatus.Running || _driver.Status == StrategyStatus.Paused)
            {
                await _driver.StopAsync(cancelOrders: true, "end of the recording").ConfigureAwait(false);
                // Cancels land after the order latency.
                Move(_time.GetUtcNow() + TimeSpan.FromSeconds(10));
                await SettleAsync().ConfigureAwait(false);
                outcome = "ran to the end of the recording";
            }
            else
            {
                outcome = $"{_driver.Status.ToString().ToLowerInvariant()}: {_driver.Reason}";
            }
            if (_started) Sample();
            await _driver.DisposeAsync().ConfigureAwait(false);
            var equities = _samples.Where(s => s.Equity is not null).Select(s => s.Equity!.Value).ToList();
            return new BacktestResult
            {
                StrategyId = _driver.StrategyId, Kind = _driver.Strategy.Kind, Pair = _pair,
                From = default, To = default, Records = 0, BookMessages = 0, TradeMessages = 0, Gaps = 0,
                Pnl = _driver.Pnl.Snapshot(), OrdersPlaced = _placed, OrdersFilled = _filled,
                MaxDrawdown = BacktestFigures.MaxDrawdown(equities), Sharpe = BacktestFigures.AnnualizedSharpe(equities, _sampleInterval),
                Outcome = outcome, Fills = _fills, Samples = _samples,
            };
        }

        private void Move(DateTimeOffset at)
        {
            _time.MoveTo(at);
        }

        private void Sample()
        {
            var (held, quote) = _driver.Pnl.Holdings; // not State: that folds the moved mark into a new record
            var mid = _pairView?.MidPrice;
            _samples.Add(new BacktestSample(_time.GetUtcNow(), mid, mid is { } m ? quote + held * m : null, held));
        }

        // Lets the paper exchange finish what it was handed, then gives the strategy every event and book change, in
        // order, until neither has anything left: the end of one deterministic step. Synchronous while every step
        // completes at once; a step that has to wait is awaited and the loop starts again from the flush (what was
        // left to hand over is still queued or flagged, so it is handed over in the same order).
        private Task SettleAsync()
        {
            while (true)
            {
                var flushed = _paper.FlushAsync();
                if (!flushed.IsCompletedSuccessfully) return SettleAfterAsync(flushed);
                if (!_started)
                {
                    _events.Clear();
                    Array.Clear(_changed);
                    _changedCount = 0;
                    return Task.CompletedTask;
                }

                bool acted = false;
                while (Next() is { } e)
                {
                    Count(e);
                    _eventsHanded++;
                    acted = true;
                    var handled = _driver.OnExchangeEventAsync(e);
                    if (!handled.IsCompletedSuccessfully) return SettleAfterAsync(handled);
                }
                for (int i = 0; _changedCount > 0 && i < _changed.Length; i++)
                {
                    if (!_changed[i]) continue;
                    _changed[i] = false;
                    _changedCount--;
                    acted = true;
                    var told = _driver.BookChangedAsync(_watched[i].Pair);
                    if (!told.IsCompletedSuccessfully) return SettleAfterAsync(told);
                }
                while (_driver.HasPendingWork)
                {
                    acted = true;
                    var processed = _driver.ProcessPendingAsync();
                    if (!processed.IsCompletedSuccessfully) return SettleAfterAsync(processed);
                }
                if (!acted) return Task.CompletedTask;
            }
        }

        private async Task SettleAfterAsync(Task step)
        {
            await step.ConfigureAwait(false);
            await SettleAsync().ConfigureAwait(false);
        }

        private ExchangeEvent? Next()
        {
            return _events.TryDequeue(out var e) ? e : null;
        }

        private void Count(ExchangeEvent e)
        {
            switch (e)
            {
                case OrderCreated: _placed++; break;
                case OrderFilled: _filled++; break;
                case FillRecorded fill: _fills.Add(fill.Fill); break;
            }
        }
    }
}
