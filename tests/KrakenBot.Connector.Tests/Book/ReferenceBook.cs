using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>
/// A deliberately simple model of a Kraken v2 book, independent of the production code: decimals in sorted
/// dictionaries, and the checksum built from strings the way Kraken documents it (format with the pair's precision,
/// drop the '.', strip leading zeros).
/// </summary>
internal sealed class ReferenceBook(int depth, int pricePrecision, int qtyPrecision)
{
    public SortedDictionary<decimal, decimal> Bids { get; } = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<decimal, decimal> Asks { get; } = new();

    public int Depth { get; } = depth;

    public int PricePrecision { get; } = pricePrecision;

    public int QtyPrecision { get; } = qtyPrecision;

    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
    }

    public void Apply(bool bid, decimal price, decimal qty)
    {
        var side = bid ? Bids : Asks;
        if (qty == 0m)
        {
            side.Remove(price);
        }
        else
        {
            side[price] = qty;
        }
    }

    public void Truncate()
    {
        Trim(Bids);
        Trim(Asks);
    }

    public string ChecksumInput()
    {
        var text = new StringBuilder();
        foreach (var (price, qty) in Asks.Take(10))
        {
            text.Append(Token(price, PricePrecision)).Append(Token(qty, QtyPrecision));
        }
        foreach (var (price, qty) in Bids.Take(10))
        {
            text.Append(Token(price, PricePrecision)).Append(Token(qty, QtyPrecision));
        }
        return text.ToString();
    }

    public uint Checksum() => Crc32.HashToUInt32(Encoding.ASCII.GetBytes(ChecksumInput()));

    public List<(decimal Price, decimal Qty)> Levels(bool bid) => (bid ? Bids : Asks).Select(kv => (kv.Key, kv.Value)).ToList();

    private static string Token(decimal value, int precision) =>
        value.ToString("F" + precision, CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).TrimStart('0');

    private void Trim(SortedDictionary<decimal, decimal> side)
    {
        while (side.Count > Depth)
        {
            side.Remove(side.Keys.Last());
        }
    }
}
