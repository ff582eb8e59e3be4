using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking.Config;
using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.Avellaneda.Config;

/// <summary>An Avellaneda config file as loaded: the strategy id, the exchange it trades on, the strategy's and the host's settings.</summary>
/// <param name="StrategyId">The id (the file's name unless given).</param>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>.</param>
/// <param name="Config">The strategy's settings.</param>
/// <param name="Settings">Tick, kill switch and dead man's switch (the same keys as pure market making's).</param>
public sealed record LoadedAvellanedaConfig(string StrategyId, string Exchange, AvellanedaConfig Config, PureMarketMakingSettings Settings);

/// <summary>
/// Reads Avellaneda–Stoikov configs (YAML, Hummingbot's keys: percents in the file, fractions inside). Every bad value
/// is refused with its key, the value and what is allowed.
/// </summary>
public static class AvellanedaConfigFile
{
    /// <summary>The strategy name in the file.</summary>
    public const string StrategyName = "avellaneda_market_making";

    private static readonly HashSet<string> HostKeys = [.. PureMarketMakingParameters.Host.Select(p => p.Key)];

    private static readonly HashSet<string> Keys =
    [
        "template_version", "strategy", "exchange", "market", "order_amount", "risk_factor", "order_amount_shape_factor", "min_spread",
        "order_refresh_time", "order_refresh_tolerance_pct", "filled_order_delay", "inventory_target_base_pct",
        "volatility_buffer_size", "trading_intensity_buffer_size", "sigma_convention", "execution_timeframe_mode",
        "execution_timeframe_start", "execution_timeframe_end", "order_levels_mode", "order_levels", "level_distances",
        "hanging_orders_mode", "hanging_orders_cancel_pct",
    ];

    /// <summary>Loads a config file; the strategy id is the file name without extension unless given.</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown.</exception>
    public static LoadedAvellanedaConfig Load(string path, string? strategyId = null) =>
        Parse(File.ReadAllText(path), strategyId ?? Path.GetFileNameWithoutExtension(path));

    /// <summary>Parses YAML text.</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown.</exception>
    public static LoadedAvellanedaConfig Parse(string yaml, string strategyId)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var hostTexts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var root = ConfigYaml.ReadRoot(yaml);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string? value = (valueNode as YamlScalarNode)?.Value is { } v && v is not ("" or "null" or "~") ? v : null;
            if (HostKeys.Contains(key)) hostTexts[key] = value;
            else if (Keys.Contains(key)) values[key] = value;
            else throw new ConfigException(key, value, $"{key}: unknown parameter of {StrategyName}.");
        }
        if (values.GetValueOrDefault("strategy") is { } strategy && strategy != StrategyName)
            throw new ConfigException("strategy", strategy, $"strategy: '{strategy}' is not {StrategyName}.");

        string exchange = values.GetValueOrDefault("exchange") ?? "kraken";
        if (exchange is not ("kraken" or "kraken_paper_trade"))
            throw new ConfigException("exchange", exchange, $"exchange: '{exchange}' must be kraken or kraken_paper_trade.");
        string market = values.GetValueOrDefault("market") ?? throw new ConfigException("market", null, "market: a value is required (e.g. BTC-USD).");
        if (!TradingPair.TryParse(market.Replace('/', '-'), out var pair))
            throw new ConfigException("market", market, $"market: '{market}' is not a pair such as BTC-USD.");

        var config = new AvellanedaConfig
        {
            Market = pair,
            OrderAmount = Decimal(values, "order_amount", null, min: 0m, minInclusive: false) ?? throw new ConfigException("order_amount", null, "order_amount: a value is required (above 0)."),
            RiskFactor = (double)(Decimal(values, "risk_factor", 1m, min: 0m, minInclusive: false) ?? 1m),
            OrderAmountShapeFactor = (double)(Decimal(values, "order_amount_shape_factor", 0m, min: 0m) ?? 0m),
            MinSpread = (Decimal(values, "min_spread", 0m, min: 0m, max: 100m, maxInclusive: false) ?? 0m) / 100m,
            OrderRefreshTime = TimeSpan.FromSeconds((double)(Decimal(values, "order_refresh_time", 30m, min: 0m, minInclusive: false) ?? 30m)),
            OrderRefreshTolerance = (Decimal(values, "order_refresh_tolerance_pct", 0m, min: 0m, max: 100m) ?? 0m) / 100m,
            FilledOrderDelay = TimeSpan.FromSeconds((double)(Decimal(values, "filled_order_delay", 60m, min: 0m) ?? 60m)),
            InventoryTargetBase = (Decimal(values, "inventory_target_base_pct", 50m, min: 0m, max: 100m) ?? 50m) / 100m,
            VolatilityBufferSize = (int)(Decimal(values, "volatility_buffer_size", 200m, min: 1m, max: 10_000m) ?? 200m),
            TradingIntensityBufferSize = (int)(Decimal(values, "trading_intensity_buffer_size", 200m, min: 1m, max: 10_000m) ?? 200m),
            Sigma = (values.GetValueOrDefault("sigma_convention") ?? "paper_exact") switch
            {
                "paper_exact" => SigmaConvention.PaperExact,
                "hummingbot" => SigmaConvention.Hummingbot,
                var other => throw new ConfigException("sigma_convention", other, $"sigma_convention: '{other}' must be paper_exact (σ², the paper) or hummingbot (σ)."),
            },
            Timeframe = Timeframe(values),
            OrderLevels = Levels(values),
            LevelDistance = (Decimal(values, "level_distances", 0m, min: 0m) ?? 0m) / 100m,
            HangingOrdersEnabled = (values.GetValueOrDefault("hanging_orders_mode") ?? "ignore") switch
            {
                "ignore" => false,
                "track_hanging_orders" => true,
                var other => throw new ConfigException("hanging_orders_mode", other, $"hanging_orders_mode: '{other}' must be ignore or track_hanging_orders."),
            },
            HangingOrdersCancel = (Decimal(values, "hanging_orders_cancel_pct", 10m, min: 0m, minInclusive: false, max: 100m, maxInclusive: false) ?? 10m) / 100m,
        };
        var settings = PureMarketMakingConfigFile.ParseHostSettings(hostTexts);
        return new LoadedAvellanedaConfig(strategyId, exchange, config, settings);
    }

    /// <summary>Whether a YAML text names this strategy (<c>strategy: avellaneda_market_making</c>).</summary>
    public static bool IsFor(string yaml) =>
        yaml.Split('\n').Any(line => line.Trim().Replace(" ", "", StringComparison.Ordinal) == "strategy:" + StrategyName);

    private static decimal? Decimal(Dictionary<string, string?> values, string key, decimal? fallback, decimal? min = null, bool minInclusive = true,
        decimal? max = null, bool maxInclusive = true)
    {
        if (values.GetValueOrDefault(key) is not { } text) return fallback;
        string range = string.Join(" and ", new[]
        {
            min is { } lo ? $"{(minInclusive ? "at least" : "above")} {lo.ToString(CultureInfo.InvariantCulture)}" : null,
            max is { } hi ? $"{(maxInclusive ? "at most" : "below")} {hi.ToString(CultureInfo.InvariantCulture)}" : null,
        }.Where(p => p is not null));
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            throw new ConfigException(key, text, $"{key}: '{text}' is not a number{(range.Length > 0 ? $"; it must be {range}" : "")}.");
        bool tooLow = min is { } m && (minInclusive ? value < m : value <= m);
        bool tooHigh = max is { } x && (maxInclusive ? value > x : value >= x);
        if (tooLow || tooHigh) throw new ConfigException(key, text, $"{key}: {text} is out of range: it must be {range}.");
        return value;
    }

    // Hummingbot: single (one order a side) or multi_order_level with order_levels of at least 2 (default 2).
    private static int Levels(Dictionary<string, string?> values)
    {
        string mode = values.GetValueOrDefault("order_levels_mode") ?? "single";
        if (mode == "single")
        {
            if (values.GetValueOrDefault("order_levels") is { } given && given != "1")
                throw new ConfigException("order_levels", given, $"order_levels: {given} needs order_levels_mode: multi_order_level.");
            return 1;
        }
        if (mode != "multi_order_level")
            throw new ConfigException("order_levels_mode", mode, $"order_levels_mode: '{mode}' must be single or multi_order_level.");
        decimal levels = Decimal(values, "order_levels", 2m, min: 2m, max: 100m) ?? 2m;
        if (levels != decimal.Truncate(levels))
            throw new ConfigException("order_levels", values["order_levels"], $"order_levels: {values["order_levels"]} must be a whole number of orders per side.");
        return (int)levels;
    }

    private static ExecutionTimeframe Timeframe(Dictionary<string, string?> values)
    {
        string mode = values.GetValueOrDefault("execution_timeframe_mode") ?? "infinite";
        string? start = values.GetValueOrDefault("execution_timeframe_start"), end = values.GetValueOrDefault("execution_timeframe_end");
        switch (mode)
        {
            case "infinite":
                return ExecutionTimeframe.Infinite;
            case "from_date_to_date":
                if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
                    throw new ConfigException("execution_timeframe_start", start, $"execution_timeframe_start: '{start}' is not a date and time such as 2026-12-24 09:00:00 (UTC).");
                if (!DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to) || to <= from)
                    throw new ConfigException("execution_timeframe_end", end, $"execution_timeframe_end: '{end}' must be a date and time after the start.");
                return new FromDateToDate(from, to);
            case "daily_between_times":
                if (!TimeOnly.TryParse(start, CultureInfo.InvariantCulture, out var open))
                    throw new ConfigException("execution_timeframe_start", start, $"execution_timeframe_start: '{start}' is not a time of day such as 09:00:00 (UTC).");
                if (!TimeOnly.TryParse(end, CultureInfo.InvariantCulture, out var close))
                    throw new ConfigException("execution_timeframe_end", end, $"execution_timeframe_end: '{end}' is not a time of day such as 17:00:00 (UTC).");
                return new DailyBetweenTimes(open, close);
            default:
                throw new ConfigException("execution_timeframe_mode", mode, $"execution_timeframe_mode: '{mode}' must be infinite, from_date_to_date or daily_between_times.");
        }
    }
}
