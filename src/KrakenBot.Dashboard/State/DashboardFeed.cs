using System.Collections.Concurrent;
using System.Threading.Channels;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Dashboard.State;

/// <summary>
/// Turns the bot into a stream of state documents (JSON) for the page: rebuilt when the book moves, an event arrives
/// (a fill at once) or each second (ages, equity curve), at most every <see cref="MinInterval"/>, and pushed to every
/// subscriber. A slow page only ever misses intermediate states: each subscriber holds the latest one.
/// </summary>
public sealed class DashboardFeed : IAsyncDisposable
{
    /// <summary>Least time between two state documents.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private const int FillsKept = 200;

    private readonly DashboardSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<Channel<string>, byte> _subscribers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly LinkedList<Fill> _fills = new();
    private readonly HashSet<string> _ownOrders = new(StringComparer.Ordinal);
    private readonly EquityCurve _equity = new();
    private readonly HealthCounters _health = new();
    private readonly string? _tag;
    private IOrderBookView? _book;
    private ITimer? _timer;
    private Task? _loop;
    private Task? _events;
    private volatile string _latest = "{}";

    /// <summary>Builds the feed; nothing runs until <see cref="StartAsync"/>.</summary>
    public DashboardFeed(DashboardSource source, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _tag = source.Runner is { } runner ? StrategyIds.OrderTag(runner.Driver.StrategyId) : null;
        foreach (var fill in source.EarlierFills.Take(FillsKept)) _fills.AddLast(fill);
    }

    /// <summary>The pair shown: the strategy's, or the one given.</summary>
    public TradingPair? Pair => _source.Runner?.Driver.Strategy.WatchedPairs.FirstOrDefault() ?? _source.Pair;

    /// <summary>The latest state document.</summary>
    public string Latest => _latest;

    /// <summary>The source (for controls).</summary>
    public DashboardSource Source => _source;

    /// <summary>Starts following the book and the exchange's events, and builds the first state.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var pair = Pair;
        if (pair is not null)
        {
            _book = _source.Runner?.Driver.Books.GetValueOrDefault(pair)
                ?? await _source.Exchange.WatchOrderBookAsync(pair, Math.Max(10, _source.BookLevels), cancellationToken).ConfigureAwait(false);
            _book.Changed += OnBookChanged;
        }

        _events = Task.Run(() => ReadEventsAsync(_stop.Token), CancellationToken.None);
        await RefreshAsync().ConfigureAwait(false);
        _timer = _time.CreateTimer(static s => ((DashboardFeed)s!).Poke(), this, SampleInterval, SampleInterval);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// A reader of state documents: the latest at once, then each new one. A reader that falls behind gets only the
    /// newest. Ends when <paramref name="cancellationToken"/> fires or the feed is disposed.
    /// </summary>
    public async IAsyncEnumerable<string> Subscribe([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[channel] = 0;
        channel.Writer.TryWrite(_latest);
        try
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            while (true)
            {
                string next;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(both.Token).ConfigureAwait(false)) yield break;
                    if (!channel.Reader.TryRead(out next!)) continue;
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                yield return next;
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }

    /// <summary>Asks for a fresh state soon (after a control acted, for instance).</summary>
    public void Poke() => _signal.Writer.TryWrite(true);

    /// <summary>Stops following; subscribers end.</summary>
    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        if (_book is not null) _book.Changed -= OnBookChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        _signal.Writer.TryComplete();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_events is not null) await _events.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var channel in _subscribers.Keys) channel.Writer.TryComplete();
        _stop.Dispose();
    }

    private void OnBookChanged(object? sender, EventArgs e) => Poke();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _signal.Reader.TryRead(out _);
                await RefreshAsync().ConfigureAwait(false);
                await Task.Delay(MinInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            StrategySnapshot? snapshot = _source.Runner is { } runner ? await runner.SnapshotAsync().ConfigureAwait(false) : null;
            var now = _time.GetUtcNow();
            string document;
            lock (_gate)
            {
                _health.ObserveBook(_book?.IsReady ?? false);
                if (snapshot?.Pnl.Equity is { } equity && (_equity.LastTime is not { } last || now - last >= SampleInterval || _equity.Points[^1].Equity != equity))
                    _equity.Add(now, equity);
                document = DashboardStateWriter.Write(new DashboardStateInput(_source, Pair, snapshot, _book, _fills, _equity, _health, now));
            }

            if (document == _latest) return;
            _latest = document;
            foreach (var channel in _subscribers.Keys) channel.Writer.TryWrite(document);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "Dashboard: building the state failed; the page keeps the previous one");
        }
    }

    private async Task ReadEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in _source.Exchange.Events(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate) Apply(change);
                Poke();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Dashboard: the exchange's event stream ended; fills are no longer shown live");
        }
    }

    private void Apply(ExchangeEvent change)
    {
        switch (change)
        {
            case FillRecorded { Fill: var fill } when IsShown(fill):
                _fills.AddFirst(fill);
                if (_fills.Count > FillsKept) _fills.RemoveLast();
                break;
            case ReconciliationCompleted done:
                _health.LastReconciliation = done;
                break;
            case EventsOverflowed overflowed:
                _health.EventsMissed += overflowed.Missed;
                break;
            case OrderCreated { Order: var order }:
                Remember(order);
                break;
            case OrderAmended { Order: var order }:
                Remember(order);
                break;
        }
    }

    private void Remember(TrackedOrder order)
    {
        if (_tag is not null && order.Request.ClientTag == _tag) _ownOrders.Add(order.ClientOrderId);
    }

    // A strategy's dashboard shows the strategy's fills; an account's shows every fill (of the pair, when one is given).
    private bool IsShown(Fill fill)
    {
        if (Pair is { } pair && fill.Pair != pair) return false;
        if (_tag is null) return true;
        if (fill.ClientOrderId is not { } id) return false;
        if (_ownOrders.Contains(id)) return true;
        return _source.Exchange.GetOrder(id)?.Request.ClientTag == _tag;
    }
}
