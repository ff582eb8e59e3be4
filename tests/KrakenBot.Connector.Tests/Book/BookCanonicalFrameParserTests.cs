using System.Text;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>
/// The fast path must never disagree with Utf8JsonReader: whatever it accepts, the reader accepts and reads to the
/// same message. Checked on the sample stream and on thousands of seeded mutations of it.
/// </summary>
public sealed class BookCanonicalFrameParserTests
{
    private static readonly byte[] MutationBytes = Encoding.UTF8.GetBytes("0123456789.eE-+\"\\{}[],: \tazé\u0001");

    [Fact]
    public void Every_frame_Kraken_style_takes_the_fast_path_and_reads_the_same_as_the_reader()
    {
        foreach (string frame in TestData.SampleStream())
        {
            byte[] bytes = Encoding.UTF8.GetBytes(frame);
            var fast = new BookMessage();
            var general = new BookMessage();

            Assert.True(BookCanonicalFrameParser.TryParse(bytes, fast));
            BookMessageParser.ParseWithReader(bytes, general);
            AssertSameMessage(general, fast);
        }
    }

    [Fact]
    public void Mutated_frames_are_either_declined_or_read_exactly_as_the_reader_reads_them()
    {
        string[] frames = TestData.SampleStream();
        var random = new Random(2024);
        int accepted = 0;
        int declined = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] bytes = Mutate(Encoding.UTF8.GetBytes(frames[1 + random.Next(frames.Length - 1)]), random);
            var fast = new BookMessage();
            var general = new BookMessage();

            bool fastAccepted = BookCanonicalFrameParser.TryParse(bytes, fast);

            UnexpectedResponseException? generalError = null;
            try
            {
                BookMessageParser.ParseWithReader(bytes, general);
            }
            catch (UnexpectedResponseException ex)
            {
                generalError = ex;
            }
            if (fastAccepted)
            {
                accepted++;
                Assert.True(generalError is null, $"fast path accepted what the reader rejects ({generalError?.Message}): {Encoding.UTF8.GetString(bytes)}");
                AssertSameMessage(general, fast);
            }
            else
            {
                declined++;
            }
        }
        // Both outcomes are exercised, so the agreement above is not vacuous.
        Assert.True(accepted > 1000, $"accepted {accepted}");
        Assert.True(declined > 1000, $"declined {declined}");
    }

    [Fact]
    public void The_tracker_never_throws_on_damaged_frames_and_reports_each_one()
    {
        string[] frames = TestData.SampleStream();
        var random = new Random(99);
        using var tracker = new KrakenBot.Connector.Kraken.Book.BookTracker();
        var book = tracker.Track("BTC/USD", 1000, 1, 8);
        Assert.Equal(KrakenBot.Connector.Kraken.Book.BookFrameResult.Applied, tracker.ProcessFrame(Encoding.UTF8.GetBytes(frames[0])));
        for (int i = 0; i < 5_000; i++)
        {
            byte[] damaged = Mutate(Encoding.UTF8.GetBytes(frames[random.Next(frames.Length)]), random);

            var result = tracker.ProcessFrame(damaged); // must not throw, whatever the bytes

            Assert.True(Enum.IsDefined(result));
            if (result != KrakenBot.Connector.Kraken.Book.BookFrameResult.Applied && !book.IsReady)
            {
                Assert.False(book.TryGetBestBid(out _));
            }
        }
    }

    [Theory]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[{\"price\":01.5,\"qty\":1}],\"checksum\":1}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[{\"price\":1.,\"qty\":1}],\"checksum\":1}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[{\"price\":1e5,\"qty\":1}],\"checksum\":1}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC\\/USD\",\"bids\":[],\"asks\":[],\"checksum\":1}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":4294967296}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":01}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":1}]} ")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[]}]}")]
    [InlineData("{\"channel\":\"book\", \"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":1}]}")]
    public void Anything_but_the_canonical_shape_is_left_to_the_reader(string frame)
    {
        Assert.False(BookCanonicalFrameParser.TryParse(Encoding.UTF8.GetBytes(frame), new BookMessage()));
    }

    private static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = new List<byte>(frame);
        int mutations = 1 + random.Next(2);
        for (int m = 0; m < mutations && bytes.Count > 1; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes.Insert(at, MutationBytes[random.Next(MutationBytes.Length)]); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes[at] = MutationBytes[random.Next(MutationBytes.Length)]; break;
                case 3: bytes[at] = (byte)('0' + random.Next(10)); break; // often still canonical, different values
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    private static void AssertSameMessage(BookMessage expected, BookMessage actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.EntryCount, actual.EntryCount);
        for (int i = 0; i < expected.EntryCount; i++)
        {
            BookEntry e = expected.Entry(i);
            BookEntry a = actual.Entry(i);
            Assert.Equal(expected.Symbol(e).ToArray(), actual.Symbol(a).ToArray());
            Assert.Equal((e.HasChecksum, e.Checksum), (a.HasChecksum, a.Checksum));
            Assert.Equal(expected.Bids(e).ToArray(), actual.Bids(a).ToArray());
            Assert.Equal(expected.Asks(e).ToArray(), actual.Asks(a).ToArray());
        }
    }
}
