using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.MarketMaking.Config;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

public class PmmConfigFileTests
{
    private const string Minimal = """
        template_version: 24
        strategy: pure_market_making
        exchange: kraken
        market: BTC-USD
        bid_spread: 0.5
        ask_spread: 1.25
        order_refresh_time: 15
        order_amount: 0.01
        ping_pong_enabled: false
        """;

    [Fact]
    public void A_hummingbot_style_file_loads_with_percents_as_fractions_and_defaults_for_the_rest()
    {
        var loaded = PureMarketMakingConfigFile.Parse(Minimal + """

            order_levels: 3
            order_level_spread: 0.2
            inventory_target_base_pct: 40
            minimum_spread: null
            kill_switch_max_drawdown: 5
            order_override:
              a: [buy, 1, 0.02]
              b: [sell, 2.5, 0.03]
            """, "conf_pmm_1");

        var c = loaded.Config;
        Assert.Equal(("kraken", new TradingPair("BTC", "USD")), (c.Exchange, c.Market));
        Assert.Equal((0.005m, 0.0125m, 0.002m, 0.4m), (c.BidSpread, c.AskSpread, c.OrderLevelSpread, c.InventoryTargetBase));
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(60)), (c.OrderRefreshTime, c.MaxOrderAge, c.FilledOrderDelay));
        Assert.Equal((-1m, 3, 0.01m), (c.MinimumSpread, c.OrderLevels, c.OrderAmount));
        Assert.Equal([new OrderOverride("a", OrderSide.Buy, 0.01m, 0.02m), new OrderOverride("b", OrderSide.Sell, 0.025m, 0.03m)], c.OrderOverride);
        Assert.Equal(0.05m, loaded.Settings.KillSwitchMaxDrawdown);
        Assert.Null(loaded.Settings.KillSwitchRate);
        var host = loaded.Settings.ToHostOptions(loaded.StrategyId);
        Assert.Equal(("conf_pmm_1", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), (host.StrategyId, host.TickInterval, host.DeadManSwitchTimeout!.Value));
    }

    [Theory]
    [InlineData("bid_spread: 150", "bid_spread: 150 % is out of range: it must be above 0 and below 100 %.")]
    [InlineData("order_refresh_tolerance_pct: 11", "order_refresh_tolerance_pct: 11 % is out of range: it must be at least -10 and at most 10 %.")]
    [InlineData("price_ceiling: 0", "price_ceiling: 0 is out of range: it must be above 0 (or -1 to disable).")]
    [InlineData("order_amount: abc", "order_amount: 'abc' is not a number.")]
    [InlineData("order_levels: 1.5", "order_levels: '1.5' is not a whole number.")]
    [InlineData("price_type: vwap", "price_type: 'vwap' is not one of mid_price, last_price, last_own_trade_price, best_bid, best_ask, inventory_cost, custom.")]
    [InlineData("custom_api_update_interval: 0.1", "custom_api_update_interval: 0.1 s is out of range: it must be at least 0.5 s.")]
    [InlineData("ping_pong_enabled: maybe", "ping_pong_enabled: 'maybe' is not true/false (yes/no).")]
    [InlineData("tick_interval: 0.05", "tick_interval: 0.05 s is out of range: it must be at least 0.1 s.")]
    [InlineData("bid_spred: 1", "bid_spred: unknown parameter; did you mean bid_spread?")]
    public void A_bad_value_fails_the_load_with_the_parameter_the_value_and_the_range(string line, string message)
    {
        string key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        string yaml = string.Join("\n", Minimal.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal))) + "\n" + line + "\n";
        var error = Assert.Throws<ConfigException>(() => PureMarketMakingConfigFile.Parse(yaml, "conf"));
        Assert.Equal(message, error.Message);
        Assert.Equal(key, error.Parameter);
    }

    [Theory]
    [InlineData("order_amount", "order_amount: a value is required (above 0).")]
    [InlineData("market", "market: a value is required.")]
    public void A_missing_required_value_is_named(string key, string message)
    {
        string yaml = string.Join("\n", Minimal.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal)));
        Assert.Equal(message, Assert.Throws<ConfigException>(() => PureMarketMakingConfigFile.Parse(yaml, "conf")).Message);
    }

    [Theory]
    [InlineData("price_ceiling: 90\nprice_floor: 100", "price_ceiling: 90 is below price_floor 100: the ceiling must be at least the floor.")]
    [InlineData("price_source: external_market", "price_source_exchange: a value is required.")]
    [InlineData("price_source: external_market\nprice_source_exchange: kraken\nprice_source_market: BTC-USD",
        "price_source_market: BTC-USD is the maker market itself: use price_source current_market, or another pair.")]
    [InlineData("price_source: custom_api\nprice_source_custom_api: http://127.0.0.1/p", "price_type: with price_source custom_api it must be custom.")]
    public void Rules_between_parameters_are_checked_at_load(string lines, string message)
    {
        Assert.Equal(message, Assert.Throws<ConfigException>(() => PureMarketMakingConfigFile.Parse(Minimal + "\n" + lines + "\n", "conf")).Message);
    }

    [Fact]
    public void Create_writes_every_parameter_with_its_prompt_and_the_file_loads_back_the_same()
    {
        var answers = new Dictionary<string, string?>
        {
            ["exchange"] = "kraken_paper_trade", ["market"] = "ETH-USD", ["bid_spread"] = "0.3", ["ask_spread"] = "0.4",
            ["order_refresh_time"] = "20", ["order_amount"] = "0.5", ["ping_pong_enabled"] = "yes", ["kill_switch_rate"] = "-5",
        };
        string dir = Directory.CreateTempSubdirectory("pmm-config-").FullName;
        try
        {
            string path = Path.Combine(dir, "conf_pmm_2.yml");
            PureMarketMakingConfigFile.Write(path, answers, [new OrderOverride("x", OrderSide.Sell, 0.02m, 0.1m)]);
            string text = File.ReadAllText(path);
            Assert.Contains("# How far away from the mid price do you want to place the first bid order? (Enter 1 to indicate 1%)\nbid_spread: 0.3\n", text);
            Assert.Contains("template_version: 24\nstrategy: pure_market_making\n", text);

            var loaded = PureMarketMakingConfigFile.Load(path);
            Assert.Equal("conf_pmm_2", loaded.StrategyId);
            Assert.Equal((0.003m, 0.004m, true, 0.5m), (loaded.Config.BidSpread, loaded.Config.AskSpread, loaded.Config.PingPongEnabled, loaded.Config.OrderAmount));
            Assert.Equal(-0.05m, loaded.Settings.KillSwitchRate);
            Assert.Equal([new OrderOverride("x", OrderSide.Sell, 0.02m, 0.1m)], loaded.Config.OrderOverride);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_parameter_exposes_what_create_needs_to_ask_for_it()
    {
        var keys = PureMarketMakingParameters.All.Select(p => p.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        foreach (string key in new[]
                 {
                     "bid_spread", "ask_spread", "minimum_spread", "order_refresh_time", "max_order_age", "order_refresh_tolerance_pct",
                     "order_amount", "order_levels", "order_level_amount", "order_level_spread", "price_ceiling", "price_floor",
                     "moving_price_band_enabled", "price_ceiling_pct", "price_floor_pct", "price_band_refresh_time", "ping_pong_enabled",
                     "inventory_skew_enabled", "inventory_target_base_pct", "inventory_range_multiplier", "inventory_price",
                     "filled_order_delay", "hanging_orders_enabled", "hanging_orders_cancel_pct", "order_optimization_enabled",
                     "ask_order_optimization_depth", "bid_order_optimization_depth", "add_transaction_costs", "price_source", "price_type",
                     "price_source_exchange", "price_source_market", "take_if_crossed", "price_source_custom_api",
                     "custom_api_update_interval", "order_override", "split_order_levels_enabled", "bid_order_level_spreads",
                     "ask_order_level_spreads", "bid_order_level_amounts", "ask_order_level_amounts", "should_wait_order_cancel_confirmation",
                 })
        {
            Assert.Contains(key, keys);
        }

        var bid = PureMarketMakingParameters.Find("bid_spread")!;
        Assert.True(bid.PromptOnNew && bid.LiveUpdatable);
        Assert.Null(bid.DefaultText);
        Assert.Equal("above 0 and below 100 %", bid.RangeText);
        Assert.Equal("bid_spread: 0 % is out of range: it must be above 0 and below 100 %.", bid.Validate("0"));
        Assert.Null(bid.Validate("0.5"));
        var levels = PureMarketMakingParameters.Find("order_level_spread")!;
        Assert.False(levels.IsRequired(new Dictionary<string, string?> { ["order_levels"] = "1" }));
        Assert.False(PureMarketMakingParameters.Find("hanging_orders_enabled")!.LiveUpdatable);
        var apiUrl = PureMarketMakingParameters.Find("price_source_custom_api")!;
        Assert.True(apiUrl.IsRequired(new Dictionary<string, string?> { ["price_source"] = "custom_api" }));
    }

    [Fact]
    public void A_config_built_in_code_is_checked_like_a_file_and_only_live_keys_change_while_running()
    {
        var bad = new PureMarketMakingConfig { Market = new TradingPair("BTC", "USD"), BidSpread = 1.2m, AskSpread = 0.01m, OrderAmount = 1m };
        Assert.Equal("bid_spread: 120 % is out of range: it must be above 0 and below 100 %.", Assert.Throws<ConfigException>(bad.Validate).Message);

        var strategy = new PureMarketMaking(bad with { BidSpread = 0.01m });
        var changed = strategy.UpdateConfig(strategy.Config with { BidSpread = 0.02m, OrderLevels = 2 });
        Assert.Equal(0.02m, strategy.Config.BidSpread);
        Assert.Equal(["bid_spread: 1 → 2", "order_levels: 1 → 2"], changed); // in the file's units: spreads in percent
        var error = Assert.Throws<ConfigException>(() => strategy.UpdateConfig(strategy.Config with { HangingOrdersEnabled = true }));
        Assert.Equal("hanging_orders_enabled", error.Parameter);
    }
}
