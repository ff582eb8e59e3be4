using System.Buffers;
using KrakenBot.Connector.Kraken.Book;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>Frames the transport hands over in several pieces (WebSocket fragments, pooled receive buffers).</summary>
public sealed class BookSegmentedFrameTests
{
    [Fact]
    public void A_frame_split_at_awkward_places_is_applied_exactly_like_the_whole_frame()
    {
        string[] frames = TestData.SampleStream();
        using var whole = new BookTracker();
        using var split = new BookTracker();
        OrderBook expected = whole.Track("BTC/USD", 1000, 1, 8);
        OrderBook actual = split.Track("BTC/USD", 1000, 1, 8);
        var random = new Random(7);

        foreach (string frame in frames.Take(300))
        {
            byte[] bytes = BookFrames.Utf8(frame);
            // Cut inside numbers, names and strings: three pieces at random offsets.
            int first = random.Next(1, bytes.Length - 2);
            int second = random.Next(first + 1, bytes.Length - 1);
            ReadOnlySequence<byte> pieces = Segments.Of(bytes[..first], bytes[first..second], bytes[second..]);
            Assert.False(pieces.IsSingleSegment);

            Assert.Equal(whole.ProcessFrame(bytes), split.ProcessFrame(pieces));
        }

        Assert.True(actual.IsReady);
        Assert.Equal(expected.GetTop(1000).Bids, actual.GetTop(1000).Bids);
        Assert.Equal(expected.GetTop(1000).Asks, actual.GetTop(1000).Asks);
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(params byte[][] parts)
        {
            var head = new Segments(parts[0], 0);
            Segments tail = head;
            for (int i = 1; i < parts.Length; i++)
            {
                var next = new Segments(parts[i], tail.RunningIndex + tail.Memory.Length);
                tail.Next = next;
                tail = next;
            }
            return new ReadOnlySequence<byte>(head, 0, tail, tail.Memory.Length);
        }
    }
}
