using KrakenBot.Strategies.Executors.Config;
using KrakenBot.Strategies.MarketMaking.Config;

namespace KrakenBot.Strategies.Controllers.Config;

/// <summary>A strategy group file as loaded: the member strategies' config files and the group's drawdown stop.</summary>
/// <param name="Exchange"><c>kraken</c> or <c>kraken_paper_trade</c>; every member runs on it.</param>
/// <param name="Members">Full paths of the members' config files; each member is a bot of its own (its file name is its id).</param>
/// <param name="MaxGlobalDrawdownQuote">Stop every member when their summed P&amp;L fell this far below its peak; null: never.</param>
public sealed record LoadedStrategyGroup(string Exchange, IReadOnlyList<string> Members, decimal? MaxGlobalDrawdownQuote);

/// <summary>
/// Reads a strategy group (YAML): several strategies in one process on one exchange connection, each a bot of its own
/// (its own id, orders, P&amp;L, kill switch, status and stop), with one drawdown stop over the sum of their P&amp;L.
/// </summary>
/// <example>
/// <code>
/// strategy: strategy_group
/// exchange: kraken
/// strategies: [pmm_btc.yml, pmm_eth.yml]   # config files, relative to this one
/// max_global_drawdown_quote: 200           # stops every member (orders cancelled)
/// </code>
/// </example>
public static class StrategyGroupFile
{
    /// <summary>The <c>strategy:</c> value of a group file.</summary>
    public const string StrategyName = "strategy_group";

    /// <summary>Whether a YAML text is a group's (<c>strategy: strategy_group</c>).</summary>
    public static bool IsFor(string yaml) => ConfigValues.NamesStrategy(yaml, StrategyName);

    /// <summary>Parses YAML text; member files are found from <paramref name="directory"/> (the group file's).</summary>
    /// <exception cref="ConfigException">A value is bad, missing or unknown, or a member file is missing or a group itself.</exception>
    public static LoadedStrategyGroup Parse(string yaml, string directory)
    {
        var v = ConfigValues.Parse(yaml);
        _ = v.Text("template_version");
        _ = v.Required("strategy", StrategyName);
        string exchange = v.Exchange();
        string files = v.Required("strategies", "the member strategies' config files, e.g. [pmm_btc.yml, pmm_eth.yml]");
        decimal? global = v.Decimal("max_global_drawdown_quote", min: 0m, minInclusive: false);
        v.RefuseUnknown(StrategyName);
        if (v.HostTexts.Count > 0)
            throw new ConfigException(v.HostTexts.Keys.First(), null,
                $"{v.HostTexts.Keys.First()}: set it in each member's file (tick, kill switch and dead man's switch are per strategy).");

        var members = new List<string>();
        foreach (string file in files.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string path = Path.GetFullPath(Path.Combine(directory, file));
            if (!File.Exists(path)) throw new ConfigException("strategies", file, $"strategies: '{file}' does not exist (looked for {path}).");
            if (IsFor(File.ReadAllText(path))) throw new ConfigException("strategies", file, $"strategies: {file} is a group itself: list strategy files only.");
            if (members.Any(m => Path.GetFileNameWithoutExtension(m) == Path.GetFileNameWithoutExtension(path)))
                throw new ConfigException("strategies", file, $"strategies: two files are named {Path.GetFileNameWithoutExtension(path)}: each member's file name is its bot id, give them distinct names.");
            members.Add(path);
        }

        if (members.Count == 0) throw new ConfigException("strategies", files, "strategies: name at least one strategy config file.");
        return new LoadedStrategyGroup(exchange, members, global);
    }
}
