using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// The order as last journaled by this process, per order row, with the id of the event that made it, so that
/// recording the next change checks it against that state instead of replaying every event of the order (a bot that
/// requotes one order every second for a day would replay ~86,000 events per amend).
/// </summary>
/// <remarks>
/// <para>An entry is used only while its event id is still the order's last event in the journal (an indexed read): an
/// event written by anyone else (the CLI on a shared PostgreSQL journal, a tool on the file) leaves it behind, and the
/// order is replayed again.</para>
/// <para>Entries change only when their transaction has committed; until then they are staged. After a rollback SQLite
/// may give the same event id to another change, so an entry ahead of the file could later pass for the file.</para>
/// <para>Terminal orders are dropped (they rarely change again), so it holds about the open orders. Touched only by the
/// holder of the journal's write gate: no lock of its own.</para>
/// </remarks>
internal sealed class JournaledOrderStates
{
    private readonly Dictionary<long, Entry> _committed = [];
    private readonly Dictionary<long, Entry?> _staged = [];

    /// <summary>The number of orders held (committed entries).</summary>
    public int Count => _committed.Count;

    /// <summary>
    /// The order of row <paramref name="orderRowId"/> as journaled, when its last event is still
    /// <paramref name="lastEventId"/>; changes staged in the current transaction first. Null when not known or behind.
    /// </summary>
    public TrackedOrder? Find(long orderRowId, long lastEventId)
    {
        Entry? entry = _staged.TryGetValue(orderRowId, out var staged) ? staged
            : _committed.TryGetValue(orderRowId, out var committed) ? committed : null;
        return entry is { } known && known.LastEventId == lastEventId ? known.Order : null;
    }

    /// <summary>The order as event <paramref name="lastEventId"/> of the current transaction left it.</summary>
    public void Stage(long orderRowId, long lastEventId, TrackedOrder order) =>
        _staged[orderRowId] = order.IsTerminal ? null : new Entry(lastEventId, order);

    /// <summary>Drops the order at commit (the next change replays it).</summary>
    public void Forget(long orderRowId) => _staged[orderRowId] = null;

    /// <summary>The transaction committed: what it staged now stands.</summary>
    public void Commit()
    {
        foreach (var (orderRowId, entry) in _staged)
        {
            if (entry is { } kept)
            {
                _committed[orderRowId] = kept;
            }
            else
            {
                _committed.Remove(orderRowId);
            }
        }

        _staged.Clear();
    }

    /// <summary>The transaction did not commit (rolled back, failed): nothing it staged stands.</summary>
    public void Discard() => _staged.Clear();

    /// <summary>Every committed entry (for tests: each must agree with a replay of the file).</summary>
    internal IReadOnlyList<(long OrderRowId, long LastEventId, TrackedOrder Order)> Snapshot() =>
        [.. _committed.Select(e => (e.Key, e.Value.LastEventId, e.Value.Order))];

    private readonly record struct Entry(long LastEventId, TrackedOrder Order);
}
