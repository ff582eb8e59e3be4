using System.Threading.Channels;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Strategies.Hosting;

/// <summary>
/// Runs a <see cref="StrategyDriver"/> live: a clock tick on the driver's <see cref="TimeProvider"/>, the exchange's
/// event stream, and change notifications of the watched books, all fed into one loop that calls the driver one input
/// at a time. Book changes and ticks are coalesced (a slow strategy sees the latest book, not a backlog), events are
/// kept in order. Pause, resume, stop and status reads go through the same loop, so they never race the strategy.
/// </summary>
/// <remarks>
/// Use: start the exchange, build the driver, <c>await using var runner = new StrategyRunner(driver, time)</c>,
/// <c>await runner.StartAsync()</c>; <see cref="Completion"/> ends when the strategy stops or fails.
/// A book change that finds the loop idle and nothing queued runs at once on the thread that raised it (the socket's
/// receive thread live) instead of waking the loop's thread: same one-at-a-time guarantee, no thread hop between a
/// book frame and the amend it causes. Turn it off with <c>runBookChangesInline: false</c>.
/// </remarks>
public sealed class StrategyRunner : IAsyncDisposable
{
    private readonly StrategyDriver _driver;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Input> _inputs = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<TradingPair, EventHandler> _bookHandlers = [];
    private readonly HashSet<TradingPair> _bookQueued = [];
    private readonly Lock _coalesce = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private Task? _loop;
    private Task? _events;
    private readonly bool _inline;
    private int _busy; // 1 while an input runs, on the loop or inline
    private int _queued; // inputs written and not yet taken by the loop
    private TaskCompletionSource? _inlineDone; // set while the loop (or a dispose) waits for the running input to end
    private bool _tickQueued;
    private bool _workQueued;

    /// <summary>Wraps <paramref name="driver"/>; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="driver">The strategy's driver (not started).</param>
    /// <param name="timeProvider">The clock for the tick timer: the driver's clock.</param>
    /// <param name="logger">Where loop failures are logged.</param>
    /// <param name="runBookChangesInline">Run a book change on the raising thread when the loop is idle (default).</param>
    public StrategyRunner(StrategyDriver driver, TimeProvider? timeProvider = null, ILogger? logger = null, bool runBookChangesInline = true)
    {
        ArgumentNullException.ThrowIfNull(driver);
        _driver = driver;
        _inline = runBookChangesInline;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The driver.</summary>
    public StrategyDriver Driver => _driver;

    /// <summary>Completes when the strategy stopped or failed (or the runner was disposed).</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Subscribes to the exchange's events (first, so nothing is missed), waits until every watched book is ready
    /// (bounded by <paramref name="readyTimeout"/>, default 30 s), starts the driver, then the tick timer and the loop.
    /// </summary>
    /// <exception cref="TimeoutException">A watched book did not become ready in time.</exception>
    public async Task StartAsync(TimeSpan? readyTimeout = null, CancellationToken cancellationToken = default)
    {
        _events = Task.Run(() => ReadEventsAsync(_stop.Token), CancellationToken.None);
        await WaitForBooksAsync(readyTimeout ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await _driver.StartAsync(cancellationToken).ConfigureAwait(false);
        _driver.WorkPosted += OnWorkPosted;
        foreach (var (pair, book) in _driver.Books)
        {
            EventHandler handler = (_, _) => OnBookChanged(pair);
            _bookHandlers[pair] = handler;
            book.Changed += handler;
        }

        var tick = _driver.Options.TickInterval;
        _timer = _time.CreateTimer(static state => ((StrategyRunner)state!).OnTick(), this, tick, tick);
        _loop = Task.Run(() => RunLoopAsync(_stop.Token), CancellationToken.None);
        if (_driver.Status is StrategyStatus.Failed or StrategyStatus.Stopped)
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Pauses: the strategy's orders are cancelled and it stops proposing.</summary>
    public Task PauseAsync(string? reason = null) => CommandAsync(ct => _driver.PauseAsync(reason, ct));

    /// <summary>Resumes quoting after a pause.</summary>
    public Task ResumeAsync() => CommandAsync(ct => _driver.ResumeAsync(ct));

    /// <summary>Stops the strategy (its orders cancelled unless <paramref name="cancelOrders"/> is false) and the loop.</summary>
    public Task StopAsync(bool cancelOrders = true, string? reason = null) =>
        CommandAsync(ct => _driver.StopAsync(cancelOrders, reason, ct));

    /// <summary>
    /// After a stop: counts fills of the strategy's orders reported since (an order filled while its cancel was on the
    /// way) and saves them. Call once the exchange has confirmed the orders gone.
    /// </summary>
    public Task CountLateFillsAsync() => CommandAsync(ct => _driver.CountLateFillsAsync(ct));

    /// <summary>
    /// Runs <paramref name="change"/> on the strategy's loop, between two inputs (never while the strategy is handling
    /// one): the way to change a running strategy, e.g. <see cref="MarketMaking.PureMarketMaking.UpdateConfig"/>. What it
    /// throws comes back here.
    /// </summary>
    public Task UpdateAsync(Action<Strategy> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return CommandAsync(_ =>
        {
            change(_driver.Strategy);
            return Task.CompletedTask;
        });
    }

    /// <summary>The strategy now, read on the loop.</summary>
    public async Task<StrategySnapshot> SnapshotAsync()
    {
        StrategySnapshot? snapshot = null;
        await CommandAsync(_ =>
        {
            snapshot = _driver.Snapshot();
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        return snapshot ?? _driver.Snapshot();
    }

    /// <summary>Stops the timer, the event reader and the loop; does not stop the strategy (call <see cref="StopAsync"/> first).</summary>
    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        foreach (var (pair, handler) in _bookHandlers)
        {
            _driver.Books[pair].Changed -= handler;
        }

        _driver.WorkPosted -= OnWorkPosted;
        await _stop.CancelAsync().ConfigureAwait(false);
        // A book change may still be running inline on another thread: let it finish before the driver goes.
        while (Volatile.Read(ref _busy) != 0)
        {
            await BusyEndedAsync().ConfigureAwait(false);
        }

        _inputs.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_events is not null)
        {
            await _events.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _driver.DisposeAsync().ConfigureAwait(false);
        _completion.TrySetResult();
        _stop.Dispose();
    }

    private async Task WaitForBooksAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waits = new List<Task>();
        foreach (var pair in _driver.Strategy.WatchedPairs)
        {
            var book = await _driver.Exchange.WatchOrderBookAsync(pair, _driver.Options.BookDepth, cancellationToken).ConfigureAwait(false);
            waits.Add(UntilReadyAsync(book, cancellationToken));
        }

        var all = Task.WhenAll(waits);
        try
        {
            await all.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"The books of {string.Join(", ", _driver.Strategy.WatchedPairs)} were not ready within {timeout.TotalSeconds:0} s: " +
                "check the market data connection (Readiness says which part is missing).");
        }
    }

    private static async Task UntilReadyAsync(IOrderBookView book, CancellationToken cancellationToken)
    {
        if (book.IsReady)
        {
            return;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler handler = (_, _) =>
        {
            if (book.IsReady)
            {
                ready.TrySetResult();
            }
        };
        book.Changed += handler;
        try
        {
            if (book.IsReady)
            {
                return;
            }

            await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            book.Changed -= handler;
        }
    }

    private async Task ReadEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in _driver.Exchange.Events(cancellationToken).ConfigureAwait(false))
            {
                Enqueue(new Input(InputKind.Event, change, null, null));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Strategy {Strategy}: the exchange's event stream failed; orders are read again on every tick", _driver.StrategyId);
        }
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var input in _inputs.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _queued);
                while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
                {
                    // A book change is running inline on another thread: wait for its end, signalled.
                    await BusyEndedAsync().ConfigureAwait(false);
                }

                try
                {
                    await HandleAsync(input, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ReleaseBusy();
                }

                CheckEnded();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Strategy {Strategy}: the host loop failed", _driver.StrategyId);
            _completion.TrySetException(e);
        }
    }

    private async Task HandleAsync(Input input, CancellationToken cancellationToken)
    {
        switch (input.Kind)
        {
            case InputKind.Tick:
                lock (_coalesce)
                {
                    _tickQueued = false;
                }

                await _driver.TickAsync(cancellationToken).ConfigureAwait(false);
                break;
            case InputKind.Book:
                lock (_coalesce)
                {
                    _bookQueued.Remove(input.Pair!);
                }

                await _driver.BookChangedAsync(input.Pair!, cancellationToken).ConfigureAwait(false);
                break;
            case InputKind.Event:
                await _driver.OnExchangeEventAsync(input.Event!, cancellationToken).ConfigureAwait(false);
                break;
            case InputKind.Work:
                lock (_coalesce)
                {
                    _workQueued = false;
                }

                await _driver.ProcessPendingAsync(cancellationToken).ConfigureAwait(false);
                break;
            case InputKind.Command:
                await input.Command!(cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task CommandAsync(Func<CancellationToken, Task> command)
    {
        if (_loop is null || _loop.IsCompleted)
        {
            await command(CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Run(CancellationToken ct)
        {
            try
            {
                await command(ct).ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }

        if (!Enqueue(new Input(InputKind.Command, null, null, Run)))
        {
            await command(CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await done.Task.ConfigureAwait(false);
    }

    private void OnTick()
    {
        lock (_coalesce)
        {
            if (_tickQueued)
            {
                return;
            }

            _tickQueued = true;
        }

        Enqueue(new Input(InputKind.Tick, null, null, null));
    }

    private bool Enqueue(Input input)
    {
        Interlocked.Increment(ref _queued);
        if (_inputs.Writer.TryWrite(input))
        {
            return true;
        }

        Interlocked.Decrement(ref _queued);
        return false;
    }

    private void CheckEnded()
    {
        if (_driver.Status is StrategyStatus.Stopped or StrategyStatus.Failed)
        {
            _timer?.Dispose();
            _completion.TrySetResult();
        }
    }

    private void OnBookChanged(TradingPair pair)
    {
        if (_inline && _loop is not null && !_stop.IsCancellationRequested && Volatile.Read(ref _queued) == 0
            && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            if (Volatile.Read(ref _queued) == 0 && RunInline(pair))
            {
                return;
            }

            ReleaseBusy();
        }

        lock (_coalesce)
        {
            if (!_bookQueued.Add(pair))
            {
                return;
            }
        }

        Enqueue(new Input(InputKind.Book, null, pair, null));
    }

    // Runs the book change on this thread; the caller holds _busy, released here when the input is done.
    private bool RunInline(TradingPair pair)
    {
        Task run;
        try
        {
            run = _driver.BookChangedAsync(pair, _stop.Token);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Strategy {Strategy}: handling a book change failed", _driver.StrategyId);
            ReleaseBusy();
            return true;
        }

        if (run.IsCompleted)
        {
            Finish(run);
            return true;
        }

        // It went asynchronous (e.g. waiting on a journal write): the loop waits for it before its next input.
        run.ContinueWith(static (task, state) => ((StrategyRunner)state!).Finish(task), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private void Finish(Task run)
    {
        if (run.Exception is { } error && !_stop.IsCancellationRequested)
        {
            _logger.LogError(error.GetBaseException(), "Strategy {Strategy}: handling a book change failed", _driver.StrategyId);
        }

        ReleaseBusy();
        CheckEnded();
    }

    // Ends an input (inline, or on the loop) and wakes whoever waits for that: the loop, or a dispose.
    private void ReleaseBusy()
    {
        Interlocked.Exchange(ref _busy, 0);
        Interlocked.Exchange(ref _inlineDone, null)?.TrySetResult();
    }

    // Completes once the input under way has ended (at once if none is): the waiter spins on no core, so it takes none
    // from the inline run it waits for (it used to spin through Task.Yield, a thread-pool thread kept busy while the bot reacted).
    private Task BusyEndedAsync()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = Interlocked.CompareExchange(ref _inlineDone, fresh, null) ?? fresh; // the loop and a dispose share one
        // Published before reading _busy: a run that ends after this read finds the signal and sets it.
        if (Volatile.Read(ref _busy) == 0)
        {
            Interlocked.Exchange(ref _inlineDone, null)?.TrySetResult();
            return Task.CompletedTask;
        }

        return done.Task;
    }

    private void OnWorkPosted()
    {
        lock (_coalesce)
        {
            if (_workQueued)
            {
                return;
            }

            _workQueued = true;
        }

        Enqueue(new Input(InputKind.Work, null, null, null));
    }

    private enum InputKind
    {
        Tick,
        Book,
        Event,
        Work,
        Command,
    }

    private sealed record Input(InputKind Kind, ExchangeEvent? Event, TradingPair? Pair, Func<CancellationToken, Task>? Command);
}
