using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Arbitrage.Config;
using KrakenBot.Strategies.MarketMaking.Config;
using Xunit;

namespace KrakenBot.Strategies.Tests.Arbitrage;

/// <summary>Triangular arbitrage config files: Hummingbot-style percents, pairs as a list or a line, each bad value named.</summary>
public sealed class ArbitrageConfigFileTests
{
    private const string Full = """
        template_version: 1
        strategy: triangular_arbitrage
        exchange: kraken_paper_trade
        pairs: [BTC-USD, ETH/BTC, ETH-USD]
        start_asset: USD
        order_amount: 500
        min_profitability: 0.3
        taker_fee_pct: 0.1
        cooldown: 2.5
        leg_timeout: 15
        balance_wait: 3
        max_unwind_attempts: 4
        tick_interval: 0.5
        """;

    [Fact]
    public void A_full_file_is_read_with_percents_as_fractions_and_the_host_keys_shared_with_market_making()
    {
        Assert.True(TriangularArbitrageConfigFile.IsFor(Full));
        var loaded = TriangularArbitrageConfigFile.Parse(Full, "arb");
        var c = loaded.Config;
        Assert.Equal(("arb", "kraken_paper_trade"), (loaded.StrategyId, loaded.Exchange));
        Assert.Equal(["BTC-USD", "ETH-BTC", "ETH-USD"], c.Pairs.Select(p => p.ToString()));
        Assert.Equal(("USD", 500m, 0.003m, 0.1m), (c.ResolvedStartAsset, c.OrderAmount, c.MinProfitability, c.TakerFeePercent));
        Assert.Equal((TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(3), 4), (c.Cooldown, c.LegTimeout, c.BalanceWait, c.MaxUnwindAttempts));
        Assert.Equal(TimeSpan.FromSeconds(0.5), loaded.Settings.TickInterval);
    }

    [Fact]
    public void Defaults_fill_what_is_left_out_and_pairs_may_be_one_line()
    {
        var c = TriangularArbitrageConfigFile.Parse("strategy: triangular_arbitrage\npairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 100\n", "a").Config;
        Assert.Equal("USD", c.ResolvedStartAsset); // the quote of two pairs
        Assert.Equal((0.003m, (decimal?)null, TimeSpan.FromSeconds(1)), (c.MinProfitability, c.TakerFeePercent, c.Cooldown));
        Assert.Equal(TradingPair.Parse("ETH-BTC"), c.Pairs[1]);
    }

    [Theory]
    [InlineData("pairs: BTC-USD, ETH-USD, SOL-USD\norder_amount: 1", "pairs", "three pairs over three assets")]
    [InlineData("pairs: BTC-USD, ETHBTC, ETH-USD\norder_amount: 1", "pairs", "'ETHBTC' is not a pair such as BTC-USD")]
    [InlineData("order_amount: 1", "pairs", "pairs: a value is required")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\nstart_asset: EUR\norder_amount: 1", "start_asset", "EUR is not traded")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD", "order_amount", "order_amount: a value is required")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 0", "order_amount", "out of range: it must be above 0")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 1\nmin_profitability: lots", "min_profitability", "'lots' is not a number")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 1\ntaker_fee_pct: 100", "taker_fee_pct", "below 100")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 1\nleg_timeout: 0", "leg_timeout", "above 0")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 1\nbid_spread: 1", "bid_spread", "unknown parameter of triangular_arbitrage")]
    [InlineData("pairs: BTC-USD, ETH-BTC, ETH-USD\norder_amount: 1\nexchange: binance", "exchange", "must be kraken or kraken_paper_trade")]
    public void A_bad_value_is_refused_naming_its_key_and_what_is_allowed(string body, string key, string message)
    {
        var error = Assert.Throws<ConfigException>(() => TriangularArbitrageConfigFile.Parse("strategy: triangular_arbitrage\n" + body, "a"));
        Assert.Equal(key, error.Parameter);
        Assert.Contains(message, error.Message);
    }
}
