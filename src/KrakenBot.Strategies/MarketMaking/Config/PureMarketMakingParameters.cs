using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.MarketMaking.Config;

/// <summary>
/// Every parameter of a pure market making config, in Hummingbot's order and with its prompts, defaults, ranges and
/// live-updatable flags (research §1.1, Hummingbot's <c>pure_market_making_config_map.py</c>), followed by the host
/// settings KrakenBot adds. The CLI's interactive <c>create</c> walks <see cref="All"/>; the YAML reader and
/// <see cref="PureMarketMakingConfig.Validate"/> check values with the same entries.
/// </summary>
public static class PureMarketMakingParameters
{
    private static bool Is(IReadOnlyDictionary<string, string?> answers, string key, string value) =>
        string.Equals(answers.GetValueOrDefault(key)?.Trim(), value, StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(IReadOnlyDictionary<string, string?> answers, string key) =>
        Is(answers, key, "true") || Is(answers, key, "yes");

    /// <summary>The strategy's parameters.</summary>
    public static IReadOnlyList<StrategyParameter> Strategy { get; } =
    [
        new("exchange", nameof(PureMarketMakingConfig.Exchange), ParameterKind.Choice, "Enter your maker spot connector (kraken/kraken_paper_trade) >>> ", null)
            { Choices = ["kraken", "kraken_paper_trade"], PromptOnNew = true },
        new("market", nameof(PureMarketMakingConfig.Market), ParameterKind.Pair, "Enter the token trading pair you would like to trade on (e.g. BTC-USD) >>> ", null)
            { PromptOnNew = true },
        new("bid_spread", nameof(PureMarketMakingConfig.BidSpread), ParameterKind.Percent,
            "How far away from the mid price do you want to place the first bid order? (Enter 1 to indicate 1%) >>> ", null)
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false, PromptOnNew = true, LiveUpdatable = true },
        new("ask_spread", nameof(PureMarketMakingConfig.AskSpread), ParameterKind.Percent,
            "How far away from the mid price do you want to place the first ask order? (Enter 1 to indicate 1%) >>> ", null)
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false, PromptOnNew = true, LiveUpdatable = true },
        new("minimum_spread", nameof(PureMarketMakingConfig.MinimumSpread), ParameterKind.Percent,
            "At what minimum spread should the bot automatically cancel orders? (Enter 1 for 1%) >>> ", "-100")
            { Min = -1m, Max = 1m },
        new("order_refresh_time", nameof(PureMarketMakingConfig.OrderRefreshTime), ParameterKind.Seconds,
            "How often do you want to refresh bids and asks (in seconds)? >>> ", null)
            { Min = 0m, MinInclusive = false, PromptOnNew = true },
        new("max_order_age", nameof(PureMarketMakingConfig.MaxOrderAge), ParameterKind.Seconds,
            "How long do you want to keep bids and asks before refreshing them even within tolerance (in seconds)? >>> ", "1800")
            { Min = 0m, MinInclusive = false },
        new("order_refresh_tolerance_pct", nameof(PureMarketMakingConfig.OrderRefreshTolerance), ParameterKind.Percent,
            "Enter the percent change in price needed to refresh orders at each cycle (Enter 1 to indicate 1%) >>> ", "0")
            { Min = -0.1m, Max = 0.1m },
        new("order_amount", nameof(PureMarketMakingConfig.OrderAmount), ParameterKind.Decimal,
            "What is the amount of the base asset per order? >>> ", null)
            { Min = 0m, MinInclusive = false, PromptOnNew = true, LiveUpdatable = true },
        new("price_ceiling", nameof(PureMarketMakingConfig.PriceCeiling), ParameterKind.Decimal,
            "Enter the price point above which only sell orders will be placed (Enter -1 to deactivate this feature) >>> ", "-1")
            { Min = 0m, MinInclusive = false, Sentinels = [-1m], LiveUpdatable = true },
        new("price_floor", nameof(PureMarketMakingConfig.PriceFloor), ParameterKind.Decimal,
            "Enter the price below which only buy orders will be placed (Enter -1 to deactivate this feature) >>> ", "-1")
            { Min = 0m, MinInclusive = false, Sentinels = [-1m], LiveUpdatable = true },
        new("moving_price_band_enabled", nameof(PureMarketMakingConfig.MovingPriceBandEnabled), ParameterKind.Bool,
            "Would you like to enable moving price floor and ceiling? (Yes/No) >>> ", "false") { LiveUpdatable = true },
        new("price_ceiling_pct", nameof(PureMarketMakingConfig.PriceCeilingPct), ParameterKind.Percent,
            "Enter a percentage to the current price that sets the price ceiling. Above this price, only sell orders will be placed >>> ", "1")
            { RequiredIf = a => IsTrue(a, "moving_price_band_enabled"), LiveUpdatable = true },
        new("price_floor_pct", nameof(PureMarketMakingConfig.PriceFloorPct), ParameterKind.Percent,
            "Enter a percentage to the current price that sets the price floor. Below this price, only buy orders will be placed >>> ", "-1")
            { RequiredIf = a => IsTrue(a, "moving_price_band_enabled"), LiveUpdatable = true },
        new("price_band_refresh_time", nameof(PureMarketMakingConfig.PriceBandRefreshTime), ParameterKind.Seconds,
            "After this amount of time (in seconds), the price bands are reset based on the current price >>> ", "86400")
            { Min = 0m, MinInclusive = false, RequiredIf = a => IsTrue(a, "moving_price_band_enabled"), LiveUpdatable = true },
        new("ping_pong_enabled", nameof(PureMarketMakingConfig.PingPongEnabled), ParameterKind.Bool,
            "Would you like to use the ping pong feature and alternate between buy and sell orders after fills? (Yes/No) >>> ", "false")
            { PromptOnNew = true },
        new("order_levels", nameof(PureMarketMakingConfig.OrderLevels), ParameterKind.Integer,
            "How many orders do you want to place on both sides? >>> ", "1")
            { Min = 0m, LiveUpdatable = true },
        new("order_level_amount", nameof(PureMarketMakingConfig.OrderLevelAmount), ParameterKind.Decimal,
            "How much do you want to increase or decrease the order size for each additional order? (decrease < 0 > increase) >>> ", "0")
            { RequiredIf = a => int.TryParse(a.GetValueOrDefault("order_levels"), out int l) && l > 1 },
        new("order_level_spread", nameof(PureMarketMakingConfig.OrderLevelSpread), ParameterKind.Percent,
            "Enter the price increments (as percentage) for subsequent orders? (Enter 1 to indicate 1%) >>> ", "1")
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false, LiveUpdatable = true,
              RequiredIf = a => int.TryParse(a.GetValueOrDefault("order_levels"), out int l) && l > 1 },
        new("inventory_skew_enabled", nameof(PureMarketMakingConfig.InventorySkewEnabled), ParameterKind.Bool,
            "Would you like to enable inventory skew? (Yes/No) >>> ", "false") { LiveUpdatable = true },
        new("inventory_target_base_pct", nameof(PureMarketMakingConfig.InventoryTargetBase), ParameterKind.Percent,
            "What is your target base asset percentage? Enter 50 for 50% >>> ", "50")
            { Min = 0m, Max = 1m, LiveUpdatable = true, RequiredIf = a => IsTrue(a, "inventory_skew_enabled") },
        new("inventory_range_multiplier", nameof(PureMarketMakingConfig.InventoryRangeMultiplier), ParameterKind.Decimal,
            "What is your tolerable range of inventory around the target, expressed in multiples of your total order size? >>> ", "1")
            { Min = 0m, MinInclusive = false, LiveUpdatable = true, RequiredIf = a => IsTrue(a, "inventory_skew_enabled") },
        new("inventory_price", nameof(PureMarketMakingConfig.InventoryPrice), ParameterKind.Decimal,
            "What is the price of your base asset inventory? >>> ", "1")
            { Min = 0m, RequiredIf = a => Is(a, "price_type", "inventory_cost") },
        new("filled_order_delay", nameof(PureMarketMakingConfig.FilledOrderDelay), ParameterKind.Seconds,
            "How long do you want to wait before placing the next order if your order gets filled (in seconds)? >>> ", "60")
            { Min = 0m, MinInclusive = false, LiveUpdatable = true },
        new("hanging_orders_enabled", nameof(PureMarketMakingConfig.HangingOrdersEnabled), ParameterKind.Bool,
            "Do you want to enable hanging orders? (Yes/No) >>> ", "false"),
        new("hanging_orders_cancel_pct", nameof(PureMarketMakingConfig.HangingOrdersCancel), ParameterKind.Percent,
            "At what spread percentage (from mid price) will hanging orders be canceled? (Enter 1 to indicate 1%) >>> ", "10")
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false, RequiredIf = a => IsTrue(a, "hanging_orders_enabled") },
        new("order_optimization_enabled", nameof(PureMarketMakingConfig.OrderOptimizationEnabled), ParameterKind.Bool,
            "Do you want to enable best bid ask jumping? (Yes/No) >>> ", "false") { LiveUpdatable = true },
        new("ask_order_optimization_depth", nameof(PureMarketMakingConfig.AskOrderOptimizationDepth), ParameterKind.Decimal,
            "How deep do you want to go into the order book for calculating the top ask, ignoring dust orders on the top (expressed in base asset amount)? >>> ", "0")
            { Min = 0m, LiveUpdatable = true, RequiredIf = a => IsTrue(a, "order_optimization_enabled") },
        new("bid_order_optimization_depth", nameof(PureMarketMakingConfig.BidOrderOptimizationDepth), ParameterKind.Decimal,
            "How deep do you want to go into the order book for calculating the top bid, ignoring dust orders on the top (expressed in base asset amount)? >>> ", "0")
            { Min = 0m, LiveUpdatable = true, RequiredIf = a => IsTrue(a, "order_optimization_enabled") },
        new("add_transaction_costs", nameof(PureMarketMakingConfig.AddTransactionCosts), ParameterKind.Bool,
            "Do you want to add transaction costs automatically to order prices? (Yes/No) >>> ", "false"),
        new("price_source", nameof(PureMarketMakingConfig.PriceSource), ParameterKind.Choice,
            "Which price source to use? (current_market/external_market/custom_api) >>> ", "current_market")
            { Choices = ["current_market", "external_market", "custom_api"] },
        new("price_type", nameof(PureMarketMakingConfig.PriceType), ParameterKind.Choice,
            "Which price type to use? (mid_price/last_price/last_own_trade_price/best_bid/best_ask/inventory_cost) >>> ", "mid_price")
            { Choices = ["mid_price", "last_price", "last_own_trade_price", "best_bid", "best_ask", "inventory_cost", "custom"] },
        new("price_source_exchange", nameof(PureMarketMakingConfig.PriceSourceExchange), ParameterKind.Choice,
            "Enter external price source exchange name (its book is read through the maker connector) >>> ", null)
            { Choices = ["kraken", "kraken_paper_trade"], RequiredIf = a => Is(a, "price_source", "external_market") },
        new("price_source_market", nameof(PureMarketMakingConfig.PriceSourceMarket), ParameterKind.Pair,
            "Enter the token trading pair on the external exchange >>> ", null)
            { RequiredIf = a => Is(a, "price_source", "external_market") },
        new("take_if_crossed", nameof(PureMarketMakingConfig.TakeIfCrossed), ParameterKind.Bool,
            "Do you want to take the best order if orders cross the orderbook? (Yes/No) >>> ", "false")
            { RequiredIf = a => Is(a, "price_source", "external_market") },
        new("price_source_custom_api", nameof(PureMarketMakingConfig.PriceSourceCustomApi), ParameterKind.Url,
            "Enter pricing API URL >>> ", null)
            { RequiredIf = a => Is(a, "price_source", "custom_api") },
        new("custom_api_update_interval", nameof(PureMarketMakingConfig.CustomApiUpdateInterval), ParameterKind.Seconds,
            "Enter custom API update interval in second (default: 5.0, min: 0.5) >>> ", "5")
            { Min = 0.5m },
        new("order_override", nameof(PureMarketMakingConfig.OrderOverride), ParameterKind.OrderOverride,
            "Order override (YAML map name: [buy|sell, spread %, amount]) >>> ", null),
        new("should_wait_order_cancel_confirmation", nameof(PureMarketMakingConfig.ShouldWaitOrderCancelConfirmation), ParameterKind.Bool,
            "Should the strategy wait to receive a confirmation for orders cancelation before creating new orders? (Yes/No) >>> ", "true"),
        new("split_order_levels_enabled", nameof(PureMarketMakingConfig.SplitOrderLevelsEnabled), ParameterKind.Bool,
            "Do you want bid and ask orders to be placed at multiple defined spread and amount? This acts as an override which replaces order_amount, order_spreads, order_level_amount, order_level_spreads (Yes/No) >>> ", "false"),
        new("bid_order_level_spreads", nameof(PureMarketMakingConfig.BidOrderLevelSpreads), ParameterKind.PercentList,
            "Enter the spreads (as percentage) for all bid spreads e.g 1,2,3,4 to represent 1%,2%,3%,4% >>> ", null)
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false, RequiredIf = a => IsTrue(a, "split_order_levels_enabled") },
        new("ask_order_level_spreads", nameof(PureMarketMakingConfig.AskOrderLevelSpreads), ParameterKind.PercentList,
            "Enter the spreads (as percentage) for all ask spreads e.g 1,2,3,4 to represent 1%,2%,3%,4% >>> ", null)
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false, RequiredIf = a => IsTrue(a, "split_order_levels_enabled") },
        new("bid_order_level_amounts", nameof(PureMarketMakingConfig.BidOrderLevelAmounts), ParameterKind.DecimalList,
            "Enter the amount for all bid amounts e.g 1,2,3,4 >>> ", null)
            { Min = 0m, MinInclusive = false, RequiredIf = a => IsTrue(a, "split_order_levels_enabled") },
        new("ask_order_level_amounts", nameof(PureMarketMakingConfig.AskOrderLevelAmounts), ParameterKind.DecimalList,
            "Enter the amount for all ask amounts e.g 1,2,3,4 >>> ", null)
            { Min = 0m, MinInclusive = false, RequiredIf = a => IsTrue(a, "split_order_levels_enabled") },
    ];

    /// <summary>Host settings KrakenBot adds to the file (<see cref="PureMarketMakingSettings"/>).</summary>
    public static IReadOnlyList<StrategyParameter> Host { get; } =
    [
        new("tick_interval", nameof(PureMarketMakingSettings.TickInterval), ParameterKind.Seconds,
            "How often should the strategy's clock tick (in seconds, at least 0.1)? >>> ", "1") { Min = 0.1m },
        new("kill_switch_rate", nameof(PureMarketMakingSettings.KillSwitchRate), ParameterKind.Percent,
            "At what return since start should the bot stop? (e.g. -5 stops a 5% loss, 10 takes a 10% profit; empty: off) >>> ", null)
            { Min = -1m, MinInclusive = false, Max = 1m, MaxInclusive = false },
        new("kill_switch_max_drawdown", nameof(PureMarketMakingSettings.KillSwitchMaxDrawdown), ParameterKind.Percent,
            "At what drawdown from peak equity should the bot stop? (Enter 5 for 5%; empty: off) >>> ", null)
            { Min = 0m, MinInclusive = false, Max = 1m, MaxInclusive = false },
        new("kill_switch_action", nameof(PureMarketMakingSettings.KillSwitchAction), ParameterKind.Choice,
            "What should the kill switch do? (stop/pause) >>> ", "stop") { Choices = ["stop", "pause"] },
        new("dead_man_switch_timeout", nameof(PureMarketMakingSettings.DeadManSwitchTimeout), ParameterKind.Seconds,
            "After how many seconds without the bot should Kraken cancel its orders? (3 to 86399; 0: off) >>> ", "60")
            { Min = 3m, Max = 86399m, Sentinels = [0m] },
    ];

    /// <summary>Every key of a PMM file, strategy parameters first.</summary>
    public static IReadOnlyList<StrategyParameter> All { get; } = [.. Strategy, .. Host];

    /// <summary>A parameter by key, or null.</summary>
    public static StrategyParameter? Find(string key) => All.FirstOrDefault(p => p.Key == key);

    /// <summary>Checks a config built in code with the same ranges and rules as a file.</summary>
    /// <exception cref="ConfigException">A value is out of range or contradicts another.</exception>
    public static void Validate(PureMarketMakingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var parameter in Strategy)
        {
            parameter.CheckInternal(parameter.PropertyOn(typeof(PureMarketMakingConfig)).GetValue(config));
        }

        CheckRules(config);
    }

    /// <summary>The rules between parameters (research §1.1).</summary>
    /// <exception cref="ConfigException">Two values contradict each other, or a value needed by another is missing.</exception>
    internal static void CheckRules(PureMarketMakingConfig config)
    {
        if (config.Market is null)
        {
            throw new ConfigException("market", null, "market: the pair to quote is required, e.g. BTC-USD.");
        }

        if (config.PriceCeiling != -1m && config.PriceFloor != -1m && config.PriceCeiling < config.PriceFloor)
        {
            throw new ConfigException("price_ceiling", config.PriceCeiling.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"price_ceiling: {config.PriceCeiling} is below price_floor {config.PriceFloor}: the ceiling must be at least the floor.");
        }

        switch (config.PriceSource)
        {
            case PriceSource.ExternalMarket when config.PriceSourceMarket is null:
                throw new ConfigException("price_source_market", null,
                    "price_source_market: required with price_source external_market (e.g. BTC-EUR).");
            case PriceSource.ExternalMarket when config.PriceSourceMarket == config.Market:
                throw new ConfigException("price_source_market", config.PriceSourceMarket.ToString(),
                    $"price_source_market: {config.PriceSourceMarket} is the maker market itself: use price_source current_market, or another pair.");
            case PriceSource.CustomApi when config.PriceSourceCustomApi is null:
                throw new ConfigException("price_source_custom_api", null, "price_source_custom_api: required with price_source custom_api (an http(s) URL).");
            case PriceSource.CustomApi when config.PriceType != PriceType.Custom:
                throw new ConfigException("price_type", ToSnake(config.PriceType), "price_type: with price_source custom_api it must be custom.");
            case not PriceSource.CustomApi when config.PriceType == PriceType.Custom:
                throw new ConfigException("price_type", "custom", "price_type: custom needs price_source custom_api.");
        }

        foreach (var entry in config.OrderOverride)
        {
            if (entry.Amount <= 0 || entry.Spread <= -1m || entry.Spread >= 1m)
            {
                throw new ConfigException("order_override", entry.Name,
                    $"order_override: entry '{entry.Name}' needs a spread above -100 and below 100 % and a positive amount.");
            }
        }
    }

    /// <summary><c>MidPrice</c> → <c>mid_price</c>.</summary>
    internal static string ToSnake<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        string name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
