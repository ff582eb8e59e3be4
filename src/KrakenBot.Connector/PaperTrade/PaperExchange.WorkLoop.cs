namespace KrakenBot.Connector.PaperTrade;

// The work loop: requests, timers and trade prints run one at a time, in the order they were handed over.
public sealed partial class PaperExchange
{
    /// <summary>
    /// Completes once every request, timer and trade print handed to the engine so far has been processed, and the
    /// <see cref="EventRaised"/> handlers have been handed the events it raised.
    /// </summary>
    internal Task FlushAsync() =>
        // Nothing queued or running: no round trip through the work loop (the backtester flushes after every record).
        Volatile.Read(ref _unfinishedWork) == 0 ? WhenEventsDeliveredAsync() : FlushWorkAsync();

    private async Task FlushWorkAsync()
    {
        await WorkDoneAsync().ConfigureAwait(false);
        await WhenEventsDeliveredAsync().ConfigureAwait(false);
    }

    // Apart from FlushAsync so that its fast path does not allocate the closure this needs.
    private Task WorkDoneAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryPost(PaperWork.Of(() =>
            {
                done.TrySetResult();
                return Task.CompletedTask;
            })))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>Completes once the <see cref="EventRaised"/> handlers have been handed every event raised so far.</summary>
    internal Task WhenEventsDeliveredAsync() => _events.WhenDeliveredAsync();

    // Work handed to the loop and not finished yet (FlushAsync's fast path).
    private long _unfinishedWork;

    private void Post(PaperWork work) => TryPost(work);

    private bool TryPost(PaperWork work)
    {
        Interlocked.Increment(ref _unfinishedWork);
        if (!_work.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref _unfinishedWork);
            return false;
        }

        if (RunsWorkInline)
        {
            DrainInline();
        }

        return true;
    }

    /// <summary>
    /// For the backtester, set before <see cref="StartAsync"/>: work runs on the thread that hands it over, in the
    /// same order as on the work loop, instead of one thread hop per trade print and request (most of a replay's time).
    /// </summary>
    internal bool RunsWorkInline { get; set; }

    // 1 while a thread drains the queue: work handed over meanwhile (also from inside a work item) waits its turn.
    private int _draining;

    private void DrainInline()
    {
        do
        {
            if (Interlocked.Exchange(ref _draining, 1) == 1)
            {
                return;
            }

            try
            {
                while (_work.Reader.TryRead(out var work))
                {
                    RunOneAsync(work).GetAwaiter().GetResult();
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }
        }
        while (_work.Reader.TryPeek(out _)); // handed over between the last read and the release
    }

    private async Task RunWorkAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await RunOneAsync(work).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(PaperWork work)
    {
        try
        {
            await (work.Kind switch
            {
                PaperWorkKind.Activate => ActivateAsync(work.ClientOrderId!),
                PaperWorkKind.CompleteCancel => CompleteCancelAsync(work.ClientOrderId!),
                PaperWorkKind.Amend => ApplyAmendAsync(work.ClientOrderId!, work.NewPrice, work.NewAmount),
                _ => work.Other!(),
            }).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failure = e.Message;
            PaperLog.WorkFailed(_logger, work.Name, e);
        }
        finally
        {
            Interlocked.Decrement(ref _unfinishedWork);
        }
    }
}
