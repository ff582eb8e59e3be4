using System.Text;
using KrakenBot.Connector.Kraken.Socket.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.Socket;

public class FramePumpTests
{
    [Fact]
    public async Task Frames_are_applied_in_arrival_order_with_their_own_bytes_even_when_the_callers_buffer_is_reused()
    {
        var applied = new List<string>();
        var pump = new FramePump((utf8, _) => { lock (applied) applied.Add(Encoding.UTF8.GetString(utf8)); }, NullLogger.Instance);
        var buffer = new byte[16];
        for (int i = 0; i < 1000; i++)
        {
            int length = Encoding.UTF8.GetBytes($"frame-{i}", buffer);
            pump.Enqueue(buffer.AsSpan(0, length)); // the socket reuses its receive buffer right after
        }

        await pump.DisposeAsync(); // drains what is queued

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"frame-{i}"), applied);
    }

    [Fact]
    public async Task A_frame_that_fails_does_not_stop_the_next()
    {
        var applied = new List<string>();
        var pump = new FramePump((utf8, _) =>
        {
            string text = Encoding.UTF8.GetString(utf8);
            if (text == "bad") throw new InvalidOperationException("boom");
            lock (applied) applied.Add(text);
        }, NullLogger.Instance);
        pump.Enqueue("one"u8);
        pump.Enqueue("bad"u8);
        pump.Enqueue("two"u8);
        await pump.DisposeAsync();
        Assert.Equal(["one", "two"], applied);
    }
}
