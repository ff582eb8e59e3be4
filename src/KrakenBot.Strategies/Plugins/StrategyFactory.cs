using System.Reflection;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking.Config;
using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.Plugins;

/// <summary>
/// Builds a user's strategy class: through its public constructor taking one settings object (bound from the config's
/// keys by <see cref="StrategySettingsBinder"/>), or its public parameterless constructor when it has no settings.
/// </summary>
public sealed class StrategyFactory
{
    private readonly ConstructorInfo _constructor;
    private readonly object? _settings;

    private StrategyFactory(Type strategyType, ConstructorInfo constructor, object? settings)
    {
        StrategyType = strategyType;
        _constructor = constructor;
        _settings = settings;
    }

    /// <summary>The strategy class.</summary>
    public Type StrategyType { get; }

    /// <summary>The settings object passed to each new strategy (null for a parameterless constructor).</summary>
    public object? Settings => _settings;

    /// <summary>The settings class the strategy's constructor takes, or null when it takes none.</summary>
    /// <exception cref="StrategyLoadException">No constructor KrakenBot can call.</exception>
    public static Type? SettingsType(Type strategyType) => Constructor(strategyType).GetParameters() is [var p] ? p.ParameterType : null;

    /// <summary>A factory for <paramref name="strategyType"/> with its settings bound from <paramref name="keys"/>.</summary>
    /// <exception cref="StrategyLoadException">No constructor KrakenBot can call.</exception>
    /// <exception cref="ConfigException">A key is unknown to the settings class, or its value is bad.</exception>
    public static StrategyFactory For(Type strategyType, IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> keys)
    {
        ArgumentNullException.ThrowIfNull(strategyType);
        ArgumentNullException.ThrowIfNull(keys);
        var constructor = Constructor(strategyType);
        if (constructor.GetParameters() is [var parameter])
            return new StrategyFactory(strategyType, constructor, StrategySettingsBinder.Bind(parameter.ParameterType, keys));

        if (keys.Count > 0)
        {
            string key = ((YamlScalarNode)keys[0].Key).Value ?? "";
            throw new ConfigException(key, (keys[0].Value as YamlScalarNode)?.Value,
                $"{key}: unknown setting: {strategyType.Name} takes no settings (its constructor has no parameter). " +
                $"Remove the key, or give {strategyType.Name} a constructor taking a settings class with a property for it.");
        }

        return new StrategyFactory(strategyType, constructor, null);
    }

    /// <summary>A new strategy object.</summary>
    /// <exception cref="StrategyLoadException">The constructor threw.</exception>
    public Strategy Create()
    {
        try
        {
            return (Strategy)_constructor.Invoke(_settings is null ? null : [_settings]);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new StrategyLoadException(
                $"The constructor of {StrategyType.FullName} threw {inner.GetType().Name}: {inner.Message}. Fix the setting it names in the config, or the constructor.", inner);
        }
    }

    // The one public constructor to call: one taking a settings class, else the parameterless one.
    private static ConstructorInfo Constructor(Type strategyType)
    {
        var constructors = strategyType.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var withSettings = constructors.Where(c => c.GetParameters() is [var p] && p.ParameterType.IsClass && p.ParameterType != typeof(string)).ToList();
        if (withSettings.Count > 1)
        {
            throw new StrategyLoadException(
                $"{strategyType.FullName} has {withSettings.Count} public constructors taking one settings object ({string.Join(", ", withSettings.Select(Signature))}): " +
                "keep one, so that KrakenBot knows which settings class the config binds to.");
        }

        if (withSettings.Count == 1) return withSettings[0];
        return constructors.FirstOrDefault(c => c.GetParameters().Length == 0) ?? throw new StrategyLoadException(
            $"{strategyType.FullName} has no constructor KrakenBot can call (found: {(constructors.Length == 0 ? "no public constructor" : string.Join(", ", constructors.Select(Signature)))}). " +
            $"Give it 'public {strategyType.Name}(MySettings settings)', where MySettings is a class whose properties the config's keys set, " +
            $"or 'public {strategyType.Name}()' when it has no settings. Everything else (exchange, books, orders, clock, logger) comes from its Context.");
    }

    private static string Signature(ConstructorInfo c) =>
        $"{c.DeclaringType!.Name}({string.Join(", ", c.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})";
}
