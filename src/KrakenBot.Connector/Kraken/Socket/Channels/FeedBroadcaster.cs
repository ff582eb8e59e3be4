using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Hands each item to every open <see cref="ReadAllAsync"/> reader. Readers are unbounded queues: a slow reader
/// uses memory rather than losing items.
/// </summary>
internal sealed class FeedBroadcaster<T>
{
    private readonly Lock _gate = new();
    private ChannelWriter<T>[] _writers = [];

    public void Publish(T item)
    {
        var writers = Volatile.Read(ref _writers);
        foreach (var writer in writers) writer.TryWrite(item);
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate) _writers = [.. _writers, channel.Writer];
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            lock (_gate) _writers = Array.FindAll(_writers, w => !ReferenceEquals(w, channel.Writer));
            channel.Writer.TryComplete();
        }
    }

    /// <summary>Ends every reader (the feed is closing).</summary>
    public void Complete()
    {
        ChannelWriter<T>[] writers;
        lock (_gate) { writers = _writers; _writers = []; }
        foreach (var writer in writers) writer.TryComplete();
    }
}
