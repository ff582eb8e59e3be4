using KrakenBot.Connector.Kraken.Book;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

internal static class BookAssert
{
    /// <summary>Every level of both sides equals the reference, in order, with exact decimals.</summary>
    public static void SameAs(ReferenceBook expected, OrderBook actual)
    {
        BookTop top = actual.GetTop(actual.Depth);
        Assert.Equal(expected.Levels(bid: true), top.Bids.Select(l => (l.Price, l.Amount)).ToList());
        Assert.Equal(expected.Levels(bid: false), top.Asks.Select(l => (l.Price, l.Amount)).ToList());
        Assert.Equal(expected.ChecksumInput(), actual.ChecksumInput());
        Assert.Equal(expected.Checksum(), actual.ComputeChecksum());
    }
}
