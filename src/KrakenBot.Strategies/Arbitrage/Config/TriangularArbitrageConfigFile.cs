using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking.Config;
using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.Arbitrage.Config;

/// <summary>A triangular arbitrage config file as loaded: the strategy id, the exchange, the strategy's and the host's settings.</summary>
/// <param name="StrategyId">The id (the file's name unless given).</param>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>.</param>
/// <param name="Config">The strategy's settings.</param>
/// <param name="Settings">Tick, kill switch and dead man's switch (the same keys as pure market making's).</param>
public sealed record LoadedTriangularArbitrageConfig(string StrategyId, string Exchange, TriangularArbitrageConfig Config, PureMarketMakingSettings Settings);

/// <summary>
/// Reads triangular arbitrage configs (YAML). Percents in the file (<c>min_profitability: 0.3</c> is 0.3 %, as in
/// Hummingbot's arbitrage strategies), fractions inside. Every bad value is refused with its key, the value and what is allowed.
/// </summary>
/// <example>
/// <code>
/// strategy: triangular_arbitrage
/// exchange: kraken
/// pairs: [BTC-USD, ETH-BTC, ETH-USD]
/// start_asset: USD
/// order_amount: 500          # in the start asset, fee included
/// min_profitability: 0.3     # percent, after fees
/// taker_fee_pct: 0.26        # optional: instead of the account's tier
/// </code>
/// </example>
public static class TriangularArbitrageConfigFile
{
    /// <summary>The strategy name in the file.</summary>
    public const string StrategyName = TriangularArbitrage.Name;

    private static readonly HashSet<string> HostKeys = [.. PureMarketMakingParameters.Host.Select(p => p.Key)];

    private static readonly HashSet<string> Keys =
    [
        "template_version", "strategy", "exchange", "pairs", "start_asset", "order_amount", "min_profitability", "taker_fee_pct",
        "cooldown", "leg_timeout", "balance_wait", "max_unwind_attempts",
    ];

    /// <summary>Whether a YAML text names this strategy (<c>strategy: triangular_arbitrage</c>).</summary>
    public static bool IsFor(string yaml) =>
        yaml.Split('\n').Any(line => line.Trim().Replace(" ", "", StringComparison.Ordinal) == "strategy:" + StrategyName);

    /// <summary>Loads a config file; the strategy id is the file name without extension unless given.</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown.</exception>
    public static LoadedTriangularArbitrageConfig Load(string path, string? strategyId = null) =>
        Parse(File.ReadAllText(path), strategyId ?? Path.GetFileNameWithoutExtension(path));

    /// <summary>Parses YAML text.</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown.</exception>
    public static LoadedTriangularArbitrageConfig Parse(string yaml, string strategyId)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var hostTexts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var root = ConfigYaml.ReadRoot(yaml);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string? value = valueNode switch
            {
                YamlSequenceNode list => string.Join(",", list.Children.Select(c => (c as YamlScalarNode)?.Value)),
                YamlScalarNode { Value: { } v } when v is not ("" or "null" or "~") => v,
                _ => null,
            };
            if (HostKeys.Contains(key)) hostTexts[key] = value;
            else if (Keys.Contains(key)) values[key] = value;
            else throw new ConfigException(key, value, $"{key}: unknown parameter of {StrategyName}.");
        }

        if (values.GetValueOrDefault("strategy") is { } strategy && strategy != StrategyName)
            throw new ConfigException("strategy", strategy, $"strategy: '{strategy}' is not {StrategyName}.");
        string exchange = values.GetValueOrDefault("exchange") ?? "kraken";
        if (exchange is not ("kraken" or "kraken_paper_trade"))
            throw new ConfigException("exchange", exchange, $"exchange: '{exchange}' must be kraken or kraken_paper_trade.");

        var pairs = Pairs(values.GetValueOrDefault("pairs"));
        string? start = values.GetValueOrDefault("start_asset");
        var config = new TriangularArbitrageConfig
        {
            Pairs = pairs,
            StartAsset = start,
            OrderAmount = Decimal(values, "order_amount", null, min: 0m, minInclusive: false)
                ?? throw new ConfigException("order_amount", null, "order_amount: a value is required: how much of the start asset one cycle spends (above 0)."),
            MinProfitability = (Decimal(values, "min_profitability", 0.3m, min: 0m, max: 100m) ?? 0.3m) / 100m,
            TakerFeePercent = Decimal(values, "taker_fee_pct", null, min: 0m, max: 100m, maxInclusive: false),
            Cooldown = Seconds(values, "cooldown", 1m, min: 0m),
            LegTimeout = Seconds(values, "leg_timeout", 10m, min: 0m, minInclusive: false),
            BalanceWait = Seconds(values, "balance_wait", 5m, min: 0m),
            MaxUnwindAttempts = (int)(Decimal(values, "max_unwind_attempts", 5m, min: 1m, max: 100m) ?? 5m),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName == nameof(TriangularArbitrageConfig.StartAsset) || e.ParamName == "startAsset" ? "start_asset" : "pairs";
            throw new ConfigException(key, key == "start_asset" ? start : values.GetValueOrDefault("pairs"), $"{key}: {e.Message.Split(" (Parameter")[0]}", e);
        }

        return new LoadedTriangularArbitrageConfig(strategyId, exchange, config, PureMarketMakingConfigFile.ParseHostSettings(hostTexts));
    }

    private static IReadOnlyList<TradingPair> Pairs(string? text)
    {
        const string Example = "write three pairs, e.g. pairs: [BTC-USD, ETH-BTC, ETH-USD]";
        if (text is null) throw new ConfigException("pairs", null, $"pairs: a value is required: {Example}.");
        var pairs = new List<TradingPair>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TradingPair.TryParse(part.Replace('/', '-'), out var pair))
                throw new ConfigException("pairs", text, $"pairs: '{part}' is not a pair such as BTC-USD; {Example}.");
            pairs.Add(pair);
        }

        return pairs;
    }

    private static TimeSpan Seconds(Dictionary<string, string?> values, string key, decimal fallback, decimal min, bool minInclusive = true) =>
        TimeSpan.FromSeconds((double)(Decimal(values, key, fallback, min: min, minInclusive: minInclusive, max: 86_400m) ?? fallback));

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
}
