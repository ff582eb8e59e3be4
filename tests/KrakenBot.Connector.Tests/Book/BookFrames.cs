using System.Globalization;
using System.Text;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>Writes v2 book frames as Kraken sends them: JSON numbers, numbers as literal text.</summary>
internal static class BookFrames
{
    public static string Snapshot(string symbol, IEnumerable<(string Price, string Qty)> bids, IEnumerable<(string Price, string Qty)> asks, uint checksum) =>
        Frame("snapshot", symbol, bids, asks, checksum);

    public static string Update(string symbol, IEnumerable<(string Price, string Qty)> bids, IEnumerable<(string Price, string Qty)> asks, uint checksum) =>
        Frame("update", symbol, bids, asks, checksum);

    /// <summary>A snapshot of the reference model's whole state, numbers at full precision, with its checksum.</summary>
    public static string SnapshotOf(ReferenceBook book, string symbol) =>
        Snapshot(symbol,
            book.Bids.Select(kv => (Fixed(kv.Key, book.PricePrecision), Fixed(kv.Value, book.QtyPrecision))),
            book.Asks.Select(kv => (Fixed(kv.Key, book.PricePrecision), Fixed(kv.Value, book.QtyPrecision))),
            book.Checksum());

    public static string Fixed(decimal value, int precision) => value.ToString("F" + precision, CultureInfo.InvariantCulture);

    public static byte[] Utf8(string frame) => Encoding.UTF8.GetBytes(frame);

    private static string Frame(string type, string symbol, IEnumerable<(string Price, string Qty)> bids, IEnumerable<(string Price, string Qty)> asks, uint checksum)
    {
        static string Levels(IEnumerable<(string Price, string Qty)> levels) =>
            string.Join(',', levels.Select(l => $"{{\"price\":{l.Price},\"qty\":{l.Qty}}}"));
        return $"{{\"channel\":\"book\",\"type\":\"{type}\",\"data\":[{{\"symbol\":\"{symbol}\",\"bids\":[{Levels(bids)}],\"asks\":[{Levels(asks)}],\"checksum\":{checksum},\"timestamp\":\"2026-01-01T00:00:00.000000Z\"}}]}}";
    }
}
