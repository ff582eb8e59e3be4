using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Executors.Config;
using KrakenBot.Strategies.MarketMaking.Config;

namespace KrakenBot.Strategies.Controllers.Config;

/// <summary>A controller config file as loaded: its id, exchange, executors (each from its own file) and drawdown stops.</summary>
/// <param name="StrategyId">The controller's id (the file's name unless given).</param>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>; every executor file names the same.</param>
/// <param name="Executors">The executors' configs; each executor's id is its file's name.</param>
/// <param name="MaxExecutorDrawdownQuote">Per-executor drawdown stop in the quote asset, or null.</param>
/// <param name="MaxGlobalDrawdownQuote">Drawdown stop of the executors' summed P&amp;L, or null.</param>
/// <param name="Settings">Tick, kill switch and dead man's switch of the controller.</param>
public sealed record LoadedControllerConfig(string StrategyId, string Exchange, IReadOnlyList<LoadedExecutorConfig> Executors,
    decimal? MaxExecutorDrawdownQuote, decimal? MaxGlobalDrawdownQuote, PureMarketMakingSettings Settings)
{
    /// <summary>A fresh controller with fresh executors.</summary>
    public ExecutorController Create() => new(new ExecutorControllerConfig
    {
        Executors = [.. Executors.Select(e => e.Create())],
        MaxExecutorDrawdownQuote = MaxExecutorDrawdownQuote,
        MaxGlobalDrawdownQuote = MaxGlobalDrawdownQuote,
    });
}

/// <summary>
/// Reads a controller config (YAML): several executors in one bot, each written as its own executor file (the same file
/// that runs it alone), with a drawdown stop per executor and one over all of them, in the executors' shared quote asset.
/// </summary>
/// <example>
/// <code>
/// strategy: executor_controller
/// exchange: kraken_paper_trade
/// executors: [btc_position.yml, eth_grid.yml]   # paths relative to this file
/// max_executor_drawdown_quote: 25               # USD; stops (and closes) that executor
/// max_global_drawdown_quote: 40                 # USD; stops every executor
/// </code>
/// </example>
public static class ControllerConfigFile
{
    /// <summary>The <c>strategy:</c> value of a controller file.</summary>
    public const string StrategyName = "executor_controller";

    /// <summary>Whether a YAML text is a controller's (<c>strategy: executor_controller</c>).</summary>
    public static bool IsFor(string yaml) => ConfigValues.NamesStrategy(yaml, StrategyName);

    /// <summary>Parses YAML text; executor files are read from <paramref name="directory"/> (the controller file's).</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown, here or in an executor's file.</exception>
    public static LoadedControllerConfig Parse(string yaml, string strategyId, string directory)
    {
        var v = ConfigValues.Parse(yaml);
        _ = v.Text("template_version");
        _ = v.Required("strategy", StrategyName);
        string exchange = v.Exchange();
        string files = v.Required("executors", "the executor config files, e.g. [btc_position.yml, eth_grid.yml]");
        decimal? perExecutor = v.Decimal("max_executor_drawdown_quote", min: 0m, minInclusive: false);
        decimal? global = v.Decimal("max_global_drawdown_quote", min: 0m, minInclusive: false);
        v.RefuseUnknown(StrategyName);

        var executors = new List<LoadedExecutorConfig>();
        foreach (string file in files.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string path = Path.GetFullPath(Path.Combine(directory, file));
            if (!File.Exists(path))
                throw new ConfigException("executors", file, $"executors: '{file}' does not exist (looked for {path}).");
            LoadedExecutorConfig executor;
            try
            {
                executor = ExecutorConfigFile.Load(path);
            }
            catch (ConfigException e)
            {
                throw new ConfigException(e.Parameter, e.Value, $"executors: {file}: {e.Message}", e);
            }

            if (executor.Exchange != exchange)
                throw new ConfigException("executors", file, $"executors: {file} runs on {executor.Exchange}, this controller on {exchange}: give them one exchange.");
            if (executors.Any(e => e.StrategyId == executor.StrategyId))
                throw new ConfigException("executors", file, $"executors: two files are named {executor.StrategyId}: each executor's file name is its id, give them distinct names.");
            executors.Add(executor);
        }

        if (executors.Count == 0) throw new ConfigException("executors", files, "executors: name at least one executor config file.");
        if (executors.Select(e => e.Pair.Quote).Distinct().Count() > 1)
            throw new ConfigException("executors", files, "executors: their pairs must share one quote asset (the drawdown stops are in it).");
        return new LoadedControllerConfig(strategyId, exchange, executors, perExecutor, global, PureMarketMakingConfigFile.ParseHostSettings(v.HostTexts));
    }
}
