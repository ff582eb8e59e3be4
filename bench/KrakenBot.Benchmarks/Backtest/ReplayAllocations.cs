namespace KrakenBot.Benchmarks.Backtest;

/// <summary>
/// Bytes allocated by the replay in steady state, apart from the run's set-up and finish: the engine reports progress
/// synchronously every 1,024 records, so the bytes read at its first report (set-up and the first 1,024 records done)
/// and at its last one inside the replay loop (before the strategy is stopped and the result built) enclose the
/// records in between. All threads are counted (the paper exchange runs inline, but a timer could not).
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

    public void Report(double value)
    {
        int report = ++_reports;
        if (report == 1)
        {
            AtFirstReport = GC.GetTotalAllocatedBytes(precise: true) - Started;
            Sampler?.Counting = true;
        }
        else if (report == _lastReportInLoop)
        {
            Steady = GC.GetTotalAllocatedBytes(precise: true) - Started - AtFirstReport;
            Sampler?.Counting = false;
        }
    }
}
