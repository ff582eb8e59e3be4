using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Moves frames off the socket's receive loop: the loop only copies the frame into a pooled buffer and queues it, and
/// one consumer applies frames in arrival order. Applying an execution writes the journal (a disk flush); doing that on
/// the receive loop would stall reading, and an exchange drops a client that reads too slowly. Nothing is dropped here:
/// the queue is unbounded and drained in order.
/// </summary>
internal sealed class FramePump : IAsyncDisposable
{
    private readonly Channel<Frame> _queue = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
    });
    private readonly Action<ReadOnlySpan<byte>, long> _apply;
    private readonly ILogger _logger;
    private readonly Task _loop;

    /// <param name="apply">Applies one frame; the second argument is its <see cref="Stopwatch"/> arrival timestamp.</param>
    public FramePump(Action<ReadOnlySpan<byte>, long> apply, ILogger logger)
    {
        _apply = apply;
        _logger = logger;
        _loop = Task.Run(DrainAsync);
    }

    /// <summary>Frames queued and not yet applied.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <summary>Called on the receive loop: copy and queue, nothing else.</summary>
    public void Enqueue(ReadOnlySpan<byte> utf8)
    {
        long arrivedAt = Stopwatch.GetTimestamp();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(utf8.Length);
        utf8.CopyTo(buffer);
        if (!_queue.Writer.TryWrite(new Frame(buffer, utf8.Length, arrivedAt)))
            ArrayPool<byte>.Shared.Return(buffer); // stopped: the reconciliation at the next start covers it
    }

    private async Task DrainAsync()
    {
        await foreach (var frame in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _apply(frame.Buffer.AsSpan(0, frame.Length), frame.ArrivedAt);
            }
            catch (Exception ex)
            {
                // One bad frame must not stop the others; reconciliation recovers whatever it carried.
                _logger.LogError(ex, "Applying a socket frame failed; reconciliation will recover what it carried.");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame.Buffer);
            }
        }
    }

    /// <summary>Applies what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private readonly record struct Frame(byte[] Buffer, int Length, long ArrivedAt);
}
