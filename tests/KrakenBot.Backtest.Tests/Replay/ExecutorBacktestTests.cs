using KrakenBot.Backtest.Replay;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Executors.Config;
using KrakenBot.Strategies.Hosting;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>An executor runs unchanged in the backtester: a position executor from a config file on the bundled 30 s recording.</summary>
public sealed class ExecutorBacktestTests
{

    [Fact]
    public async Task A_position_executor_config_opens_at_market_and_closes_at_its_time_limit_in_the_replay()
    {
        var loaded = ExecutorConfigFile.Parse("""
            strategy: position_executor
            exchange: kraken_paper_trade
            market: BTC-USD
            side: buy
            amount: 0.01
            open_order_type: market
            stop_loss: 50
            time_limit: 10
            tick_interval: 0.5
            """, "pos-bt");
        var strategy = new ExecutorStrategy(loaded.Create());
        var options = BundledRecording.Options();
        var result = await new BacktestEngine(options).RunAsync(strategy, loaded.Settings.ToHostOptions(loaded.StrategyId));

        var report = strategy.Report;
        Assert.Equal(CloseType.TimeLimit, report.CloseType);
        Assert.Equal(ExecutorStatus.Terminated, report.Status);
        Assert.InRange((report.ClosedAt!.Value - report.StartedAt!.Value).TotalSeconds, 10, 11); // on the replay's clock
        Assert.Equal(0m, report.Position);
        Assert.Equal(2, result.OrdersFilled);
        Assert.Equal(0.01m, result.Fills.Where(f => f.Side == OrderSide.Buy).Sum(f => f.Amount));
        Assert.Equal(0.01m, result.Fills.Where(f => f.Side == OrderSide.Sell).Sum(f => f.Amount)); // the close may walk two levels
        // The executor's figures and the host's (from the same fills) agree: flat in BTC, USD moved by the net P&L.
        Assert.Equal(result.Pnl.FeesInQuote, report.CumFeesQuote);
        Assert.Equal(result.Pnl.State.StartBase, result.Pnl.State.Base);
        Assert.Equal(result.Pnl.State.Quote - result.Pnl.State.StartQuote, report.NetPnlQuote);
        Assert.True(report.NetPnlQuote < 0); // a round trip across the spread, with two taker fees
    }
}
