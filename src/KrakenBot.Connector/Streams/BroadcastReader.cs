namespace KrakenBot.Connector.Streams;

/// <summary>
/// One reader of a <see cref="BoundedBroadcast{T}"/>: its bounded buffer, and the count of items it missed since the
/// last one buffered. All state is guarded by the broadcast's lock, so a gap signal always lands exactly where the
/// missed items were.
/// </summary>
internal sealed class BroadcastReader<T> : IDisposable
{
    private readonly BoundedBroadcast<T> _owner;
    private readonly Queue<Entry> _queue = new();
    private int _items;
    private long _missed;
    private long _missedThrough;
    private TaskCompletionSource? _waiter;
    private bool _completed;
    private int _enumerated;

    internal BroadcastReader(BoundedBroadcast<T> owner, long subscribedAfter)
    {
        _owner = owner;
        SubscribedAfter = subscribedAfter;
    }

    /// <summary>The sequence number of the last item published before this reader subscribed.</summary>
    public long SubscribedAfter { get; }

    // Caller holds the broadcast's lock.
    internal void Offer(T item, long sequence)
    {
        if (_items >= _owner.CapacityPerReader)
        {
            _missed++;
            _missedThrough = sequence;
            return;
        }
        if (_missed > 0)
        {
            _queue.Enqueue(Entry.Gap(_missed, _missedThrough));
            _missed = 0;
        }
        _queue.Enqueue(new Entry(item, sequence, 0));
        _items++;
        Wake();
    }

    // Caller holds the broadcast's lock.
    internal void Complete()
    {
        _completed = true;
        Wake();
    }

    /// <summary>
    /// Takes the next item, or the overflow signal where items were missed. <paramref name="sequence"/> is the item's
    /// sequence number (for a signal, that of the last item missed).
    /// </summary>
    public bool TryRead(out T item, out long sequence)
    {
        lock (_owner.Gate)
        {
            if (_queue.TryDequeue(out var entry))
            {
                sequence = entry.Sequence;
                if (entry.Missed > 0)
                {
                    item = _owner.OverflowSignal(entry.Missed);
                    return true;
                }
                _items--;
                item = entry.Item!;
                return true;
            }
            if (_missed > 0)
            {
                // Everything buffered was read and the reader is still behind: tell it now, not at the next publish.
                item = _owner.OverflowSignal(_missed);
                sequence = _missedThrough;
                _missed = 0;
                return true;
            }
            item = default!;
            sequence = 0;
            return false;
        }
    }

    /// <summary>Waits until there is something to read (true) or the stream has ended and is drained (false).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_owner.Gate)
        {
            if (_queue.Count > 0 || _missed > 0) return ValueTask.FromResult(true);
            if (_completed) return ValueTask.FromResult(false);
            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _waiter.Task;
        }
        return WaitAsync(wait, cancellationToken);
    }

    /// <summary>Stops receiving items (the buffer is let go).</summary>
    public void Dispose()
    {
        _owner.Remove(this);
        lock (_owner.Gate)
        {
            _queue.Clear();
            _items = 0;
            _missed = 0;
            Complete();
        }
    }

    /// <summary>This reader as a stream, for one enumeration; disposing the enumerator unsubscribes.</summary>
    public IAsyncEnumerable<T> AsEnumerable(CancellationToken cancellationToken) => new Stream(this, cancellationToken);

    private async ValueTask<bool> WaitAsync(Task wait, CancellationToken cancellationToken)
    {
        await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await WaitToReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Wake()
    {
        var waiter = _waiter;
        _waiter = null;
        waiter?.TrySetResult();
    }

    private readonly record struct Entry(T? Item, long Sequence, long Missed)
    {
        public static Entry Gap(long missed, long through) => new(default, through, missed);
    }

    private sealed class Stream(BroadcastReader<T> reader, CancellationToken streamToken) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref reader._enumerated, 1) != 0)
                throw new InvalidOperationException("This event stream is already being read; ask for a new stream to read it again.");
            return new Enumerator(reader, streamToken, cancellationToken);
        }
    }

    private sealed class Enumerator : IAsyncEnumerator<T>
    {
        private readonly BroadcastReader<T> _reader;
        private readonly CancellationTokenSource? _linked;
        private readonly CancellationToken _token;

        public Enumerator(BroadcastReader<T> reader, CancellationToken first, CancellationToken second)
        {
            _reader = reader;
            if (first.CanBeCanceled && second.CanBeCanceled)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(first, second);
                _token = _linked.Token;
            }
            else
            {
                _token = first.CanBeCanceled ? first : second;
            }
        }

        public T Current { get; private set; } = default!;

        public async ValueTask<bool> MoveNextAsync()
        {
            while (true)
            {
                if (_reader.TryRead(out var item, out _))
                {
                    Current = item;
                    return true;
                }
                if (!await _reader.WaitToReadAsync(_token).ConfigureAwait(false)) return false;
            }
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _linked?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
