using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// The drawdown stop of a strategy group: once a second it sums the members' P&amp;L (realized plus unrealized, in their
/// shared quote asset) and, when the sum fell <c>max_global_drawdown_quote</c> below its peak (which starts at 0, so a
/// plain loss counts too), asks every member still running to stop, orders cancelled.
/// </summary>
internal sealed class StrategyGroupWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly IReadOnlyList<(StrategyRunner Runner, BotRun Run)> _members;
    private readonly decimal _limit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private decimal _peak;

    public StrategyGroupWatch(IReadOnlyList<(StrategyRunner Runner, BotRun Run)> members, decimal limit, TimeProvider time, ILogger logger)
    {
        _members = members;
        _limit = limit;
        _time = time;
        _logger = logger;
    }

    /// <summary>Why the group was stopped, or null.</summary>
    public string? Stopped { get; private set; }

    /// <summary>Watches until the group stop fired or <paramref name="done"/> completes.</summary>
    public async Task RunAsync(Task done, CancellationToken cancellationToken)
    {
        while (!done.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            decimal total = 0m;
            foreach (var (runner, _) in _members)
            {
                var snapshot = await runner.SnapshotAsync().ConfigureAwait(false);
                total += snapshot.Pnl.Total ?? 0m;
            }

            _peak = Math.Max(_peak, total);
            if (_peak - total >= _limit)
            {
                Stopped = $"the group's drawdown {_peak - total} reached its limit {_limit} (max_global_drawdown_quote)";
                _logger.LogWarning("Strategy group: {Reason}; stopping every member", Stopped);
                foreach (var (_, run) in _members) run.RequestStop("stopped by the group: " + Stopped);
                return;
            }

            try
            {
                await Task.WhenAny(done, Task.Delay(Interval, _time, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
