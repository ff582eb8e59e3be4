using KrakenBot.Strategies.Avellaneda.Config;
using KrakenBot.Strategies.MarketMaking.Config;
using Xunit;

namespace KrakenBot.Strategies.Tests.Avellaneda;

/// <summary>Hummingbot's level and hanging-order keys of an Avellaneda file: percents in, fractions out, bad values named.</summary>
public sealed class AvellanedaConfigFileTests
{
    private const string Head = "strategy: avellaneda_market_making\nexchange: kraken_paper_trade\nmarket: BTC-USD\norder_amount: 0.01\n";

    [Fact]
    public void Levels_and_hanging_orders_are_read_with_hummingbots_meanings()
    {
        var plain = AvellanedaConfigFile.Parse(Head, "av").Config;
        Assert.Equal((1, 0m, false, 0.1m), (plain.OrderLevels, plain.LevelDistance, plain.HangingOrdersEnabled, plain.HangingOrdersCancel));

        var multi = AvellanedaConfigFile.Parse(Head + "order_levels_mode: multi_order_level\nlevel_distances: 50\n" +
            "hanging_orders_mode: track_hanging_orders\nhanging_orders_cancel_pct: 2\n", "av").Config;
        Assert.Equal((2, 0.5m, true, 0.02m), (multi.OrderLevels, multi.LevelDistance, multi.HangingOrdersEnabled, multi.HangingOrdersCancel));

        var three = AvellanedaConfigFile.Parse(Head + "order_levels_mode: multi_order_level\norder_levels: 3\n", "av").Config;
        Assert.Equal(3, three.OrderLevels);
    }

    [Theory]
    [InlineData("order_levels: 3\n", "order_levels", "needs order_levels_mode: multi_order_level")]
    [InlineData("order_levels_mode: multi_order_level\norder_levels: 1\n", "order_levels", "out of range: it must be at least 2")]
    [InlineData("order_levels_mode: multi_order_level\norder_levels: 2.5\n", "order_levels", "must be a whole number")]
    [InlineData("order_levels_mode: ladder\n", "order_levels_mode", "must be single or multi_order_level")]
    [InlineData("level_distances: -5\n", "level_distances", "out of range")]
    [InlineData("hanging_orders_mode: keep\n", "hanging_orders_mode", "must be ignore or track_hanging_orders")]
    [InlineData("hanging_orders_cancel_pct: 100\n", "hanging_orders_cancel_pct", "out of range")]
    public void A_bad_level_or_hanging_value_is_refused_by_name(string line, string key, string message)
    {
        var error = Assert.Throws<ConfigException>(() => AvellanedaConfigFile.Parse(Head + line, "av"));
        Assert.Equal(key, error.Parameter);
        Assert.Contains(message, error.Message);
    }
}
