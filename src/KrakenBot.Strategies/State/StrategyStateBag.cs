using System.Text.Json;

namespace KrakenBot.Strategies.State;

/// <summary>
/// A strategy's own persisted values (e.g. hanging orders, ping-pong counters, inventory cost), saved by the host with
/// the rest of its state after the callback that changed them. Values are JSON-serialized records; keep them small.
/// </summary>
public sealed class StrategyStateBag
{
    internal const string Prefix = "strategy.";
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _dirty = new(StringComparer.Ordinal);

    /// <summary>The value stored under <paramref name="key"/>, or default when none is.</summary>
    public T? Get<T>(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _values.TryGetValue(key, out var json) ? JsonSerializer.Deserialize<T>(json, StateJson.Options) : default;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> (saved after the current callback).</summary>
    public void Set<T>(string key, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        string json = JsonSerializer.Serialize(value, StateJson.Options);
        if (_values.TryGetValue(key, out var old) && old == json)
        {
            return;
        }

        _values[key] = json;
        _dirty[key] = json;
    }

    /// <summary>Removes the value under <paramref name="key"/>.</summary>
    public void Remove(string key)
    {
        if (_values.Remove(key))
        {
            _dirty[key] = null;
        }
    }

    internal bool IsDirty => _dirty.Count > 0;

    internal void Load(IReadOnlyDictionary<string, string> documents)
    {
        _values.Clear();
        _dirty.Clear();
        foreach (var (name, json) in documents)
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                _values[name[Prefix.Length..]] = json;
            }
        }
    }

    internal void DrainChanges(Dictionary<string, string?> into)
    {
        foreach (var (key, json) in _dirty)
        {
            into[Prefix + key] = json;
        }

        _dirty.Clear();
    }
}

/// <summary>The JSON settings of every persisted document (exact decimals, enums by name).</summary>
internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
