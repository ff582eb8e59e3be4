using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox.Api.Socket;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>The sandbox's checksum and the test's independent one both reproduce Kraken's published vectors.</summary>
public sealed class BookChecksumTests
{
    private static JsonElement Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "kraken-vectors.json")));
        return document.RootElement.Clone();
    }

    private sealed class ListView(List<(decimal, decimal)> levels) : IBookView
    {
        public int Count => levels.Count;
        public (decimal Price, decimal Quantity) LevelAt(int rank) => levels[rank];
    }

    private static List<(decimal, decimal)> Levels(JsonElement side) =>
        [.. side.EnumerateArray().Select(l => (decimal.Parse(l[0].GetString()!, CultureInfo.InvariantCulture), decimal.Parse(l[1].GetString()!, CultureInfo.InvariantCulture)))];

    [Fact]
    public void Sandbox_checksum_reproduces_the_official_v2_vector()
    {
        var v = Vectors().GetProperty("ws_v2_book_checksum");
        var checksum = BookChecksum.Compute(new ListView(Levels(v.GetProperty("asks"))), new ListView(Levels(v.GetProperty("bids"))),
            v.GetProperty("price_precision").GetInt32(), v.GetProperty("qty_precision").GetInt32());
        Assert.Equal(v.GetProperty("expected_checksum").GetUInt32(), checksum);
        Assert.True(checksum > int.MaxValue); // the vector is above 2^31: a signed reader would get it wrong
    }

    [Fact]
    public void Sandbox_token_pads_to_precision_and_strips_only_leading_zeros()
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.Equal("10000000", Encoding.ASCII.GetString(BookChecksum.Token(0.1m, 8, buffer)));
        Assert.Equal("452835", Encoding.ASCII.GetString(BookChecksum.Token(45283.5m, 1, buffer)));
        Assert.Equal("5000", Encoding.ASCII.GetString(BookChecksum.Token(0.05m, 5, buffer)));
    }

    [Fact]
    public void Test_side_checker_reproduces_the_official_vectors()
    {
        var vectors = Vectors();
        var v = vectors.GetProperty("ws_v2_book_checksum");
        var text = v.GetProperty("asks_string").GetString() + v.GetProperty("bids_string").GetString();
        Assert.Equal(v.GetProperty("expected_checksum").GetUInt32(), TestBook.Crc32(Encoding.ASCII.GetBytes(text)));

        // Kraken's MATIC/USD frames (numbers unpadded on the wire) through the test's own book.
        var matic = vectors.GetProperty("ws_v2_book_frames_matic_usd");
        var book = new TestBook(matic.GetProperty("depth").GetInt32(), matic.GetProperty("price_precision").GetInt32(), matic.GetProperty("qty_precision").GetInt32());
        foreach (var frame in matic.GetProperty("frames").EnumerateArray())
        {
            using var message = JsonDocument.Parse(frame.GetString()!);
            var (ours, theirs) = book.Apply(message.RootElement);
            Assert.Equal(theirs, ours);
        }
    }
}
