using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Executors.Config;
using KrakenBot.Strategies.MarketMaking.Config;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>Executor config files: percents in the file, fractions inside; nested settings; bad values refused by name.</summary>
public sealed class ExecutorConfigFileTests
{
    [Fact]
    public void A_position_executor_file_reads_every_barrier_with_percents_as_fractions()
    {
        var loaded = ExecutorConfigFile.Parse("""
            strategy: position_executor
            exchange: kraken_paper_trade
            market: BTC-USD
            side: sell
            amount: 0.01
            entry_price: 61000
            take_profit: 2
            stop_loss: 3
            time_limit: 2700
            trailing_stop:
              activation_price: 1.5
              trailing_delta: 0.5
            open_order_type: limit_maker
            take_profit_order_type: limit
            tick_interval: 0.5
            """, "pos");
        Assert.Equal(("pos", "kraken_paper_trade", PositionExecutor.Name, "BTC-USD"), (loaded.StrategyId, loaded.Exchange, loaded.Type, loaded.Pair.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(0.5), loaded.Settings.ToHostOptions("pos").TickInterval);
        var executor = Assert.IsType<PositionExecutor>(loaded.Create());
        var c = executor.Config;
        Assert.Equal((OrderSide.Sell, 0.01m, (decimal?)61000m), (c.Side, c.Amount, c.EntryPrice));
        Assert.Equal(new TripleBarrier
        {
            TakeProfit = 0.02m, StopLoss = 0.03m, TimeLimit = TimeSpan.FromSeconds(2700), TrailingStop = new TrailingStop(0.015m, 0.005m),
            OpenOrderType = OrderType.LimitMaker, TakeProfitOrderType = OrderType.Limit,
        }, c.Barrier);
        Assert.Equal("p1", new PositionExecutor("p1", c).Id);
    }

    [Theory]
    [InlineData("strategy: twap_executor\nmarket: ETH-USD\nside: buy\ntotal_amount_quote: 1000\ntotal_duration: 600\norder_interval: 60\nmode: maker", TwapExecutor.Name)]
    [InlineData("strategy: dca_executor\nmarket: BTC-USD\nside: buy\namounts_quote: [100, 200]\nprices: [59000, 58000]\ntake_profit: 1\nactivation_bounds: 0.5", DcaExecutor.Name)]
    [InlineData("strategy: grid_executor\nmarket: BTC-USD\nside: buy\nstart_price: 58000\nend_price: 60000\nlimit_price: 57000\ntotal_amount_quote: 500\nkeep_position: true", GridExecutor.Name)]
    [InlineData("strategy: order_executor\nmarket: BTC-USD\nside: sell\namount: 0.01\nexecution_strategy: limit_chaser\nchaser_config:\n  distance: 0.1\n  refresh_threshold: 0.2", OrderExecutor.Name)]
    public void Each_executor_type_is_read_from_its_file(string yaml, string type)
    {
        Assert.True(ExecutorConfigFile.IsFor(yaml));
        var loaded = ExecutorConfigFile.Parse(yaml, "x");
        Assert.Equal(type, loaded.Type);
        Assert.Equal(type, loaded.Create().Type);
    }

    [Theory]
    [InlineData("strategy: position_executor\nmarket: BTC-USD\nside: buy\namount: 0.01\ntake_profit: 150", "take_profit", "out of range")]
    [InlineData("strategy: position_executor\nmarket: BTC-USD\nside: long\namount: 0.01", "side", "must be one of buy, sell")]
    [InlineData("strategy: position_executor\nmarket: BTC-USD\nside: buy", "amount", "a value is required")]
    [InlineData("strategy: position_executor\nmarket: BTC-USD\nside: buy\namount: 0.01\ntake_profti: 2", "take_profti", "unknown parameter of position_executor")]
    [InlineData("strategy: position_executor\nmarket: BTC-USD\nside: buy\namount: 0.01\ntrailing_stop:\n  activation_price: 1", "trailing_stop", "give both")]
    [InlineData("strategy: dca_executor\nmarket: BTC-USD\nside: buy\namounts_quote: [100]\nprices: [59000, 58000]", "Prices", "one entry per level")]
    [InlineData("strategy: grid_executor\nmarket: BTC-USD\nside: buy\nstart_price: 58000\nend_price: 60000\nlimit_price: 59000\ntotal_amount_quote: 500", "LimitPrice", "limit_price must be under start_price")]
    public void A_bad_value_is_refused_with_its_key_and_what_is_allowed(string yaml, string key, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ExecutorConfigFile.Parse(yaml, "x"));
        Assert.Equal(key, e.Parameter);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
