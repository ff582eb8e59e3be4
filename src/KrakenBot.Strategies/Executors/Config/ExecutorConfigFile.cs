using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking.Config;

namespace KrakenBot.Strategies.Executors.Config;

/// <summary>An executor config file as loaded: the strategy id, the exchange, the executor type and pair, how to build it, the host's settings.</summary>
/// <param name="StrategyId">The id (the file's name unless given); also the executor's id.</param>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>.</param>
/// <param name="Type">The executor type, e.g. <c>position_executor</c>.</param>
/// <param name="Pair">Its pair.</param>
/// <param name="Create">A fresh executor, run it with <see cref="ExecutorStrategy"/>.</param>
/// <param name="Settings">Tick, kill switch and dead man's switch (the same keys as pure market making's).</param>
public sealed record LoadedExecutorConfig(string StrategyId, string Exchange, string Type, TradingPair Pair, Func<Executor> Create,
    PureMarketMakingSettings Settings);

/// <summary>
/// Reads executor configs (YAML): <c>strategy:</c> one of <c>position_executor</c>, <c>twap_executor</c>,
/// <c>dca_executor</c>, <c>grid_executor</c>, <c>order_executor</c>, with Hummingbot's parameter names. Like every
/// KrakenBot config, percentages are written in percent (<c>take_profit: 2</c> is 2 %; Hummingbot's V2 configs write
/// 0.02) and times in seconds; nested settings may be written as mappings or dotted keys.
/// </summary>
/// <example>
/// <code>
/// strategy: position_executor
/// exchange: kraken_paper_trade
/// market: BTC-USD
/// side: buy
/// amount: 0.01
/// take_profit: 2            # percent of the entry, after fees
/// stop_loss: 3
/// time_limit: 2700          # seconds
/// trailing_stop:
///   activation_price: 1.5   # percent
///   trailing_delta: 0.5
/// open_order_type: limit    # limit, limit_maker or market
/// take_profit_order_type: market
/// </code>
/// </example>
public static class ExecutorConfigFile
{
    /// <summary>The executor types a file may name.</summary>
    public static IReadOnlyList<string> Types { get; } =
        [PositionExecutor.Name, TwapExecutor.Name, DcaExecutor.Name, GridExecutor.Name, OrderExecutor.Name];

    /// <summary>Whether a YAML text names an executor (<c>strategy: position_executor</c> etc.).</summary>
    public static bool IsFor(string yaml) => ConfigValues.NamesStrategy(yaml, Types);

    /// <summary>Loads a config file; the strategy id is the file name without extension unless given.</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown.</exception>
    public static LoadedExecutorConfig Load(string path, string? strategyId = null) =>
        Parse(File.ReadAllText(path), strategyId ?? Path.GetFileNameWithoutExtension(path));

    /// <summary>Parses YAML text.</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown.</exception>
    public static LoadedExecutorConfig Parse(string yaml, string strategyId)
    {
        var v = ConfigValues.Parse(yaml);
        _ = v.Text("template_version");
        string type = v.Required("strategy", $"one of {string.Join(", ", Types)}");
        if (!Types.Contains(type)) throw new ConfigException("strategy", type, $"strategy: '{type}' is not one of {string.Join(", ", Types)}.");
        string exchange = v.Exchange();
        var pair = v.Pair("market");
        var side = v.Choice("side", (OrderSide?)null, ("buy", OrderSide.Buy), ("sell", OrderSide.Sell))
            ?? throw new ConfigException("side", null, "side: a value is required: buy or sell.");

        Func<Executor> create;
        try
        {
            create = type switch
            {
                PositionExecutor.Name => Position(v, strategyId, pair, side),
                TwapExecutor.Name => Twap(v, strategyId, pair, side),
                DcaExecutor.Name => Dca(v, strategyId, pair, side),
                GridExecutor.Name => Grid(v, strategyId, pair, side),
                _ => Order(v, strategyId, pair, side),
            };
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(e.ParamName ?? "(file)", null, e.Message.Split(" (Parameter")[0], e);
        }

        v.RefuseUnknown(type);
        return new LoadedExecutorConfig(strategyId, exchange, type, pair, create, PureMarketMakingConfigFile.ParseHostSettings(v.HostTexts));
    }

    private static Func<Executor> Position(ConfigValues v, string id, TradingPair pair, OrderSide side)
    {
        var config = new PositionExecutorConfig
        {
            Pair = pair, Side = side, Amount = v.Positive("amount", $"the position's size in {pair.Base}"),
            EntryPrice = v.Decimal("entry_price", min: 0m, minInclusive: false), ActivationBounds = v.Percent("activation_bounds"),
            Barrier = new TripleBarrier
            {
                TakeProfit = v.Percent("take_profit"), StopLoss = v.Percent("stop_loss"), TimeLimit = v.Seconds("time_limit"),
                TrailingStop = Trailing(v), OpenOrderType = OrderTypeOf(v, "open_order_type", OrderType.Limit),
                TakeProfitOrderType = OrderTypeOf(v, "take_profit_order_type", OrderType.Market),
            },
        };
        _ = new PositionExecutor(id, config); // checks the settings now, not when the bot starts
        return () => new PositionExecutor(id, config);
    }

    private static Func<Executor> Twap(ConfigValues v, string id, TradingPair pair, OrderSide side)
    {
        var config = new TwapExecutorConfig
        {
            Pair = pair, Side = side, TotalAmountQuote = v.Positive("total_amount_quote", $"how much {pair.Quote} to trade in all"),
            TotalDuration = v.Seconds("total_duration") ?? throw new ConfigException("total_duration", null, "total_duration: a value is required: seconds from the first slice to the last."),
            OrderInterval = v.Seconds("order_interval") ?? throw new ConfigException("order_interval", null, "order_interval: a value is required: seconds between slices."),
            Mode = Mode(v, ExecutionMode.Taker),
            LimitOrderBuffer = v.Percent("limit_order_buffer") ?? 0.0005m,
            OrderResubmissionTime = v.Seconds("order_resubmission_time") ?? TimeSpan.FromSeconds(30),
        };
        _ = new TwapExecutor(id, config);
        return () => new TwapExecutor(id, config);
    }

    private static Func<Executor> Dca(ConfigValues v, string id, TradingPair pair, OrderSide side)
    {
        var config = new DcaExecutorConfig
        {
            Pair = pair, Side = side, AmountsQuote = v.List("amounts_quote", $"the {pair.Quote} of each level, e.g. [100, 200]"),
            Prices = v.List("prices", "the price of each level, e.g. [59000, 58000]"),
            TakeProfit = v.Percent("take_profit"), StopLoss = v.Percent("stop_loss"), TrailingStop = Trailing(v), TimeLimit = v.Seconds("time_limit"),
            Mode = Mode(v, ExecutionMode.Maker), ActivationBounds = v.Percent("activation_bounds"),
        };
        _ = new DcaExecutor(id, config);
        return () => new DcaExecutor(id, config);
    }

    private static Func<Executor> Grid(ConfigValues v, string id, TradingPair pair, OrderSide side)
    {
        var config = new GridExecutorConfig
        {
            Pair = pair, Side = side,
            StartPrice = v.Positive("start_price", "the lowest level's price"), EndPrice = v.Positive("end_price", "the highest level's price"),
            LimitPrice = v.Positive("limit_price", "the price past which the grid stops"),
            TotalAmountQuote = v.Positive("total_amount_quote", $"how much {pair.Quote} all levels trade"),
            MinSpreadBetweenOrders = v.Percent("min_spread_between_orders") ?? 0.0005m,
            MinOrderAmountQuote = v.Decimal("min_order_amount_quote", min: 0m, minInclusive: false) ?? 5m,
            MaxOpenOrders = (int)(v.Decimal("max_open_orders", min: 1m, max: 100m) ?? 5m),
            ActivationBounds = v.Percent("activation_bounds"), SafeExtraSpread = v.Percent("safe_extra_spread") ?? 0.0001m,
            TakeProfit = v.Percent("take_profit"), StopLoss = v.Percent("stop_loss"), TimeLimit = v.Seconds("time_limit"),
            KeepPosition = v.Bool("keep_position"),
        };
        _ = new GridExecutor(id, config);
        return () => new GridExecutor(id, config);
    }

    private static Func<Executor> Order(ConfigValues v, string id, TradingPair pair, OrderSide side)
    {
        var strategy = v.Choice("execution_strategy", ExecutionStrategy.Limit, ("limit", ExecutionStrategy.Limit), ("limit_maker", ExecutionStrategy.LimitMaker),
            ("market", ExecutionStrategy.Market), ("limit_chaser", ExecutionStrategy.LimitChaser));
        decimal? distance = v.Decimal("chaser_config.distance", min: 0m, max: 100m, maxInclusive: false) / 100m; // percent; 0 sits at the best price
        decimal? threshold = v.Percent("chaser_config.refresh_threshold");
        var config = new OrderExecutorConfig
        {
            Pair = pair, Side = side, Amount = v.Positive("amount", $"the order's size in {pair.Base}"), ExecutionStrategy = strategy,
            Price = v.Decimal("price", min: 0m, minInclusive: false),
            Chaser = strategy == ExecutionStrategy.LimitChaser ? new LimitChaserConfig(distance ?? 0m, threshold ?? 0.001m) : null,
        };
        _ = new OrderExecutor(id, config);
        return () => new OrderExecutor(id, config);
    }

    private static TrailingStop? Trailing(ConfigValues v)
    {
        decimal? activation = v.Percent("trailing_stop.activation_price");
        decimal? delta = v.Percent("trailing_stop.trailing_delta");
        if (activation is null && delta is null) return null;
        if (activation is null || delta is null)
            throw new ConfigException("trailing_stop", null, "trailing_stop: give both activation_price and trailing_delta (percents).");
        return new TrailingStop(activation.Value, delta.Value);
    }

    private static ExecutionMode Mode(ConfigValues v, ExecutionMode fallback) =>
        v.Choice("mode", fallback, ("taker", ExecutionMode.Taker), ("maker", ExecutionMode.Maker));

    private static OrderType OrderTypeOf(ConfigValues v, string key, OrderType fallback) =>
        v.Choice(key, fallback, ("limit", OrderType.Limit), ("limit_maker", OrderType.LimitMaker), ("market", OrderType.Market));
}
