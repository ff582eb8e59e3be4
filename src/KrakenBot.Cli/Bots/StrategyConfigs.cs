using KrakenBot.Cli.Output;
using KrakenBot.Strategies.Arbitrage;
using KrakenBot.Strategies.Arbitrage.Config;
using KrakenBot.Strategies.Avellaneda;
using KrakenBot.Strategies.Avellaneda.Config;
using KrakenBot.Strategies.Controllers.Config;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Executors.Config;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.MarketMaking.Config;
using KrakenBot.Strategies.Plugins;

namespace KrakenBot.Cli.Bots;

/// <summary>A strategy config file as the CLI runs it: which strategy (by the file's <c>strategy:</c> key), where, and how to build it.</summary>
/// <param name="StrategyId">The bot's id.</param>
/// <param name="Kind">The strategy name, e.g. <c>pure_market_making</c>.</param>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>.</param>
/// <param name="Market">The pair, e.g. <c>BTC-USD</c>.</param>
/// <param name="Create">A fresh strategy object (the HTTP client serves price sources such as <c>custom_api</c>).</param>
/// <param name="Settings">Tick, kill switch, dead man's switch.</param>
internal sealed record LoadedStrategy(string StrategyId, string Kind, string Exchange, string Market, Func<HttpClient?, Strategy> Create,
    PureMarketMakingSettings Settings)
{
    public StrategyHostOptions HostOptions(bool resetState = false) => Settings.ToHostOptions(StrategyId, resetState);
}

/// <summary>Loads the config files the CLI runs: pure market making (Hummingbot's template), Avellaneda–Stoikov, triangular arbitrage, an executor or a controller of several.</summary>
internal static class StrategyConfigs
{
    /// <summary>The file at <paramref name="path"/>; a bad value is a configuration error naming it.</summary>
    /// <param name="overrides">Values replaced (a backtest sweep); pure market making only.</param>
    /// <param name="strategyAssembly">The user's compiled strategies (<c>--strategy-assembly</c>): the file's <c>strategy:</c> names one of its classes.</param>
    public static LoadedStrategy Load(string path, string? id, IReadOnlyDictionary<string, string>? overrides = null, string? strategyAssembly = null)
    {
        string yaml = File.ReadAllText(path);
        string strategyId = id ?? Path.GetFileNameWithoutExtension(path);
        try
        {
            if (strategyAssembly is not null)
            {
                if (overrides is { Count: > 0 }) throw CliException.Usage("--sweep works on pure market making configs only (for now).");
                var c = CustomStrategyConfigFile.Parse(yaml, strategyId, strategyAssembly);
                return new LoadedStrategy(c.StrategyId, c.Kind, c.Exchange, c.Pair.ToString(), _ => c.Factory.Create(), c.Settings);
            }
            if (AvellanedaConfigFile.IsFor(yaml))
            {
                if (overrides is { Count: > 0 }) throw CliException.Usage("--sweep works on pure market making configs only (for now).");
                var a = AvellanedaConfigFile.Parse(yaml, strategyId);
                return new LoadedStrategy(a.StrategyId, AvellanedaConfigFile.StrategyName, a.Exchange, a.Config.Market.ToString(),
                    _ => new AvellanedaMarketMaking(a.Config), a.Settings);
            }
            if (TriangularArbitrageConfigFile.IsFor(yaml))
            {
                if (overrides is { Count: > 0 }) throw CliException.Usage("--sweep works on pure market making configs only (for now).");
                var t = TriangularArbitrageConfigFile.Parse(yaml, strategyId);
                return new LoadedStrategy(t.StrategyId, TriangularArbitrageConfigFile.StrategyName, t.Exchange, string.Join(", ", t.Config.Pairs),
                    _ => new TriangularArbitrage(t.Config), t.Settings);
            }
            if (ControllerConfigFile.IsFor(yaml))
            {
                if (overrides is { Count: > 0 }) throw CliException.Usage("--sweep works on pure market making configs only (for now).");
                var c = ControllerConfigFile.Parse(yaml, strategyId, Path.GetDirectoryName(Path.GetFullPath(path))!);
                return new LoadedStrategy(c.StrategyId, ControllerConfigFile.StrategyName, c.Exchange,
                    string.Join(", ", c.Executors.Select(e => e.Pair).Distinct()), _ => c.Create(), c.Settings);
            }
            if (ExecutorConfigFile.IsFor(yaml))
            {
                if (overrides is { Count: > 0 }) throw CliException.Usage("--sweep works on pure market making configs only (for now).");
                var e = ExecutorConfigFile.Parse(yaml, strategyId);
                return new LoadedStrategy(e.StrategyId, e.Type, e.Exchange, e.Pair.ToString(), _ => new ExecutorStrategy(e.Create()), e.Settings);
            }
            var p = PureMarketMakingConfigFile.Parse(yaml, strategyId, overrides);
            return new LoadedStrategy(p.StrategyId, PureMarketMakingConfigFile.StrategyName, p.Config.Exchange, p.Config.Market.ToString(),
                http => new PureMarketMaking(p.Config, http), p.Settings);
        }
        catch (ConfigException e)
        {
            throw CliException.Configuration($"{path}: {e.Message}");
        }
        catch (StrategyLoadException e)
        {
            throw CliException.Configuration(e.Message);
        }
    }
}
