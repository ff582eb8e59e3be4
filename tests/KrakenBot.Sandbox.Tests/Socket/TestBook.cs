using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>
/// The test's own client-side book and checksum, written from Kraken's description (API.md §6)
/// and sharing no code with the sandbox: its own CRC32 table, its own number formatting.
/// </summary>
internal sealed class TestBook
{
    private readonly SortedDictionary<decimal, decimal> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, decimal> _asks = new();

    public TestBook(int depth, int pricePrecision, int qtyPrecision)
    {
        Depth = depth;
        PricePrecision = pricePrecision;
        QtyPrecision = qtyPrecision;
    }

    public int Depth { get; }
    public int PricePrecision { get; }
    public int QtyPrecision { get; }
    public IReadOnlyList<(decimal Price, decimal Qty)> Bids => [.. _bids.Select(kv => (kv.Key, kv.Value))];
    public IReadOnlyList<(decimal Price, decimal Qty)> Asks => [.. _asks.Select(kv => (kv.Key, kv.Value))];

    /// <summary>Applies one book message (snapshot or update) and returns (our checksum, the message's checksum).</summary>
    public (uint Ours, uint Theirs) Apply(JsonElement message)
    {
        var data = message.GetProperty("data")[0];
        if (message.GetProperty("type").GetString() == "snapshot") { _bids.Clear(); _asks.Clear(); }
        ApplySide(_bids, data.GetProperty("bids"));
        ApplySide(_asks, data.GetProperty("asks"));
        Truncate(_bids);
        Truncate(_asks);
        return (Checksum(), data.GetProperty("checksum").GetUInt32());
    }

    private void ApplySide(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = Parse(level.GetProperty("price"));
            var qty = Parse(level.GetProperty("qty"));
            if (qty == 0m) side.Remove(price); else side[price] = qty;
        }
    }

    private void Truncate(SortedDictionary<decimal, decimal> side)
    {
        while (side.Count > Depth) side.Remove(side.Keys.Last());
    }

    private static decimal Parse(JsonElement number) => decimal.Parse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public uint Checksum()
    {
        var text = new StringBuilder();
        foreach (var (price, qty) in _asks.Take(10)) text.Append(Token(price, PricePrecision)).Append(Token(qty, QtyPrecision));
        foreach (var (price, qty) in _bids.Take(10)) text.Append(Token(price, PricePrecision)).Append(Token(qty, QtyPrecision));
        return Crc32(Encoding.ASCII.GetBytes(text.ToString()));
    }

    public static string Token(decimal value, int precision) =>
        value.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).TrimStart('0');

    /// <summary>Textbook reflected CRC-32 (polynomial 0xEDB88320), as zlib.</summary>
    public static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
