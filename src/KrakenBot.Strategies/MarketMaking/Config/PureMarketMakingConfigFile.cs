using System.Globalization;
using System.Text;
using KrakenBot.Connector.Trading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.MarketMaking.Config;

/// <summary>A PMM config as loaded from a file: the strategy's parameters, the host settings, and the strategy id.</summary>
/// <param name="StrategyId">The id (the file name without extension unless given).</param>
/// <param name="Config">The strategy's parameters (fractions inside).</param>
/// <param name="Settings">Tick, kill switch, dead man's switch.</param>
public sealed record LoadedPureMarketMakingConfig(string StrategyId, PureMarketMakingConfig Config, PureMarketMakingSettings Settings);

/// <summary>
/// Reads and writes pure market making configs as YAML in Hummingbot's V1 layout (<c>template_version</c>,
/// <c>strategy</c>, snake_case keys, percents as percent, <c>order_override</c> as a nested map). A bad value fails the
/// load with the parameter's name, the value and the allowed range; nothing is guessed.
/// </summary>
public static class PureMarketMakingConfigFile
{
    /// <summary>Hummingbot's PMM template version this layout follows.</summary>
    public const int TemplateVersion = 24;

    /// <summary>The strategy name in the file.</summary>
    public const string StrategyName = "pure_market_making";

    /// <summary>Loads a config file; the strategy id is the file name without extension unless given.</summary>
    /// <exception cref="ConfigException">The file has a bad, missing or unknown value.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LoadedPureMarketMakingConfig Load(string path, string? strategyId = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        string id = strategyId ?? Path.GetFileNameWithoutExtension(path);
        return Parse(text, id);
    }

    /// <summary>Parses YAML text.</summary>
    /// <exception cref="ConfigException">The text has a bad, missing or unknown value.</exception>
    public static LoadedPureMarketMakingConfig Parse(string yaml, string strategyId) => Parse(yaml, strategyId, null);

    /// <summary>
    /// Parses YAML text with some values replaced (YAML texts by key, e.g. a backtest sweep's <c>bid_spread=0.2</c>),
    /// each checked like the file's own.
    /// </summary>
    /// <exception cref="ConfigException">The text or a replacement has a bad, missing or unknown value.</exception>
    public static LoadedPureMarketMakingConfig Parse(string yaml, string strategyId, IReadOnlyDictionary<string, string>? overrides)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (!State.StrategyIds.IsValid(strategyId))
        {
            throw new ConfigException("strategy id", strategyId,
                $"The strategy id '{strategyId}' (the config file's name) must be 1 to {State.StrategyIds.MaxLength} letters, digits, '-', '_' or '.'.");
        }

        var root = ReadRoot(yaml);
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        YamlNode? overrideNode = null;
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "template_version":
                    continue;
                case "strategy":
                    string? strategy = (valueNode as YamlScalarNode)?.Value;
                    if (!string.IsNullOrEmpty(strategy) && strategy != "null" && strategy != StrategyName)
                    {
                        throw new ConfigException("strategy", strategy, $"strategy: '{strategy}' is not {StrategyName}; this file cannot be run as pure market making.");
                    }

                    continue;
                case "order_override":
                    overrideNode = valueNode;
                    continue;
            }

            var parameter = PureMarketMakingParameters.Find(key)
                ?? throw new ConfigException(key, null, $"{key}: unknown parameter{Suggest(key)}");
            texts[key] = valueNode switch
            {
                YamlScalarNode scalar => scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "null" or "~" ? null : scalar.Value,
                YamlSequenceNode sequence => string.Join(",", sequence.Children.Select(c => ((YamlScalarNode)c).Value)),
                _ => throw new ConfigException(key, null, $"{key}: expected a single value, not a map."),
            };
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            _ = PureMarketMakingParameters.Find(key) ?? throw new ConfigException(key, value, $"{key}: unknown parameter{Suggest(key)}");
            texts[key] = value;
        }

        var config = Build<PureMarketMakingConfig>(PureMarketMakingParameters.Strategy, texts, ReadOverride(overrideNode));
        var settings = Build<PureMarketMakingSettings>(PureMarketMakingParameters.Host, texts, null);
        PureMarketMakingParameters.CheckRules(config);
        return new LoadedPureMarketMakingConfig(strategyId, config, settings);
    }

    /// <summary>
    /// The host settings (tick, kill switch, dead man's switch) from their YAML texts by key, checked like in a pure market
    /// making file; other strategies' config files carry the same keys.
    /// </summary>
    /// <exception cref="ConfigException">A value is bad.</exception>
    public static PureMarketMakingSettings ParseHostSettings(IReadOnlyDictionary<string, string?> texts) =>
        Build<PureMarketMakingSettings>(PureMarketMakingParameters.Host, new Dictionary<string, string?>(texts, StringComparer.Ordinal), null);

    /// <summary>
    /// Writes a config file from answers (YAML texts by key, as <c>create</c> collected them; missing keys get their
    /// defaults), after checking that the answers load. Overwrites <paramref name="path"/>.
    /// </summary>
    /// <exception cref="ConfigException">An answer is invalid.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, string?> answers, IReadOnlyList<OrderOverride>? orderOverride = null)
    {
        string yaml = Render(answers, orderOverride);
        _ = Parse(yaml, State.StrategyIds.IsValid(Path.GetFileNameWithoutExtension(path)) ? Path.GetFileNameWithoutExtension(path) : "check");
        File.WriteAllText(path, yaml);
    }

    /// <summary>The YAML text for answers (every parameter, each under its prompt as a comment).</summary>
    public static string Render(IReadOnlyDictionary<string, string?> answers, IReadOnlyList<OrderOverride>? orderOverride = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var text = new StringBuilder();
        text.Append("########################################################\n");
        text.Append("###       Pure market making strategy config         ###\n");
        text.Append("########################################################\n\n");
        text.Append(CultureInfo.InvariantCulture, $"template_version: {TemplateVersion}\n");
        text.Append(CultureInfo.InvariantCulture, $"strategy: {StrategyName}\n");
        bool hostHeader = false;
        foreach (var parameter in PureMarketMakingParameters.All)
        {
            if (!hostHeader && PureMarketMakingParameters.Host.Contains(parameter))
            {
                text.Append("\n# KrakenBot host settings (Hummingbot keeps these in its global config).\n");
                hostHeader = true;
            }

            text.Append('\n').Append("# ").Append(parameter.Prompt.Replace(" >>> ", "", StringComparison.Ordinal).TrimEnd('>', ' ')).Append('\n');
            if (parameter.Kind == ParameterKind.OrderOverride)
            {
                if (orderOverride is null or { Count: 0 })
                {
                    text.Append("order_override: null\n");
                }
                else
                {
                    text.Append("order_override:\n");
                    foreach (var entry in orderOverride)
                    {
                        text.Append(CultureInfo.InvariantCulture,
                            $"  {entry.Name}: [{(entry.Side == OrderSide.Buy ? "buy" : "sell")}, {Plain(entry.Spread * 100m)}, {Plain(entry.Amount)}]\n");
                    }
                }

                continue;
            }

            string? value = answers.TryGetValue(parameter.Key, out var given) && !string.IsNullOrWhiteSpace(given) ? given.Trim() : parameter.DefaultText;
            text.Append(parameter.Key).Append(": ").Append(value is null ? "null" : Quote(value)).Append('\n');
        }

        return text.ToString();
    }

    private static T Build<T>(IReadOnlyList<StrategyParameter> parameters, Dictionary<string, string?> texts, IReadOnlyList<OrderOverride>? orderOverride)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (parameter.Kind == ParameterKind.OrderOverride)
            {
                values[parameter.Property] = orderOverride ?? [];
                continue;
            }

            object? value = parameter.Parse(texts.GetValueOrDefault(parameter.Key));
            if (value is null && parameter.DefaultText is null && (parameter.PromptOnNew || parameter.RequiredIf?.Invoke(texts) == true))
            {
                throw new ConfigException(parameter.Key, null, $"{parameter.Key}: a value is required{(parameter.RangeText.Length > 0 ? $" ({parameter.RangeText})" : "")}.");
            }

            values[parameter.Property] = value switch
            {
                string choice when parameter.Key == "price_source" => Enum.Parse<PriceSource>(choice.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
                string choice when parameter.Key == "price_type" => Enum.Parse<PriceType>(choice.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
                _ => value,
            };
        }

        // Required members are set through reflection below, after construction with placeholders.
        var instance = (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
        var defaults = typeof(T) == typeof(PureMarketMakingConfig)
            ? (object)new PureMarketMakingConfig { Market = new TradingPair("BTC", "USD"), BidSpread = 0, AskSpread = 0, OrderAmount = 0 }
            : new PureMarketMakingSettings();
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.CanWrite)
            {
                property.SetValue(instance, property.GetValue(defaults));
            }
        }

        foreach (var parameter in parameters)
        {
            if (values.TryGetValue(parameter.Property, out var value) && value is not null)
            {
                parameter.PropertyOn(typeof(T)).SetValue(instance, value);
            }
        }

        if (instance is PureMarketMakingConfig config && (!texts.ContainsKey("market") || texts["market"] is null))
        {
            throw new ConfigException("market", null, "market: the pair to quote is required, e.g. BTC-USD.");
        }

        return instance;
    }

    private static IReadOnlyList<OrderOverride> ReadOverride(YamlNode? node)
    {
        if (node is null or YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            return [];
        }

        if (node is not YamlMappingNode map)
        {
            throw new ConfigException("order_override", null, "order_override: expected a map of name: [buy|sell, spread %, amount].");
        }

        var entries = new List<OrderOverride>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is not YamlSequenceNode { Children.Count: 3 } items)
            {
                throw new ConfigException("order_override", name, $"order_override: entry '{name}' must be [buy|sell, spread %, amount].");
            }

            string side = ((YamlScalarNode)items[0]).Value ?? "";
            if (side is not ("buy" or "sell"))
            {
                throw new ConfigException("order_override", name, $"order_override: entry '{name}' has side '{side}': use buy or sell.");
            }

            if (!decimal.TryParse(((YamlScalarNode)items[1]).Value, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal spread)
                || !decimal.TryParse(((YamlScalarNode)items[2]).Value, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal amount))
            {
                throw new ConfigException("order_override", name, $"order_override: entry '{name}' needs numbers for spread % and amount.");
            }

            entries.Add(new OrderOverride(name, side == "buy" ? OrderSide.Buy : OrderSide.Sell, spread / 100m, amount));
        }

        return entries;
    }

    private static YamlMappingNode ReadRoot(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException("yaml", null, $"The config is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException("yaml", null, "The config must be a YAML map of parameter: value.");
        }

        return root;
    }

    private static string Suggest(string key)
    {
        var close = PureMarketMakingParameters.All.Select(p => p.Key)
            .Where(k => k.Contains(key, StringComparison.Ordinal) || key.Contains(k, StringComparison.Ordinal) || Distance(k, key) <= 3)
            .Take(3).ToList();
        return close.Count == 0 ? " (see the parameters a new config lists)." : $"; did you mean {string.Join(", ", close)}?";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }

    private static string Quote(string value) =>
        value.IndexOfAny([':', '#', '[', ']', '{', '}', ',']) >= 0 && !value.StartsWith("http", StringComparison.Ordinal) ? $"\"{value}\"" : value;

    private static string Plain(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
