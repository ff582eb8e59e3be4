namespace KrakenBot.Benchmarks.Backtest;

/// <summary>
/// Bytes allocated by the replay in steady state, apart from the run's set-up and finish: the engine reports progress
/// synchronously every 1,024 records, so the bytes read at its first report (set-up and the first 1,024 records done)
/// and at its last one inside the replay loop (before the strategy is stopped and the result built) enclose the
/// records in between. All threads are counted (the paper exchange runs inline, but a timer could not).
/// Within those reports the bytes are also split per record (<see cref="RecordSettled"/>, this thread's count, read
/// after each record without allocating): records on which an order request was sent or an exchange event handed over,
/// records with only timed work (a tick, a report sample, a state save), and quiet records (none of these: the pure
/// per-event path).
/// </summary>
internal sealed class ReplayAllocations : IProgress<double>
{
    private const int RecordsPerReport = 1024; // BacktestEngine's Tally reports when the count is a multiple of this
    private readonly int _lastReportInLoop;
    private int _reports;

    /// <param name="records">How many records the replay reads (its last report, after the finish, comes on top).</param>
    public ReplayAllocations(int records) => _lastReportInLoop = records / RecordsPerReport;

    /// <summary>Bytes allocated before the first report: set-up, start and the first 1,024 records.</summary>
    public long AtFirstReport { get; private set; }

    /// <summary>Bytes allocated between the first and the last report inside the replay loop.</summary>
    public long Steady { get; private set; }

    /// <summary>Records between the two reports.</summary>
    public long SteadyRecords => (long)(_lastReportInLoop - 1) * RecordsPerReport;

    /// <summary>The process's allocated bytes when the run began.</summary>
    public long Started { get; set; }

    /// <summary>Counts allocation ticks by type between the two reports, when set.</summary>
    public AllocationSampler? Sampler { get; init; }

    /// <summary>Records with an order request or an exchange event, their bytes, and the requests sent.</summary>
    public (long Records, long Bytes, long Requests) OrderRecords => (_orderRecords, _orderBytes, _requests);

    /// <summary>Records with timed work only (tick, sample, state save), and their bytes.</summary>
    public (long Records, long Bytes) TimedRecords => (_timedRecords, _timedBytes);

    /// <summary>Records with none of the above, and their bytes: expected 0.</summary>
    public (long Records, long Bytes) QuietRecords => (_quietRecords, _quietBytes);

    private bool _splitting;
    private long _lastBytes, _lastRequests, _lastEvents, _lastTimed;
    private long _orderRecords, _orderBytes, _requests, _timedRecords, _timedBytes, _quietRecords, _quietBytes;

    public void Report(double value)
    {
        int report = ++_reports;
        if (report == 1)
        {
            AtFirstReport = GC.GetTotalAllocatedBytes(precise: true) - Started;
            Sampler?.Counting = true;
            _lastBytes = GC.GetAllocatedBytesForCurrentThread();
            _splitting = true;
        }
        else if (report == _lastReportInLoop)
        {
            Steady = GC.GetTotalAllocatedBytes(precise: true) - Started - AtFirstReport;
            Sampler?.Counting = false;
            _splitting = false;
        }
    }

    /// <summary>Handed to <see cref="KrakenBot.Backtest.Replay.BacktestEngine.RecordSettled"/>: counts so far after each record.</summary>
    public void RecordSettled(long requests, long events, long timed)
    {
        if (_splitting)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread() - _lastBytes;
            if (requests != _lastRequests || events != _lastEvents)
            {
                _orderRecords++;
                _orderBytes += bytes;
                _requests += requests - _lastRequests;
            }
            else if (timed != _lastTimed)
            {
                _timedRecords++;
                _timedBytes += bytes;
            }
            else
            {
                _quietRecords++;
                _quietBytes += bytes;
            }
        }
        _lastBytes = GC.GetAllocatedBytesForCurrentThread();
        (_lastRequests, _lastEvents, _lastTimed) = (requests, events, timed);
    }
}
