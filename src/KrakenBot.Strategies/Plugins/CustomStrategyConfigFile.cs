using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking.Config;
using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.Plugins;

/// <summary>A config of the user's own strategy, as loaded.</summary>
/// <param name="StrategyId">The id (the file's name unless given).</param>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>.</param>
/// <param name="Factory">Builds the strategy (its class and bound settings).</param>
/// <param name="Kind">The strategy's <see cref="Strategy.Kind"/>.</param>
/// <param name="Pair">The strategy's <see cref="Strategy.Pair"/>.</param>
/// <param name="Settings">Tick, kill switch and dead man's switch (the same keys as every KrakenBot config).</param>
public sealed record LoadedCustomStrategy(string StrategyId, string Exchange, StrategyFactory Factory, string Kind,
    Connector.Trading.TradingPair Pair, PureMarketMakingSettings Settings);

/// <summary>
/// Reads the config of a strategy class of the user's own (<c>krakenbot start --strategy-assembly PATH --config FILE</c>):
/// <c>strategy:</c> names the class, <c>exchange:</c> and the host keys (<c>tick_interval</c>, <c>kill_switch_*</c>,
/// <c>dead_man_switch_timeout</c>) are KrakenBot's, and every other key is bound to the settings class the strategy's
/// constructor takes (<c>spread_bps</c> → <c>SpreadBps</c>).
/// </summary>
/// <example>
/// <code>
/// strategy: MyStrategy.QuoteUnderMid   # full class name, or the short name when unique in the assembly
/// exchange: kraken_paper_trade
/// tick_interval: 1
/// market: BTC-USD                      # from here on: QuoteUnderMid's settings
/// spread_bps: 10
/// amount: 0.001
/// </code>
/// </example>
public static class CustomStrategyConfigFile
{
    private static readonly HashSet<string> KrakenBotKeys = ["template_version", "strategy", "exchange"];

    /// <summary>Loads <paramref name="yaml"/> for a class of the assembly at <paramref name="assemblyPath"/>, and builds the strategy once to check it.</summary>
    /// <exception cref="StrategyLoadException">The assembly, the class or its constructor is the problem (the message says how to fix it).</exception>
    /// <exception cref="ConfigException">A key or value of the file is bad.</exception>
    public static LoadedCustomStrategy Parse(string yaml, string strategyId, string assemblyPath)
    {
        var root = ConfigYaml.ReadRoot(yaml);
        string? Text(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

        string name = Text("strategy") is { Length: > 0 } n ? n : throw new ConfigException("strategy", null,
            "strategy: a value is required: the full name of your strategy class (e.g. MyStrategy.QuoteUnderMid), or its short name when unique.");
        string exchange = Text("exchange") ?? "kraken";
        if (exchange is not ("kraken" or "kraken_paper_trade"))
            throw new ConfigException("exchange", exchange, $"exchange: '{exchange}' must be kraken or kraken_paper_trade.");

        var hostKeys = PureMarketMakingParameters.Host.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var host = new Dictionary<string, string?>(StringComparer.Ordinal);
        var own = new List<KeyValuePair<YamlNode, YamlNode>>();
        foreach (var entry in root.Children)
        {
            string key = ((YamlScalarNode)entry.Key).Value ?? "";
            if (KrakenBotKeys.Contains(key)) continue;
            if (hostKeys.Contains(key)) host[key] = (entry.Value as YamlScalarNode)?.Value;
            else own.Add(entry);
        }

        var type = StrategyAssembly.Load(assemblyPath).FindStrategy(name);
        var factory = StrategyFactory.For(type, own);
        var check = factory.Create();
        string kind;
        Connector.Trading.TradingPair pair;
        try
        {
            kind = check.Kind;
            pair = check.Pair;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new StrategyLoadException($"{type.FullName}.Kind or .Pair threw {e.GetType().Name}: {e.Message}. They must answer from the settings alone (before start).", e);
        }

        return new LoadedCustomStrategy(strategyId, exchange, factory, kind, pair, PureMarketMakingConfigFile.ParseHostSettings(host));
    }
}
