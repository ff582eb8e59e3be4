using KrakenBot.Backtest.Replay;
using KrakenBot.Strategies.Controllers.Config;
using KrakenBot.Strategies.Executors;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>A controller runs unchanged in the backtester: two executors from their files, each to its own end.</summary>
public sealed class ControllerBacktestTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("krakenbot-controller-bt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_controller_of_two_position_executors_runs_each_to_its_time_limit_and_their_pnl_adds_up_to_the_hosts()
    {
        File.WriteAllText(Path.Combine(_directory, "long.yml"), Executor("buy", "10"));
        File.WriteAllText(Path.Combine(_directory, "short.yml"), Executor("sell", "5"));
        var loaded = ControllerConfigFile.Parse("""
            strategy: executor_controller
            exchange: kraken_paper_trade
            executors: [long.yml, short.yml]
            tick_interval: 0.5
            """, "ctl-bt", _directory);
        var controller = loaded.Create();
        var options = BundledRecording.Options();
        var result = await new BacktestEngine(options).RunAsync(controller, loaded.Settings.ToHostOptions(loaded.StrategyId));

        var reports = controller.Executors.Select(e => e.Report(null)).ToList();
        Assert.All(reports, r =>
        {
            Assert.Equal(ExecutorStatus.Terminated, r.Status);
            Assert.Equal(CloseType.TimeLimit, r.CloseType);
            Assert.Equal(0m, r.Position);
        });
        double Lasted(string id) => reports.Single(r => r.Id == id) is var r ? (r.ClosedAt!.Value - r.StartedAt!.Value).TotalSeconds : 0;
        Assert.InRange(Lasted("long"), 10, 11); // each on its own time limit, on the replay's clock
        Assert.InRange(Lasted("short"), 5, 6);
        Assert.Equal(4, result.OrdersFilled); // each opened and closed at market
        // Both flat again: the host's USD moved by the executors' summed net P&L, fees included.
        Assert.Equal(result.Pnl.State.StartBase, result.Pnl.State.Base);
        Assert.Equal(result.Pnl.State.Quote - result.Pnl.State.StartQuote, reports.Sum(r => r.NetPnlQuote));
        Assert.Equal(result.Pnl.FeesInQuote, reports.Sum(r => r.CumFeesQuote));
    }

    private static string Executor(string side, string timeLimit) => $"""
        strategy: position_executor
        exchange: kraken_paper_trade
        market: BTC-USD
        side: {side}
        amount: 0.01
        open_order_type: market
        stop_loss: 50
        time_limit: {timeLimit}

        """;
}
