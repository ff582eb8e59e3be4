using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking.Config;
using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.Executors.Config;

/// <summary>
/// The values of a flat YAML config, read once: nested mappings become dotted keys (<c>trailing_stop.activation_price</c>),
/// lists comma-joined. Each read names the key, the value and what is allowed when the value is bad; keys nobody asked
/// for are refused at the end (<see cref="RefuseUnknown"/>).
/// </summary>
internal sealed class ConfigValues
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ConfigValues()
    {
    }

    /// <summary>Host keys (tick, kill switch, dead man's switch) found in the file.</summary>
    public Dictionary<string, string?> HostTexts { get; } = new(StringComparer.Ordinal);

    public static ConfigValues Parse(string yaml)
    {
        var root = ConfigYaml.ReadRoot(yaml);
        var values = new ConfigValues();
        var hostKeys = PureMarketMakingParameters.Host.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        values.Add(root, "", hostKeys);
        return values;
    }

    public string? Text(string key)
    {
        _read.Add(key);
        return _values.GetValueOrDefault(key);
    }

    public string Required(string key, string what) =>
        Text(key) ?? throw new ConfigException(key, null, $"{key}: a value is required: {what}.");

    public decimal? Decimal(string key, decimal? min = null, bool minInclusive = true, decimal? max = null, bool maxInclusive = true)
    {
        if (Text(key) is not { } text) return null;
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

    public decimal Positive(string key, string what) =>
        Decimal(key, min: 0m, minInclusive: false) ?? throw new ConfigException(key, null, $"{key}: a value is required: {what} (above 0).");

    /// <summary>A percent in the file (1 = 1 %), as a fraction; null when absent.</summary>
    public decimal? Percent(string key) => Decimal(key, min: 0m, minInclusive: false, max: 100m, maxInclusive: false) / 100m;

    public TimeSpan? Seconds(string key) =>
        Decimal(key, min: 0m, minInclusive: false, max: 31_536_000m) is { } s ? TimeSpan.FromSeconds((double)s) : null;

    public IReadOnlyList<decimal> List(string key, string what)
    {
        string text = Required(key, what);
        var list = new List<decimal>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
                throw new ConfigException(key, text, $"{key}: '{part}' is not a number above 0; {what}.");
            list.Add(value);
        }

        return list;
    }

    public bool Bool(string key) => Text(key) switch
    {
        null or "false" or "False" or "no" => false,
        "true" or "True" or "yes" => true,
        var other => throw new ConfigException(key, other, $"{key}: '{other}' must be true or false."),
    };

    public T Choice<T>(string key, T fallback, params (string Name, T Value)[] choices)
    {
        if (Text(key) is not { } text) return fallback;
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return value;
        }

        throw new ConfigException(key, text, $"{key}: '{text}' must be one of {string.Join(", ", choices.Select(c => c.Name))}.");
    }

    /// <summary>The <c>exchange</c> key: <c>kraken</c> (the default) or <c>kraken_paper_trade</c>.</summary>
    public string Exchange()
    {
        string exchange = Text("exchange") ?? "kraken";
        return exchange is "kraken" or "kraken_paper_trade" ? exchange
            : throw new ConfigException("exchange", exchange, $"exchange: '{exchange}' must be kraken or kraken_paper_trade.");
    }

    /// <summary>Whether a YAML text has a <c>strategy:</c> line naming one of <paramref name="names"/> (before it is parsed).</summary>
    public static bool NamesStrategy(string yaml, params IEnumerable<string> names) => yaml.Split('\n').Any(line =>
    {
        string flat = line.Trim().Replace(" ", "", StringComparison.Ordinal);
        return names.Any(name => flat == "strategy:" + name);
    });

    public TradingPair Pair(string key)
    {
        string text = Required(key, "the pair, e.g. BTC-USD");
        return TradingPair.TryParse(text.Replace('/', '-'), out var pair) ? pair
            : throw new ConfigException(key, text, $"{key}: '{text}' is not a pair such as BTC-USD.");
    }

    /// <summary>Refuses any key of the file no reader asked for.</summary>
    public void RefuseUnknown(string strategy)
    {
        foreach (string key in _values.Keys)
        {
            if (!_read.Contains(key)) throw new ConfigException(key, _values[key], $"{key}: unknown parameter of {strategy}.");
        }
    }

    private void Add(YamlMappingNode map, string prefix, HashSet<string> hostKeys)
    {
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string key = prefix + (((YamlScalarNode)keyNode).Value ?? "");
            if (valueNode is YamlMappingNode nested)
            {
                Add(nested, key + ".", hostKeys);
                continue;
            }

            string? value = valueNode switch
            {
                YamlSequenceNode list => string.Join(",", list.Children.Select(c => (c as YamlScalarNode)?.Value)),
                YamlScalarNode { Value: { } v } when v is not ("" or "null" or "~") => v,
                _ => null,
            };
            if (hostKeys.Contains(key)) HostTexts[key] = value;
            else _values[key] = value;
        }
    }
}
