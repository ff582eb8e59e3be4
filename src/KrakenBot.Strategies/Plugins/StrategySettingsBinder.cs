using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking.Config;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace KrakenBot.Strategies.Plugins;

/// <summary>
/// Binds a config's keys to a settings class: <c>spread_bps: 10</c> sets <c>SpreadBps</c> (snake_case keys, public
/// settable or init properties). Values: text, numbers (<c>decimal</c> exactly as written), <c>bool</c>, enums by name,
/// <see cref="TradingPair"/> (<c>BTC-USD</c>), <see cref="TimeSpan"/> in seconds, lists of those, nested classes.
/// An unknown key, a bad value or a missing <c>required</c> property is a <see cref="ConfigException"/> naming the key.
/// </summary>
internal static class StrategySettingsBinder
{
    public static object Bind(Type type, IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> entries, string prefix = "")
    {
        if (type.GetConstructor(Type.EmptyTypes) is not { } ctor)
        {
            throw new ConfigException("(file)", null,
                $"The settings class {type.FullName} needs a public parameterless constructor (a plain class with properties, e.g. 'public sealed class {type.Name} {{ public decimal Amount {{ get; init; }} }}').");
        }

        object settings = ctor.Invoke(null);
        var properties = Settable(type);
        var seen = new HashSet<PropertyInfo>();
        foreach (var (keyNode, valueNode) in entries)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string path = prefix + key;
            if (!properties.TryGetValue(key, out var property))
            {
                throw new ConfigException(path, (valueNode as YamlScalarNode)?.Value,
                    $"{path}: unknown setting: {type.Name} has no property for it. Its settings are: {string.Join(", ", properties.Keys)}.");
            }

            property.SetValue(settings, Convert(property.PropertyType, valueNode, path));
            seen.Add(property);
        }

        foreach (var (key, property) in properties)
        {
            if (!seen.Contains(property) && property.IsDefined(typeof(RequiredMemberAttribute), inherit: false))
            {
                throw new ConfigException(prefix + key, null, $"{prefix}{key}: a value is required ({type.Name}.{property.Name}, {Describe(property.PropertyType)}).");
            }
        }

        return settings;
    }

    private static Dictionary<string, PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => UnderscoredNamingConvention.Instance.Apply(p.Name), StringComparer.Ordinal);

    private static object? Convert(Type type, YamlNode node, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            if (underlying is not null || !type.IsValueType) return null;
            throw new ConfigException(path, null, $"{path}: a value is required ({Describe(type)}).");
        }

        type = underlying ?? type;
        if (ElementType(type) is { } element)
        {
            var items = node switch
            {
                YamlSequenceNode list => list.Children.Select((c, i) => Convert(element, c, $"{path}[{i}]")).ToList(),
                YamlScalarNode scalar => scalar.Value!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select((s, i) => Convert(element, new YamlScalarNode(s), $"{path}[{i}]")).ToList(),
                _ => throw new ConfigException(path, null, $"{path}: expected a list of {Describe(element)}."),
            };
            var array = Array.CreateInstance(element, items.Count);
            for (int i = 0; i < items.Count; i++) array.SetValue(items[i], i);
            return type.IsArray ? array : Activator.CreateInstance(typeof(List<>).MakeGenericType(element), array);
        }

        if (node is YamlMappingNode map)
        {
            if (IsScalar(type)) throw new ConfigException(path, null, $"{path}: expected {Describe(type)}, found a mapping.");
            return Bind(type, [.. map.Children], path + ".");
        }

        if (node is not YamlScalarNode { Value: { } text }) throw new ConfigException(path, null, $"{path}: expected {Describe(type)}.");
        if (!IsScalar(type)) throw new ConfigException(path, text, $"{path}: expected a mapping of {type.Name}'s settings, found '{text}'.");
        object? value = Parse(type, text);
        return value ?? throw new ConfigException(path, text, $"{path}: '{text}' is not {Describe(type)}.");
    }

    private static object? Parse(Type type, string text)
    {
        const NumberStyles Number = NumberStyles.Number;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string)) return text;
        if (type == typeof(decimal)) return decimal.TryParse(text, Number | NumberStyles.AllowExponent, invariant, out var m) ? m : null;
        if (type == typeof(int)) return int.TryParse(text, NumberStyles.Integer, invariant, out var i) ? i : null;
        if (type == typeof(long)) return long.TryParse(text, NumberStyles.Integer, invariant, out var l) ? l : null;
        if (type == typeof(double)) return double.TryParse(text, NumberStyles.Float, invariant, out var d) ? d : null;
        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch { "true" or "yes" => true, "false" or "no" => false, _ => null };
        }

        if (type == typeof(TradingPair)) return TradingPair.TryParse(text.Replace('/', '-'), out var pair) ? pair : null;
        if (type == typeof(TimeSpan))
        {
            return decimal.TryParse(text, Number, invariant, out var seconds) && seconds >= 0 ? TimeSpan.FromSeconds((double)seconds) : null;
        }

        if (type.IsEnum) return Enum.TryParse(type, text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var e) ? e : null;
        return null;
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TradingPair) || type == typeof(TimeSpan);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0] : null;
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(decimal) || type == typeof(double)) return "a number";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(TradingPair)) return "a pair such as BTC-USD";
        if (type == typeof(TimeSpan)) return "a number of seconds";
        if (type == typeof(string)) return "a text";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => UnderscoredNamingConvention.Instance.Apply(n)));
        if (ElementType(type) is { } element) return "a list of " + Describe(element);
        return $"a mapping of {type.Name}'s settings";
    }
}
