using KrakenBot.Connector.Diagnostics;

namespace KrakenBot.Connector.Streams;

/// <summary>
/// The one delivery policy of every stream the connector hands out: exchange events (live and paper, readers and
/// <c>EventRaised</c> handlers alike) and the market-data feeds.
/// <list type="bullet">
/// <item>Every reader gets every item published after it subscribed, in publish order, in its own buffer of at most
/// <see cref="CapacityPerReader"/> items. Publishing never waits for a reader, and a slow reader never slows or cuts
/// off a fast one.</item>
/// <item>A reader whose buffer is full misses what is published until it reads again. Nothing is dropped silently:
/// where the missed items were, the reader gets one overflow signal (built by the stream's overflow factory, carrying
/// how many it missed), then the items published after. It recovers by re-reading state (open orders, balances,
/// the latest ticker), then goes on reading.</item>
/// <item>Memory stays bounded: at most <see cref="CapacityPerReader"/> items per reader, plus one signal per gap.</item>
/// </list>
/// </summary>
/// <typeparam name="T">The item type; the overflow factory must be able to express a gap in it.</typeparam>
internal sealed class BoundedBroadcast<T>
{
    private readonly Lock _gate = new();
    private readonly Func<long, T> _overflowSignal;
    private BroadcastReader<T>[] _readers = [];
    private long _published;
    private bool _completed;

    /// <param name="capacityPerReader">Items one reader may fall behind before it misses some (at least 1).</param>
    /// <param name="overflowSignal">Builds the in-band signal for a reader that missed this many items.</param>
    /// <param name="stream">The stream's name in <c>krakenbot.events.dropped</c> (events, ticker, trades, candles).</param>
    /// <param name="metrics">Where missed items are counted; the process-wide instruments when null.</param>
    public BoundedBroadcast(int capacityPerReader, Func<long, T> overflowSignal, string stream = "events", ConnectorMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPerReader, 1);
        ArgumentNullException.ThrowIfNull(overflowSignal);
        CapacityPerReader = capacityPerReader;
        var counted = metrics ?? ConnectorMetrics.Default;
        // Each gap's signal is built once, when its reader reaches it: the one place a drop is known with its size.
        _overflowSignal = missed =>
        {
            counted.EventsDropped(stream, missed);
            return overflowSignal(missed);
        };
    }

    /// <summary>Items one reader may fall behind before it misses some.</summary>
    public int CapacityPerReader { get; }

    /// <summary>How many items were published so far; the sequence number of the latest one.</summary>
    public long Published
    {
        get { lock (_gate) return _published; }
    }

    internal Lock Gate => _gate;

    internal Func<long, T> OverflowSignal => _overflowSignal;

    /// <summary>
    /// Hands the item to every reader. Every reader sees concurrent publishes in the same order; callers that need the
    /// order of their own changes publish under the lock that orders those changes (this never blocks on a reader).
    /// </summary>
    public void Publish(T item)
    {
        lock (_gate)
        {
            if (_completed) return;
            long sequence = ++_published;
            foreach (var reader in _readers) reader.Offer(item, sequence);
        }
    }

    /// <summary>A reader registered now: it receives every item published from this call on.</summary>
    public BroadcastReader<T> Subscribe()
    {
        lock (_gate)
        {
            var reader = new BroadcastReader<T>(this, _published);
            if (_completed) reader.Complete();
            else _readers = [.. _readers, reader];
            return reader;
        }
    }

    /// <summary>
    /// Registers a reader now and returns its stream (enumerate it once); leaving the enumeration, or disposing the
    /// enumerator, unsubscribes it.
    /// </summary>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken) => Subscribe().AsEnumerable(cancellationToken);

    /// <summary>Ends every reader once it has read what it was handed; later publishes are ignored.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var reader in _readers) reader.Complete();
            _readers = [];
        }
    }

    internal void Remove(BroadcastReader<T> reader)
    {
        lock (_gate) _readers = Array.FindAll(_readers, r => !ReferenceEquals(r, reader));
    }
}
