namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>
/// Looks entries up by any of their names: exactly first, then ignoring case, but only where ignoring case is safe
/// (no two different entries share the name in another case). The first entry added under a name keeps it.
/// </summary>
internal sealed class NameIndex<T>
    where T : class
{
    private readonly Dictionary<string, T> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T?> _ignoringCase = new(StringComparer.OrdinalIgnoreCase); // null: ambiguous

    public void Add(string? name, T entry)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        _exact.TryAdd(name, entry);
        if (_ignoringCase.TryGetValue(name, out var existing))
        {
            if (existing is not null && !ReferenceEquals(existing, entry))
            {
                _ignoringCase[name] = null;
            }
        }
        else
        {
            _ignoringCase[name] = entry;
        }
    }

    public bool TryGet(string name, out T? entry)
    {
        if (_exact.TryGetValue(name, out entry))
        {
            return true;
        }

        return _ignoringCase.TryGetValue(name, out entry) && entry is not null;
    }

    // Same lookup without a string: for names sliced out of a message on the hot path.
    public bool TryGet(ReadOnlySpan<char> name, out T? entry)
    {
        if (_exact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out entry))
        {
            return true;
        }

        return _ignoringCase.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out entry) && entry is not null;
    }
}
