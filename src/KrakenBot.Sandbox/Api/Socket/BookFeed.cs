using System.Text.Json;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// The <c>book</c> channel of one pair. While anyone subscribes it mirrors the engine's book from
/// level events (which arrive inside the pair's lock, in order) and sends each depth group the
/// changes inside its top N, with the checksum of the book after the change. Each message is
/// formatted once per depth and shared by every subscriber of that depth.
/// </summary>
internal sealed class BookFeed
{
    public static readonly int[] Depths = [10, 25, 100, 500, 1000];

    private readonly PairInfo _pair;
    private readonly SandboxFaults _faults;
    private readonly Lock _gate = new();
    private readonly List<WsConnection>[] _byDepth = new List<WsConnection>[Depths.Length];
    private BookMirror? _mirror;

    public BookFeed(PairInfo pair, SandboxFaults faults)
    {
        _pair = pair;
        _faults = faults;
        for (var i = 0; i < _byDepth.Length; i++) _byDepth[i] = [];
    }

    /// <summary>
    /// Adds a subscriber, then sends the ack and (if asked) the snapshot. Runs under the pair's
    /// lock so no level change can slip between the snapshot and the first update.
    /// </summary>
    public void Subscribe(PairEngine engine, WsConnection connection, int depth, bool snapshot, byte[] ack, DateTimeOffset now)
    {
        engine.Read(e =>
        {
            lock (_gate)
            {
                if (_mirror is null)
                {
                    var full = e.Snapshot(int.MaxValue);
                    _mirror = new BookMirror();
                    _mirror.Bids.Load(full.Bids);
                    _mirror.Asks.Load(full.Asks);
                }
                _byDepth[Array.IndexOf(Depths, depth)].Add(connection);
                connection.Send(ack);
                if (snapshot) connection.Send(Snapshot(depth, now));
            }
            return 0;
        });
    }

    public void Unsubscribe(WsConnection connection, int depth)
    {
        lock (_gate)
        {
            _byDepth[Array.IndexOf(Depths, depth)].Remove(connection);
            foreach (var list in _byDepth) if (list.Count > 0) return;
            _mirror = null; // nobody listens: stop mirroring until the next subscriber
        }
    }

    /// <summary>Called by the hub for every level change of this pair (inside the pair's lock).</summary>
    public void OnLevel(in BookLevelEvent e)
    {
        lock (_gate)
        {
            if (_mirror is null) return;
            var side = _mirror.For(e.Side);
            var rankBefore = side.Apply(e.Price, e.Quantity);
            uint? checksum = null;
            Span<(decimal Price, decimal Quantity)> levels = stackalloc (decimal, decimal)[2];
            for (var d = 0; d < Depths.Length; d++)
            {
                var subscribers = _byDepth[d];
                if (subscribers.Count == 0) continue;
                var n = BookChange.ForDepth(side, e.Price, e.Quantity, rankBefore, Depths[d], levels);
                if (n == 0) continue;
                checksum ??= BookChecksum.Compute(_mirror.Asks, _mirror.Bids, _pair.PairDecimals, _pair.LotDecimals);
                var message = Update(e.Side, levels[..n], Corrupt(checksum.Value), e.Time);
                foreach (var connection in subscribers) connection.Send(message);
            }
        }
    }

    private uint Corrupt(uint checksum) => _faults.TryConsumeChecksumCorruption(_pair.Symbol) ? ~checksum : checksum;

    private byte[] Snapshot(int depth, DateTimeOffset now)
    {
        var mirror = _mirror!;
        var checksum = Corrupt(BookChecksum.Compute(mirror.Asks, mirror.Bids, _pair.PairDecimals, _pair.LotDecimals));
        return WsJson.Build((this, mirror, depth, checksum, now), static (w, s) =>
        {
            var (feed, mirror, depth, checksum, now) = s;
            feed.Begin(w, "snapshot");
            feed.WriteSide(w, "bids", mirror.Bids, depth);
            feed.WriteSide(w, "asks", mirror.Asks, depth);
            feed.End(w, checksum, now);
        });
    }

    private byte[] Update(Side side, ReadOnlySpan<(decimal Price, decimal Quantity)> levels, uint checksum, DateTimeOffset time)
    {
        // At most two levels change per event: pass them by value, no array.
        var first = levels[0];
        var second = levels.Length > 1 ? levels[1] : default;
        return WsJson.Build((this, side, levels.Length, first, second, checksum, time), static (w, s) =>
        {
            var (feed, side, count, first, second, checksum, time) = s;
            feed.Begin(w, "update");
            w.WriteStartArray("bids");
            if (side == Matching.Side.Buy) feed.Levels(w, count, first, second);
            w.WriteEndArray();
            w.WriteStartArray("asks");
            if (side == Matching.Side.Sell) feed.Levels(w, count, first, second);
            w.WriteEndArray();
            feed.End(w, checksum, time);
        });
    }

    private void Levels(Utf8JsonWriter w, int count, (decimal Price, decimal Quantity) first, (decimal Price, decimal Quantity) second)
    {
        Level(w, first.Price, first.Quantity);
        if (count > 1) Level(w, second.Price, second.Quantity);
    }

    private void Begin(Utf8JsonWriter w, string type)
    {
        w.WriteStartObject();
        w.WriteString("channel", "book");
        w.WriteString("type", type);
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("symbol", _pair.Symbol);
    }

    private void End(Utf8JsonWriter w, uint checksum, DateTimeOffset time)
    {
        w.WriteNumber("checksum", checksum);
        w.Time("timestamp", time);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteSide(Utf8JsonWriter w, string name, BookMirror.MirrorSide side, int depth)
    {
        w.WriteStartArray(name);
        var n = Math.Min(depth, side.Count);
        for (var i = 0; i < n; i++)
        {
            var (price, quantity) = side.LevelAt(i);
            Level(w, price, quantity);
        }
        w.WriteEndArray();
    }

    private void Level(Utf8JsonWriter w, decimal price, decimal quantity)
    {
        w.WriteStartObject();
        w.Number("price", price, _pair.PairDecimals);
        w.Number("qty", quantity, _pair.LotDecimals);
        w.WriteEndObject();
    }
}
