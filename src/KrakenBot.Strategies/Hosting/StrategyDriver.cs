using System.Collections.Concurrent;
using System.Text.Json;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Pnl;
using KrakenBot.Strategies.Risk;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Strategies.Hosting;

/// <summary>
/// The deterministic core of the strategy host: it takes inputs (a tick, an exchange event, a book change, a pause or
/// stop) one at a time and runs the strategy for each, keeping its orders, P&amp;L, kill switch and persisted state in
/// step. It owns no thread and no timer: <see cref="StrategyRunner"/> feeds it from a clock and the exchange's events,
/// a backtester feeds it from its replay loop after each event, tests feed it by hand on a fake clock. Every method
/// must be called from one logical loop, never concurrently.
/// </summary>
/// <remarks>
/// Each input runs the same steps: answers to earlier amends and cancels are taken in; every order of the strategy is
/// read again from the exchange, so each new fill is counted once in P&amp;L and shown once to the strategy, and each
/// state change once (also after a gap in the event stream or a restart); the strategy's callback runs; the mark (mid)
/// moves the P&amp;L and the kill switch is checked; changed state is saved. An exchange that counts its order changes
/// (<see cref="IExchange.OrderChanges"/>) spares the reading when none happened since the last one, and a mid that did not
/// move is not marked again: a backtest gives the driver millions of book changes that touch neither.
/// Every input completes synchronously when the strategy's callbacks do (no state machine per input). A callback that throws stops the strategy:
/// its orders are cancelled, the exception's message recorded, and no callback runs again.
/// </remarks>
public sealed class StrategyDriver : IAsyncDisposable
{
    private readonly IExchange _exchange;
    private readonly StrategyHostOptions _options;
    private readonly IStrategyStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<Action> _completions = new();
    private readonly Dictionary<TradingPair, IOrderBookView> _books = [];
    private readonly StrategyStateBag _bag = new();
    private readonly PnlTracker _pnl;
    private readonly StrategyOrders _orders;
    private readonly StateWriter _writer;
    private readonly List<OwnedOrder> _syncBuffer = [];
    private readonly OwnedOrdersJson _ordersJson = new(); // the orders document, written after every amend
    private long _ordersReadAt = long.MinValue; // the exchange's order change count when every order was last read
    private bool _ordersMoved;                  // orders placed, amended, adopted or forgotten here since then
    private decimal? _markedMid;                // the mid of the last mark, and whether a fill came after it
    private bool _markStale = true;
    private DateTimeOffset? _earliestFinish;    // when the earliest finished order kept finished: none to forget before
    private IOrderBookView? _pairBook;          // the strategy's own pair's book (marked after every input)
    private StrategyContext? _context;
    private StrategyRunRecord? _run;
    private IAsyncDisposable? _deadMan;
    private bool _runDirty;
    private bool _ordersDirty;
    private bool _pnlDirty;
    private bool _pnlMarkDirty;
    private bool _marking; // inside AfterInputAsync's own Mark: a new peak alone is saved on the mark's schedule
    private DateTimeOffset _lastMarkSave;

    /// <summary>Builds a driver; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="exchange">A started exchange.</param>
    /// <param name="strategy">The strategy object (runs unchanged on any exchange).</param>
    /// <param name="options">Id, tick, kill switch, dead man's switch.</param>
    /// <param name="store">Where its state is kept.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">Where it logs.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public StrategyDriver(IExchange exchange, Strategy strategy, StrategyHostOptions options, IStrategyStateStore store,
        TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        _exchange = exchange;
        Strategy = strategy;
        _options = options;
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _pnl = new PnlTracker(strategy.Pair);
        _pnl.Changed += OnPnlChanged;
        _orders = new StrategyOrders(exchange, _time, StrategyIds.OrderTag(options.StrategyId), _logger, PostCompletion);
        _orders.Changed += () => _ordersDirty = _ordersMoved = true;
        _orders.ActionFailed += OnActionFailed;
        _writer = new StateWriter(store, options.StrategyId, _logger);
    }

    /// <summary>Raised (on any thread) when an answer to an amend or cancel arrived: call <see cref="ProcessPendingAsync"/> on the loop.</summary>
    public event Action? WorkPosted;

    /// <summary>The strategy.</summary>
    public Strategy Strategy { get; }

    /// <summary>The strategy's id.</summary>
    public string StrategyId => _options.StrategyId;

    /// <summary>The host options.</summary>
    public StrategyHostOptions Options => _options;

    /// <summary>The exchange.</summary>
    public IExchange Exchange => _exchange;

    /// <summary>Where it is in its life.</summary>
    public StrategyStatus Status { get; private set; } = StrategyStatus.NotStarted;

    /// <summary>Why it stopped, paused or failed.</summary>
    public string? Reason { get; private set; }

    /// <summary>Its P&amp;L.</summary>
    public PnlTracker Pnl => _pnl;

    /// <summary>Its orders.</summary>
    public StrategyOrders Orders => _orders;

    /// <summary>True when answers to amends or cancels wait to be processed.</summary>
    public bool HasPendingWork => !_completions.IsEmpty;

    /// <summary>The books watched for the strategy.</summary>
    public IReadOnlyDictionary<TradingPair, IOrderBookView> Books => _books;

    /// <summary>
    /// Watches the strategy's books, loads its state (or begins a new run, recording the start balances now), adopts
    /// its orders still on the exchange, arms the dead man's switch where the exchange has one, and starts the strategy.
    /// Fills that happened while the bot was down are counted. Call after the exchange is started.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started, or the stored state belongs to another strategy type or pair.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Status != StrategyStatus.NotStarted)
        {
            throw new InvalidOperationException($"Strategy {StrategyId} was already started (it is {Status}).");
        }

        foreach (var pair in Strategy.WatchedPairs)
        {
            _books[pair] = await _exchange.WatchOrderBookAsync(pair, _options.BookDepth, cancellationToken).ConfigureAwait(false);
        }

        _pairBook = _books.GetValueOrDefault(Strategy.Pair);

        if (_options.ResetState)
        {
            await _store.DeleteAsync(StrategyId, cancellationToken).ConfigureAwait(false);
        }

        var documents = await _store.LoadAsync(StrategyId, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var stored = Read<StrategyRunRecord>(documents, StrategyDocuments.Run);
        if (stored is not null && (stored.Kind != Strategy.Kind || stored.Pair != Strategy.Pair.ToString()))
        {
            throw new InvalidOperationException(
                $"The stored state of strategy '{StrategyId}' is for {stored.Kind} on {stored.Pair}, not {Strategy.Kind} on {Strategy.Pair}: " +
                "use another strategy id, or start with a reset to begin a new run.");
        }

        if (stored is not null && Read<PnlState>(documents, StrategyDocuments.Pnl) is { } pnl)
        {
            _pnl.Restore(pnl);
        }
        else
        {
            stored = null; // a run without its P&L figures cannot be resumed: begin again
            _pnl.Begin(Total(Strategy.Pair.Base), Total(Strategy.Pair.Quote), PairMid(), now);
        }

        RestoreOrders(Read<List<OwnedOrderRecord>>(documents, StrategyDocuments.Orders) ?? []);
        AdoptOrdersPlacedAfterTheLastSave(documents.TryGetValue(StrategyDocuments.OrdersSavedAt, out var savedAt)
            ? JsonSerializer.Deserialize<DateTimeOffset>(savedAt, StateJson.Options) : null);
        AdoptTaggedOpenOrders();
        _bag.Load(documents);

        bool resumePaused = stored?.Status == StrategyStatus.Paused;
        _run = stored is null
            ? new StrategyRunRecord(StrategyRunRecord.CurrentLayout, StrategyId, Strategy.Kind, _exchange.Name, Strategy.Pair.ToString(),
                now, now, StrategyStatus.Running, null, null)
            : stored with { LastStartedAt = now, Exchange = _exchange.Name, Status = resumePaused ? StrategyStatus.Paused : StrategyStatus.Running, Reason = resumePaused ? stored.Reason : null, StoppedAt = null };
        _runDirty = true;
        Status = resumePaused ? StrategyStatus.Paused : StrategyStatus.Running;
        Reason = resumePaused ? stored!.Reason : null;

        if (_options.DeadManSwitchTimeout is { } timeout && _exchange is IDeadManSwitchControl deadMan && !resumePaused)
        {
            _deadMan = await deadMan.ArmDeadManSwitchAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

        _context = new StrategyContext(StrategyId, _exchange, _time, _logger, _orders, _bag, _pnl, _books, _options);
        Strategy.Attach(_context);
        Save();
        await _writer.FlushAsync().ConfigureAwait(false);
        if (await GuardAsync(new Input(Callback.Start), cancellationToken).ConfigureAwait(false))
        {
            await AfterInputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A clock tick: the strategy's <see cref="Strategy.OnTickAsync"/> while running.</summary>
    public Task TickAsync(CancellationToken cancellationToken = default) =>
        RunInputAsync(new Input(Callback.Tick), cancellationToken);

    /// <summary>A watched book changed (one call may stand for several updates).</summary>
    public Task BookChangedAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
        RunInputAsync(new Input(Callback.BookChanged, pair), cancellationToken);

    /// <summary>
    /// An event from <see cref="IExchange.Events"/>: the strategy's own orders are read again (and orders carrying its
    /// tag adopted); other events go to <see cref="Strategy.OnExchangeEventAsync"/>.
    /// </summary>
    public async Task OnExchangeEventAsync(ExchangeEvent change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!IsActive)
        {
            return;
        }

        var order = OrderOf(change);
        if (order is not null)
        {
            if (!order.IsReadOnly && _orders.Find(order.ClientOrderId) is null && _orders.IsOurs(order))
            {
                _orders.Adopt(order, "adopted", order.UpdatedAt);
            }

            await RunInputAsync(default, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (change is FillRecorded recorded && recorded.Fill.ClientOrderId is { } id && _orders.Find(id) is null
            && _exchange.GetOrder(id) is { } tracked && _orders.IsOurs(tracked))
        {
            _orders.Adopt(tracked, "adopted", tracked.UpdatedAt);
        }

        // After a reconciliation, or an event this driver does not know (e.g. the stream's signal that this reader
        // missed events), open orders are read again: orders carrying the strategy's tag are adopted, and the sync below
        // reads every own order's fills and state whatever events were missed.
        if (change is ReconciliationCompleted || change is not (BalanceChanged or MarketStatusChanged or TradingRuleChanged or FillRecorded))
        {
            AdoptTaggedOpenOrders();
        }

        bool forStrategy = change is not (FillRecorded or OrderCreated or OrderPartiallyFilled or OrderFilled or OrderCancelled
            or OrderExpired or OrderFailed or OrderAmended);
        await RunInputAsync(forStrategy && Status == StrategyStatus.Running ? new Input(Callback.ExchangeEvent, Change: change) : default,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The event stream had a gap (the reader fell behind): open orders carrying the strategy's tag are adopted and every
    /// order of the strategy is read again, so nothing missed is lost.
    /// </summary>
    public Task ResyncAsync(CancellationToken cancellationToken = default)
    {
        if (IsActive)
        {
            AdoptTaggedOpenOrders();
        }

        return RunInputAsync(default, cancellationToken);
    }

    /// <summary>Takes in answers to amends and cancels that arrived since the last input.</summary>
    public Task ProcessPendingAsync(CancellationToken cancellationToken = default) => RunInputAsync(default, cancellationToken);

    /// <summary>Cancels the strategy's orders and stops proposing until <see cref="ResumeAsync"/>; fills are still followed.</summary>
    public async Task PauseAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        if (Status != StrategyStatus.Running)
        {
            return;
        }

        Status = StrategyStatus.Paused;
        Reason = reason ?? "paused";
        SetRun(StrategyStatus.Paused, Reason, null);
        await _orders.CancelAllAsync(cancellationToken).ConfigureAwait(false);
        if (await GuardAsync(new Input(Callback.Paused), cancellationToken).ConfigureAwait(false))
        {
            await AfterInputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Quotes again after a pause.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        if (Status != StrategyStatus.Paused)
        {
            return;
        }

        Status = StrategyStatus.Running;
        Reason = null;
        SetRun(StrategyStatus.Running, null, null);
        if (_deadMan is null && _options.DeadManSwitchTimeout is { } timeout && _exchange is IDeadManSwitchControl deadMan)
        {
            _deadMan = await deadMan.ArmDeadManSwitchAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

        if (await GuardAsync(new Input(Callback.Resumed), cancellationToken).ConfigureAwait(false))
        {
            await AfterInputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the strategy: <see cref="Strategy.OnStopAsync"/>, then its orders are cancelled (unless
    /// <paramref name="cancelOrders"/> is false), the dead man's switch disarmed and the state saved.
    /// </summary>
    public async Task StopAsync(bool cancelOrders = true, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (!IsActive)
        {
            return;
        }

        var was = Status;
        Status = StrategyStatus.Stopped;
        Reason = reason ?? "stopped";
        if (was == StrategyStatus.Running || was == StrategyStatus.Paused)
        {
            try
            {
                await Strategy.OnStopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Strategy {Strategy} failed while stopping", StrategyId);
                Reason = $"{Reason}; stopping failed: {e.Message}";
            }
        }

        await EndAsync(cancelOrders, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The strategy now, for status displays. Call on the loop.</summary>
    public StrategySnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        var views = new List<OwnedOrderView>();
        foreach (var order in _orders.Open)
        {
            views.Add(new OwnedOrderView(order.ClientOrderId, order.Label, order.Side, order.Price, order.Order.Request.Amount,
                order.RemainingAmount, order.Order.State, order.AgeAt(now), order.Pending));
        }

        object? details = null;
        IReadOnlyList<string> warnings = [];
        if (_context is not null)
        {
            try
            {
                details = Strategy.StatusDetails();
                warnings = Strategy.Warnings;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                warnings = [$"status details unavailable: {e.Message}"];
            }
        }

        // A running strategy that cannot place orders now says why (the journal is unreachable).
        string? reason = Status == StrategyStatus.Running ? _orders.PlacingBlocked ?? _writer.Unavailable ?? Reason : Reason;
        return new StrategySnapshot(StrategyId, Strategy.Kind, _exchange.Name, Strategy.Pair, Status, reason, _run?.StartedAt, now,
            _pnl.Snapshot(), views, warnings, details);
    }

    /// <summary>
    /// Completes once every state change made so far is on disk, a new peak waiting for its
    /// <see cref="StrategyHostOptions.MarkSaveInterval"/> included. Changes are written in the background so the loop
    /// never waits on a disk sync; stop and failure flush by themselves. Call it between inputs, not while one runs.
    /// </summary>
    /// <exception cref="InvalidOperationException">A write failed (the strategy fails on its next input too).</exception>
    public Task FlushStateAsync()
    {
        if (_pnlMarkDirty)
        {
            _pnlDirty = true;
            Save();
        }

        return _writer.FlushAsync();
    }

    /// <summary>Disarms the dead man's switch if still armed. Does not cancel orders (use <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_deadMan is not null)
        {
            await _deadMan.DisposeAsync().ConfigureAwait(false);
            _deadMan = null;
        }
    }

    private bool IsActive => Status is StrategyStatus.Running or StrategyStatus.Paused;

    // Not an async method: a backtest runs one input per record, and only a callback that really waits needs the state
    // machine of RunInputSlowAsync.
    private Task RunInputAsync(Input input, CancellationToken cancellationToken)
    {
        if (!IsActive)
        {
            return Task.CompletedTask;
        }

        if (OrdersMayHaveChanged())
        {
            var synced = GuardAsync(new Input(Callback.Sync), cancellationToken);
            if (!synced.IsCompletedSuccessfully)
            {
                return RunInputSlowAsync(synced, input, cancellationToken);
            }

            if (!synced.Result)
            {
                return Task.CompletedTask;
            }
        }

        if (input.Callback != Callback.None && Status == StrategyStatus.Running)
        {
            var called = GuardAsync(input, cancellationToken);
            if (!called.IsCompletedSuccessfully)
            {
                return RunInputSlowAsync(called, default, cancellationToken);
            }

            if (!called.Result)
            {
                return Task.CompletedTask;
            }
        }

        return AfterInputAsync(cancellationToken);
    }

    // The rest of an input once a step did not complete at once: that step is awaited, then the callback (if still to
    // run) and the after-input step.
    private async Task RunInputSlowAsync(ValueTask<bool> pending, Input input, CancellationToken cancellationToken)
    {
        if (!await pending.ConfigureAwait(false))
        {
            return;
        }

        if (input.Callback != Callback.None && Status == StrategyStatus.Running && !await GuardAsync(input, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await AfterInputAsync(cancellationToken).ConfigureAwait(false);
    }

    // False only when the exchange counts its order changes, none happened since every order was last read, and nothing
    // here changed the set of orders or awaits processing: reading them again would find what was read then.
    private bool OrdersMayHaveChanged() =>
        _exchange.OrderChanges is not { } changes || changes != _ordersReadAt || _ordersMoved || !_completions.IsEmpty;

    // Answers to amends and cancels, then every order read again: fills first (each once), then the state change.
    private async ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        // Read before the orders: a change while they are read makes the next input read them again.
        long changes = _exchange.OrderChanges ?? long.MinValue;
        _ordersMoved = false;
        while (_completions.TryDequeue(out var completion))
        {
            completion();
        }

        _syncBuffer.Clear();
        _syncBuffer.AddRange(_orders.All); // callbacks may place orders: iterate a copy
        foreach (var owned in _syncBuffer)
        {
            if (owned.FinishedAt is not null && owned.IsTerminal && _exchange.GetOrder(owned.ClientOrderId) is { } done
                && done.Fills.Count == owned.AppliedTrades.Count)
            {
                continue;
            }

            var latest = _exchange.GetOrder(owned.ClientOrderId);
            if (latest is null)
            {
                continue;
            }

            var previous = owned.Order.State;
            foreach (var fill in latest.Fills)
            {
                if (CountFill(owned, fill))
                {
                    owned.Order = latest;
                    await Strategy.OnFillAsync(owned, fill, cancellationToken).ConfigureAwait(false);
                }
            }

            owned.Order = latest;
            MarkFinishedIfTerminal(owned);
            if (previous != latest.State)
            {
                await Strategy.OnOrderChangedAsync(owned, previous, cancellationToken).ConfigureAwait(false);
            }
        }

        _ordersReadAt = changes;
    }

    private void OnPnlChanged()
    {
        if (!_marking)
        {
            _pnlDirty = _markStale = true; // a fill (or a mark outside the loop's own): saved with this input
        }
    }

    // Not an async method: it runs after every input (every record of a replay) and only its rare endings wait.
    private Task AfterInputAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // The same mid with no fill since marks nothing new (the P&L's peak and start are moved by a new mid or a fill).
        if (PairMid() is { } mid && (_markStale || mid != _markedMid))
        {
            _markedMid = mid;
            _markStale = false;
            _marking = true;
            try
            {
                if (_pnl.Mark(mid, out bool starting))
                {
                    // The first mid sets the run's start figures: saved now. A new peak alone: at most every
                    // MarkSaveInterval (a backtest's mid makes a new high on many of its records).
                    _pnlDirty |= starting;
                    _pnlMarkDirty = true;
                }
            }
            finally
            {
                _marking = false;
            }
        }

        if (_earliestFinish is { } earliest && earliest < now - _options.FinishedOrderGrace)
        {
            _earliestFinish = _orders.ForgetFinished(now - _options.FinishedOrderGrace);
        }
        bool killSwitchOn = _options.KillSwitch.Return is not null || _options.KillSwitch.Drawdown is not null;
        if (killSwitchOn && Status == StrategyStatus.Running && KillSwitch.Check(_options.KillSwitch, _pnl.Snapshot()) is { } reason)
        {
            _logger.LogWarning("Strategy {Strategy}: {Reason}", StrategyId, reason);
            return _options.KillSwitch.Action == KillSwitchAction.Pause
                ? PauseAsync(reason, cancellationToken)
                : StopAsync(cancelOrders: true, reason, cancellationToken);
        }

        if (_writer.Failure is { } failure)
        {
            // Without its state on disk a restart could not resume it faithfully: stop rather than trade on.
            return FailAsync(new InvalidOperationException($"the strategy's state could not be saved: {failure.Message}", failure), cancellationToken);
        }

        Save();
        return Task.CompletedTask;
    }

    private void Save()
    {
        var now = _time.GetUtcNow();
        bool markDue = _pnlMarkDirty && now - _lastMarkSave >= _options.MarkSaveInterval;
        if (!_runDirty && !_ordersDirty && !_pnlDirty && !markDue && !_bag.IsDirty)
        {
            return;
        }

        var changes = _writer.NewChanges();
        if (_runDirty && _run is not null)
        {
            changes[StrategyDocuments.Run] = JsonSerializer.Serialize(_run, StateJson.Options);
        }

        if (_pnlDirty || markDue || _pnlMarkDirty)
        {
            if (_pnlDirty || markDue)
            {
                changes[StrategyDocuments.Pnl] = JsonSerializer.Serialize(_pnl.State, StateJson.Options);
                _lastMarkSave = now;
                _pnlMarkDirty = false;
            }
        }

        if (_ordersDirty)
        {
            changes[StrategyDocuments.Orders] = _ordersJson.Orders(_orders.All);
            changes[StrategyDocuments.OrdersSavedAt] = _ordersJson.Time(now);
        }

        _bag.DrainChanges(changes);
        if (changes.Count == 0)
        {
            _writer.GiveBack(changes);
            return;
        }

        _writer.Enqueue(changes);
        _runDirty = _ordersDirty = _pnlDirty = false;
    }

    // What one input hands the strategy: a value, not a closure per input (a replay makes one per record).
    private enum Callback
    {
        None,
        Sync,
        Start,
        Tick,
        BookChanged,
        ExchangeEvent,
        Paused,
        Resumed,
    }

    private readonly record struct Input(Callback Callback, TradingPair? Pair = null, ExchangeEvent? Change = null);

    private ValueTask InvokeAsync(Input input, CancellationToken cancellationToken) => input.Callback switch
    {
        Callback.Sync => SyncAsync(cancellationToken),
        Callback.Start => Strategy.OnStartAsync(cancellationToken),
        Callback.Tick => Strategy.OnTickAsync(cancellationToken),
        Callback.BookChanged => Strategy.OnBookChangedAsync(input.Pair!, cancellationToken),
        Callback.ExchangeEvent => Strategy.OnExchangeEventAsync(input.Change!, cancellationToken),
        Callback.Paused => Strategy.OnPausedAsync(cancellationToken),
        Callback.Resumed => Strategy.OnResumedAsync(cancellationToken),
        _ => ValueTask.CompletedTask,
    };

    // Runs a strategy callback; a throw fails the strategy. False when it failed. Completes at once (no state machine)
    // when the callback did.
    private ValueTask<bool> GuardAsync(Input input, CancellationToken cancellationToken)
    {
        ValueTask call;
        try
        {
            call = InvokeAsync(input, cancellationToken);
        }
        catch (Exception e)
        {
            call = ValueTask.FromException(e); // a callback that threw before returning: handled as one that failed
        }

        if (call.IsCompletedSuccessfully)
        {
            call.GetAwaiter().GetResult(); // ends the ValueTask's use (a pooled source may be reused)
            return new ValueTask<bool>(IsActive);
        }

        return new ValueTask<bool>(GuardSlowAsync(call, cancellationToken));
    }

    private async Task<bool> GuardSlowAsync(ValueTask call, CancellationToken cancellationToken)
    {
        try
        {
            await call.ConfigureAwait(false);
            return IsActive;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            await FailAsync(e, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task FailAsync(Exception error, CancellationToken cancellationToken)
    {
        if (!IsActive)
        {
            return;
        }

        _logger.LogError(error, "Strategy {Strategy} failed and is stopped; its orders are cancelled", StrategyId);
        Status = StrategyStatus.Failed;
        Reason = $"{error.GetType().Name}: {error.Message}";
        await EndAsync(cancelOrders: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task EndAsync(bool cancelOrders, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        SetRun(Status, Reason, now);
        if (cancelOrders)
        {
            try
            {
                await _orders.CancelAllAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Strategy {Strategy}: cancelling its orders failed", StrategyId);
            }
        }

        // Only once the cancels are sent: the switch is the last guard of orders left on the book.
        await DisposeAsync().ConfigureAwait(false);
        try
        {
            while (_completions.TryDequeue(out var completion))
            {
                completion();
            }

            CountNewFills();
            if (PairMid() is { } mid)
            {
                _pnl.Mark(mid);
            }

            _pnlDirty = true;
            Save();
            await _writer.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Strategy {Strategy}: saving its final state failed", StrategyId);
        }
    }

    /// <summary>
    /// After the strategy ended: counts the fills the exchange reported since for its orders (an order the market filled
    /// while its cancel was on the way) and saves them. Call once the exchange has confirmed the orders gone, so the last
    /// fills of a run are never left out of its P&amp;L.
    /// </summary>
    public async Task CountLateFillsAsync(CancellationToken cancellationToken = default)
    {
        if (IsActive || _run is null || !CountNewFills())
        {
            return;
        }

        if (PairMid() is { } mid)
        {
            _pnl.Mark(mid);
        }

        Save();
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    // The exchange's fills of the strategy's orders not counted yet, counted without the strategy's callbacks (it has
    // ended); true when any order changed.
    private bool CountNewFills()
    {
        foreach (var owned in _orders.All)
        {
            if (_exchange.GetOrder(owned.ClientOrderId) is not { } latest)
            {
                continue;
            }

            foreach (var fill in latest.Fills)
            {
                if (CountFill(owned, fill))
                {
                    _logger.LogInformation("Strategy {Strategy}: fill {Trade} of its order {Order} reported after it stopped; counted",
                        StrategyId, fill.TradeId, owned.ClientOrderId);
                }
            }

            owned.Order = latest;
            MarkFinishedIfTerminal(owned);
        }

        return _ordersDirty;
    }

    // One fill of an order into the run's P&L, once per trade id (the socket and a reconciliation may both report it).
    private bool CountFill(OwnedOrder owned, Fill fill)
    {
        if (!owned.AppliedTrades.Add(fill.TradeId))
        {
            return false;
        }

        if (fill.Pair == _pnl.Pair)
        {
            _pnl.Apply(fill);
        }

        _ordersDirty = true;
        return true;
    }

    private void MarkFinishedIfTerminal(OwnedOrder owned)
    {
        if (owned.Order.IsTerminal && owned.FinishedAt is null)
        {
            owned.FinishedAt = _time.GetUtcNow();
            _ordersDirty = true;
            NoteFinished(owned.FinishedAt.Value);
        }
    }

    private void NoteFinished(DateTimeOffset at)
    {
        if (_earliestFinish is null || at < _earliestFinish)
        {
            _earliestFinish = at;
        }
    }

    private void SetRun(StrategyStatus status, string? reason, DateTimeOffset? stoppedAt)
    {
        if (_run is not null)
        {
            _run = _run with { Status = status, Reason = reason, StoppedAt = stoppedAt };
            _runDirty = true;
        }
    }

    private void RestoreOrders(List<OwnedOrderRecord> records)
    {
        foreach (var record in records)
        {
            var order = _exchange.GetOrder(record.ClientOrderId);
            if (order is null)
            {
                if (record.FinishedAt is null)
                {
                    _logger.LogWarning("Strategy {Strategy}: its order {Order} is unknown to {Exchange}; it is dropped from its state",
                        StrategyId, record.ClientOrderId, _exchange.Name);
                }

                continue;
            }

            var owned = _orders.Adopt(order, record.Label, record.QuotedAt);
            owned.FinishedAt = record.FinishedAt;
            if (record.FinishedAt is { } finished)
            {
                NoteFinished(finished);
            }

            owned.Order = TrackedAsStored(owned, record);
            foreach (string trade in record.AppliedTrades)
            {
                owned.AppliedTrades.Add(trade);
            }
        }

        _ordersDirty = true;
    }

    // The order as the strategy last knew it: its state changes since then are reported by the first sync.
    private static TrackedOrder TrackedAsStored(OwnedOrder owned, OwnedOrderRecord record) =>
        record.FinishedAt is null && owned.Order.IsTerminal ? Reopened(owned.Order) : owned.Order;

    private static TrackedOrder Reopened(TrackedOrder terminal) =>
        TrackedOrder.Create(terminal.ClientOrderId, terminal.Request, terminal.CreatedAt).TransitionTo(OrderState.Open, terminal.CreatedAt);

    // A crash between a placement and the next write of the orders document loses the order from the state; if it then
    // finished while the program was down (filled by the market), it is not open to adopt, and its fills would never be
    // counted. The exchange still knows it: taken back as last known open, the first sync counts its fills once.
    private void AdoptOrdersPlacedAfterTheLastSave(DateTimeOffset? savedAt)
    {
        if (savedAt is not { } cutoff)
        {
            return; // no orders written yet (or state from before this document): open ones are adopted below
        }

        foreach (var order in _exchange.OrdersTagged(_orders.Tag))
        {
            if (order.IsReadOnly || !order.IsTerminal || order.CreatedAt < cutoff || _orders.Find(order.ClientOrderId) is not null)
            {
                continue;
            }

            _logger.LogInformation("Strategy {Strategy} takes back its order {Order}, placed just before it last stopped and {State} since",
                StrategyId, order.ClientOrderId, order.State);
            var owned = _orders.Adopt(order, "adopted", order.CreatedAt);
            owned.Order = Reopened(order);
        }
    }

    private void AdoptTaggedOpenOrders()
    {
        foreach (var order in _exchange.OpenOrders)
        {
            if (!order.IsReadOnly && _orders.Find(order.ClientOrderId) is null && _orders.IsOurs(order))
            {
                _logger.LogInformation("Strategy {Strategy} adopts its order {Order} found on {Exchange}", StrategyId, order.ClientOrderId, _exchange.Name);
                _orders.Adopt(order, "adopted", order.UpdatedAt);
            }
        }
    }

    private void OnActionFailed(OwnedOrder order, OrderAction action, Exception error)
    {
        if (Status != StrategyStatus.Running)
        {
            return;
        }

        try
        {
            Strategy.OnOrderActionFailed(order, action, error);
        }
        catch (Exception e)
        {
            // Failing needs the loop: record it and let the next input stop the strategy.
            _completions.Enqueue(() => throw new InvalidOperationException($"OnOrderActionFailed threw: {e.Message}", e));
        }
    }

    private void PostCompletion(Action completion)
    {
        _completions.Enqueue(completion);
        WorkPosted?.Invoke();
    }

    private decimal Total(string asset) => _exchange.Balances.TryGetValue(asset, out var b) ? b.Total : 0m;

    // The strategy's own pair's mid, from its book kept apart (it is read after every input): null while not watched or ready.
    private decimal? PairMid() => _pairBook is { IsReady: true } book ? book.MidPrice : null;

    private static TrackedOrder? OrderOf(ExchangeEvent change) => change switch
    {
        OrderCreated e => e.Order,
        OrderPartiallyFilled e => e.Order,
        OrderFilled e => e.Order,
        OrderCancelled e => e.Order,
        OrderExpired e => e.Order,
        OrderFailed e => e.Order,
        OrderAmended e => e.Order,
        _ => null,
    };

    private static T? Read<T>(IReadOnlyDictionary<string, string> documents, string name) =>
        documents.TryGetValue(name, out var json) ? JsonSerializer.Deserialize<T>(json, StateJson.Options) : default;
}
