using System.Globalization;
using System.Reflection;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.MarketMaking.Config;

/// <summary>How a parameter is written in YAML and held inside.</summary>
public enum ParameterKind
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>A pair, <c>BASE-QUOTE</c>.</summary>
    Pair,

    /// <summary>A decimal number, held as is.</summary>
    Decimal,

    /// <summary>Percent in YAML (1 = 1 %), a fraction inside (0.01).</summary>
    Percent,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>Seconds in YAML, a <see cref="TimeSpan"/> inside.</summary>
    Seconds,

    /// <summary>true/false (yes/no accepted).</summary>
    Bool,

    /// <summary>One of <see cref="StrategyParameter.Choices"/>.</summary>
    Choice,

    /// <summary>An absolute http(s) URL.</summary>
    Url,

    /// <summary>Comma-separated percents (or a YAML list), fractions inside.</summary>
    PercentList,

    /// <summary>Comma-separated decimals (or a YAML list).</summary>
    DecimalList,

    /// <summary><c>name: [buy|sell, spread %, amount]</c> entries.</summary>
    OrderOverride,
}

/// <summary>
/// One parameter of a strategy config: its YAML key, the question <c>create</c> asks, its default, its allowed range,
/// whether it applies while running, and how its YAML text becomes the internal value. Percent conversion and range
/// checks happen here and nowhere else.
/// </summary>
public sealed class StrategyParameter
{
    internal StrategyParameter(string key, string property, ParameterKind kind, string prompt, string? defaultText)
    {
        Key = key;
        Property = property;
        Kind = kind;
        Prompt = prompt;
        DefaultText = defaultText;
    }

    /// <summary>YAML key, snake_case as Hummingbot's (<c>bid_spread</c>).</summary>
    public string Key { get; }

    /// <summary>The property it sets on the config record.</summary>
    public string Property { get; }

    /// <summary>How it is written and held.</summary>
    public ParameterKind Kind { get; }

    /// <summary>The question <c>create</c> asks.</summary>
    public string Prompt { get; }

    /// <summary>The default as written in YAML; null when the parameter has none (required).</summary>
    public string? DefaultText { get; }

    /// <summary>Lowest value in internal units (fraction for percents, seconds for times), or null.</summary>
    public decimal? Min { get; init; }

    /// <summary>Whether <see cref="Min"/> itself is allowed.</summary>
    public bool MinInclusive { get; init; } = true;

    /// <summary>Highest value in internal units, or null.</summary>
    public decimal? Max { get; init; }

    /// <summary>Whether <see cref="Max"/> itself is allowed.</summary>
    public bool MaxInclusive { get; init; } = true;

    /// <summary>Values that are allowed outside the range (e.g. −1 to disable a price band).</summary>
    public IReadOnlyList<decimal> Sentinels { get; init; } = [];

    /// <summary>The allowed words of a <see cref="ParameterKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Asked by <c>create</c> for every new config (otherwise only when required by earlier answers).</summary>
    public bool PromptOnNew { get; init; }

    /// <summary>Can change while the strategy runs (Hummingbot's live-updatable keys).</summary>
    public bool LiveUpdatable { get; init; }

    /// <summary>When it must be given, from the answers so far (YAML texts by key); null: never required beyond its default.</summary>
    public Func<IReadOnlyDictionary<string, string?>, bool>? RequiredIf { get; init; }

    /// <summary>True when the parameter must be answered given <paramref name="answers"/>.</summary>
    public bool IsRequired(IReadOnlyDictionary<string, string?> answers) =>
        DefaultText is null && (RequiredIf?.Invoke(answers) ?? PromptOnNew);

    /// <summary>Unit shown next to values in messages.</summary>
    public string Unit => Kind switch
    {
        ParameterKind.Percent or ParameterKind.PercentList => " %",
        ParameterKind.Seconds => " s",
        _ => "",
    };

    /// <summary>The allowed range in YAML units, e.g. "above 0 and below 100 %"; empty when unbounded.</summary>
    public string RangeText
    {
        get
        {
            var parts = new List<string>();
            if (Min is { } min)
            {
                parts.Add($"{(MinInclusive ? "at least" : "above")} {Show(min)}");
            }

            if (Max is { } max)
            {
                parts.Add($"{(MaxInclusive ? "at most" : "below")} {Show(max)}");
            }

            string range = parts.Count == 0 ? "" : string.Join(" and ", parts) + Unit;
            if (Sentinels.Count > 0)
            {
                range += $" (or {string.Join(" / ", Sentinels.Select(Show))} to disable)";
            }

            return range;
        }
    }

    /// <summary>Checks YAML text; null when it is valid, else the message (names the parameter, the value, the range).</summary>
    public string? Validate(string? text)
    {
        try
        {
            _ = Parse(text);
            return null;
        }
        catch (ConfigException e)
        {
            return e.Message;
        }
    }

    /// <summary>The internal value of YAML text (null text: the default, or null when there is none).</summary>
    /// <exception cref="ConfigException">The text is not valid; the message names the parameter, the value and the range.</exception>
    public object? Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text == "null" || text == "~")
        {
            text = DefaultText;
            if (text is null)
            {
                return null;
            }
        }

        return Kind switch
        {
            ParameterKind.Text => text,
            ParameterKind.Pair => TradingPair.TryParse(text.ToUpperInvariant(), out var pair)
                ? pair
                : throw Bad(text, "is not a pair: write it as BASE-QUOTE, e.g. BTC-USD"),
            ParameterKind.Decimal => Checked(text, Number(text)),
            ParameterKind.Percent => Checked(text, Number(text) / 100m),
            ParameterKind.Integer => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
                ? (int)Checked(text, n)
                : throw Bad(text, "is not a whole number"),
            ParameterKind.Seconds => TimeSpan.FromTicks((long)(Checked(text, Number(text)) * TimeSpan.TicksPerSecond)),
            ParameterKind.Bool => text.ToLowerInvariant() switch
            {
                "true" or "yes" or "y" => true,
                "false" or "no" or "n" => false,
                _ => throw Bad(text, "is not true/false (yes/no)"),
            },
            ParameterKind.Choice => Choices.Contains(text, StringComparer.Ordinal)
                ? text
                : throw Bad(text, $"is not one of {string.Join(", ", Choices)}"),
            ParameterKind.Url => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw Bad(text, "is not an absolute http(s) URL"),
            ParameterKind.PercentList => List(text).Select(item => Checked(text, Number(item) / 100m)).ToList(),
            ParameterKind.DecimalList => List(text).Select(item => Checked(text, Number(item))).ToList(),
            _ => throw new InvalidOperationException($"{Key}: {Kind} values are parsed by the config file reader."),
        };
    }

    /// <summary>Checks an internal value against the range (used for configs built in code).</summary>
    internal void CheckInternal(object? value)
    {
        switch (value)
        {
            case decimal d:
                Checked(Show(d), d);
                break;
            case int i:
                Checked(Show(i), i);
                break;
            case TimeSpan t:
                Checked(Show((decimal)t.TotalSeconds), (decimal)t.TotalSeconds);
                break;
            case IReadOnlyList<decimal> list:
                foreach (decimal item in list)
                {
                    Checked(Show(item), item);
                }

                break;
        }
    }

    /// <summary>The internal value written back as YAML text.</summary>
    public string? Format(object? value) => value switch
    {
        null => null,
        decimal d when Kind == ParameterKind.Percent => Plain(d * 100m),
        decimal d => Plain(d),
        int i => i.ToString(CultureInfo.InvariantCulture),
        TimeSpan t => Plain((decimal)t.TotalSeconds),
        bool b => b ? "true" : "false",
        IReadOnlyList<decimal> list => string.Join(",", list.Select(v => Plain(Kind == ParameterKind.PercentList ? v * 100m : v))),
        _ => value.ToString(),
    };

    internal PropertyInfo PropertyOn(Type type) =>
        type.GetProperty(Property) ?? throw new InvalidOperationException($"{type.Name} has no property {Property} for {Key}.");

    internal ConfigException Bad(string? text, string problem) =>
        new(Key, text, $"{Key}: '{text}' {problem}.");

    private decimal Checked(string text, decimal value)
    {
        if (Sentinels.Contains(value))
        {
            return value;
        }

        bool low = Min is { } min && (MinInclusive ? value < min : value <= min);
        bool high = Max is { } max && (MaxInclusive ? value > max : value >= max);
        if (low || high)
        {
            throw new ConfigException(Key, text, $"{Key}: {text}{Unit} is out of range: it must be {RangeText}.");
        }

        return value;
    }

    private decimal Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : throw Bad(text, "is not a number");

    private static IEnumerable<string> List(string text) =>
        text.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private string Show(decimal internalValue) => Plain(Kind is ParameterKind.Percent or ParameterKind.PercentList ? internalValue * 100m : internalValue);

    private static string Plain(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
