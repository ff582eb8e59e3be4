namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// A dictionary of the paper account's state that can log its writes while a change is built: the log undoes them
/// (back to the state before the change) and does them again (once the change is stored), without a copy of the map.
/// The log's entries are kept in a list that is cleared, not dropped, so a change in steady state allocates nothing.
/// Not thread-safe: <see cref="PaperExchange"/> writes under its gate and lets readers in under its state lock.
/// </summary>
internal sealed class LoggedMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _map;
    private readonly List<Write> _log = [];
    private bool _logging;

    public LoggedMap(IEqualityComparer<TKey>? comparer = null) => _map = new(comparer);

    public int Count => _map.Count;

    public Dictionary<TKey, TValue>.KeyCollection Keys => _map.Keys;

    public Dictionary<TKey, TValue>.ValueCollection Values => _map.Values;

    public TValue this[TKey key]
    {
        get => _map[key];
        set
        {
            Log(key, hasNew: true, value);
            _map[key] = value;
        }
    }

    public Dictionary<TKey, TValue>.Enumerator GetEnumerator() => _map.GetEnumerator();

    public bool ContainsKey(TKey key) => _map.ContainsKey(key);

    public bool TryGetValue(TKey key, out TValue value) => _map.TryGetValue(key, out value!);

    public TValue? GetValueOrDefault(TKey key) => _map.GetValueOrDefault(key);

    public bool TryAdd(TKey key, TValue value)
    {
        if (_map.ContainsKey(key))
        {
            return false;
        }

        this[key] = value;
        return true;
    }

    public bool Remove(TKey key)
    {
        if (!_map.ContainsKey(key))
        {
            return false;
        }

        Log(key, hasNew: false, default);
        return _map.Remove(key);
    }

    public void Clear()
    {
        if (_logging)
        {
            foreach (var key in _map.Keys)
            {
                Log(key, hasNew: false, default);
            }
        }

        _map.Clear();
    }

    /// <summary>From now on every write is logged (until <see cref="EndLog"/>).</summary>
    public void BeginLog()
    {
        _log.Clear();
        _logging = true;
    }

    /// <summary>Takes back the logged writes, last first: the map is as it was at <see cref="BeginLog"/>.</summary>
    public void Undo()
    {
        for (int i = _log.Count - 1; i >= 0; i--)
        {
            var write = _log[i];
            Put(write.Key, write.HadOld, write.Old);
        }
    }

    /// <summary>Does the logged writes again, first first, after an <see cref="Undo"/>.</summary>
    public void Redo()
    {
        foreach (var write in _log)
        {
            Put(write.Key, write.HasNew, write.New);
        }
    }

    /// <summary>Stops logging and forgets the log.</summary>
    public void EndLog()
    {
        _logging = false;
        _log.Clear();
    }

    private void Log(TKey key, bool hasNew, TValue? value)
    {
        if (_logging)
        {
            bool had = _map.TryGetValue(key, out var old);
            _log.Add(new Write(key, had, old, hasNew, value));
        }
    }

    private void Put(TKey key, bool present, TValue? value)
    {
        if (present)
        {
            _map[key] = value!;
        }
        else
        {
            _map.Remove(key);
        }
    }

    private readonly record struct Write(TKey Key, bool HadOld, TValue? Old, bool HasNew, TValue? New);
}
