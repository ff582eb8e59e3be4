using System.Text.Json;
using KrakenBot.Connector.Kraken.Book;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>Kraken's documented checksum examples (copied into Data/kraken/book-checksum-vectors.json).</summary>
public sealed class BookChecksumVectorTests
{
    private static JsonElement Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("kraken", "book-checksum-vectors.json")));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Official_v2_vector_gives_the_documented_string_and_the_unsigned_checksum_above_2_pow_31()
    {
        JsonElement vector = Vectors().GetProperty("ws_v2_book_checksum");
        uint expected = vector.GetProperty("expected_checksum").GetUInt32();
        Assert.True(expected > int.MaxValue); // the case a signed-int reader silently gets wrong
        static IEnumerable<(string, string)> Levels(JsonElement side) =>
            side.EnumerateArray().Select(l => (l[0].GetString()!, l[1].GetString()!)).ToList();
        string frame = BookFrames.Snapshot("BTC/USD", Levels(vector.GetProperty("bids")), Levels(vector.GetProperty("asks")), expected);
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 10, vector.GetProperty("price_precision").GetInt32(), vector.GetProperty("qty_precision").GetInt32());

        BookFrameResult result = tracker.ProcessFrame(BookFrames.Utf8(frame));

        Assert.Equal(BookFrameResult.Applied, result);
        Assert.True(book.IsReady);
        Assert.Equal(vector.GetProperty("asks_string").GetString() + vector.GetProperty("bids_string").GetString(), book.ChecksumInput());
        Assert.Equal(expected, book.ComputeChecksum());
        Assert.True(book.TryGetBestBid(out var bid));
        Assert.Equal("45283.5@0.10000000", bid.ToString());
    }

    [Fact]
    public void The_checksum_of_numbers_that_lost_their_trailing_zeros_is_not_accepted()
    {
        JsonElement vector = Vectors().GetProperty("ws_v2_book_checksum");
        uint wrong = vector.GetProperty("wrong_checksum_if_numbers_lose_trailing_zeros").GetUInt32();
        static IEnumerable<(string, string)> Levels(JsonElement side) =>
            side.EnumerateArray().Select(l => (l[0].GetString()!, l[1].GetString()!)).ToList();
        string frame = BookFrames.Snapshot("BTC/USD", Levels(vector.GetProperty("bids")), Levels(vector.GetProperty("asks")), wrong);
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 10, 1, 8);

        Assert.Equal(BookFrameResult.ChecksumMismatch, tracker.ProcessFrame(BookFrames.Utf8(frame)));
        Assert.False(book.IsReady);
    }

    [Fact]
    public void Documented_MATIC_frames_with_unpadded_numbers_verify_at_the_instrument_precision()
    {
        JsonElement vector = Vectors().GetProperty("ws_v2_book_frames_matic_usd");
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("MATIC/USD", vector.GetProperty("depth").GetInt32(),
            vector.GetProperty("price_precision").GetInt32(), vector.GetProperty("qty_precision").GetInt32());
        var checksums = vector.GetProperty("expected_checksums").EnumerateArray().Select(c => c.GetUInt32()).ToList();

        int index = 0;
        foreach (JsonElement frame in vector.GetProperty("frames").EnumerateArray())
        {
            Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(frame.GetString()!)));
            Assert.Equal(checksums[index++], book.ComputeChecksum());
        }
        // qty 1098.3947558 arrived with 7 decimals and is held exactly at precision 8.
        var bids = book.GetTop(10).Bids;
        Assert.Equal(0.5657m, bids[9].Price);
        Assert.Equal("1098.39475580", bids[9].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
