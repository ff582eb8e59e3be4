using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Runs a job one at a time in the background when asked, and on an interval. Requests that arrive while it waits or
/// runs are merged into one more run (their reasons joined), so a burst of triggers costs one run, never a queue.
/// A short settle delay lets a burst (e.g. reordered messages that fix themselves) arrive before the run.
/// </summary>
internal sealed class CoalescingWorker : IAsyncDisposable
{
    private readonly Func<string, CancellationToken, Task> _job;
    private readonly TimeSpan _settle;
    private readonly TimeSpan? _interval;
    // Least time from the start of one run to the start of the next: bounds what the job spends of a rate budget.
    private readonly TimeSpan _minimumGap;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _gate = new();
    private readonly List<string> _reasons = [];
    private Task? _loop;
    private Task? _ticker;

    public CoalescingWorker(string name, Func<string, CancellationToken, Task> job, TimeSpan settle, TimeSpan? interval,
        TimeProvider time, ILogger logger, TimeSpan? minimumGap = null)
    {
        _minimumGap = minimumGap ?? TimeSpan.Zero;
        _name = name;
        _job = job;
        _settle = settle;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completed runs (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    public void Start()
    {
        _loop = Task.Run(() => LoopAsync(_stop.Token));
        if (_interval is { } interval) _ticker = Task.Run(() => TickAsync(interval, _stop.Token));
    }

    public void Request(string reason)
    {
        lock (_gate)
        {
            if (!_reasons.Contains(reason)) _reasons.Add(reason);
        }
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: this request rides along.
        }
    }

    private async Task TickAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false)) Request("interval");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        DateTimeOffset lastStart = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                await _signal.WaitAsync(stop).ConfigureAwait(false);
                TimeSpan wait = _settle;
                TimeSpan sinceLast = _time.GetUtcNow() - lastStart;
                if (_minimumGap - sinceLast > wait) wait = _minimumGap - sinceLast;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, stop).ConfigureAwait(false);
                lastStart = _time.GetUtcNow();
                string reason;
                lock (_gate)
                {
                    reason = string.Join("; ", _reasons);
                    _reasons.Clear();
                }
                try
                {
                    await _job(reason, stop).ConfigureAwait(false);
                    Runs++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    _logger.LogWarning("{Name} failed ({Reason}); it runs again on the next trigger or interval.", _name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (_ticker is not null) await _ticker.ConfigureAwait(false);
        _stop.Dispose();
    }
}
