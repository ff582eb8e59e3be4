using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Streams;

/// <summary>
/// The events of one exchange (live or paper), under the one policy of <see cref="BoundedBroadcast{T}"/>: every
/// <see cref="Subscribe"/> gets its own bounded buffer, a reader that falls behind gets <see cref="EventsOverflowed"/>
/// where it missed events. <see cref="EventRaised"/> handlers are one more such reader: a delivery task hands them
/// each event in order, on the thread pool, never on the thread (or under the locks) of the code that published it.
/// A handler may therefore call back into the exchange, even wait for the result; that delays only later handlers.
/// </summary>
internal sealed class ExchangeEventHub
{
    /// <summary>Events one reader may fall behind before it misses some, unless configured otherwise.</summary>
    public const int DefaultCapacityPerReader = 10_000;

    private readonly BoundedBroadcast<ExchangeEvent> _broadcast;
    private readonly object _sender;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _deliveryWaiters = [];
    private EventHandler<ExchangeEvent>? _handlers;
    private Task? _delivery;
    private bool _subscribed; // set before the handlers' reader subscribes: read without the lock
    private long _delivered;

    public ExchangeEventHub(object sender, ILogger logger, TimeProvider? time = null, int capacityPerReader = DefaultCapacityPerReader,
        ConnectorMetrics? metrics = null)
    {
        _sender = sender;
        _logger = logger;
        var clock = time ?? TimeProvider.System;
        _broadcast = new BoundedBroadcast<ExchangeEvent>(capacityPerReader, missed => new EventsOverflowed(clock.GetUtcNow(), missed),
            "events", metrics);
    }

    /// <summary>Handlers, called one event at a time, in order, by the delivery task (started with the first handler).</summary>
    public event EventHandler<ExchangeEvent>? EventRaised
    {
        add
        {
            lock (_gate)
            {
                _handlers += value;
                if (_delivery is null)
                {
                    Volatile.Write(ref _subscribed, true);
                    var reader = _broadcast.Subscribe();
                    _delivered = reader.SubscribedAfter;
                    _delivery = Task.Run(() => DeliverAsync(reader));
                }
            }
        }
        remove
        {
            lock (_gate) _handlers -= value;
        }
    }

    /// <summary>
    /// Publishes one event to every reader and to the handlers. Never blocks and never runs user code, so callers
    /// publish under the lock that orders their changes: the order of events is the order of changes.
    /// </summary>
    public void Publish(ExchangeEvent e)
    {
        Observer?.Invoke(e);
        _broadcast.Publish(e);
    }

    /// <summary>
    /// Sees each event as it is published, on the publishing thread, under the publisher's lock: the backtester's way to
    /// take every event of a step in order, deterministically. Internal, never user code: it must only record.
    /// </summary>
    public Action<ExchangeEvent>? Observer { get; set; }

    /// <summary>A reader that receives every event published from this call on (not from the first MoveNext).</summary>
    public IAsyncEnumerable<ExchangeEvent> Subscribe(CancellationToken cancellationToken) => _broadcast.ReadAllAsync(cancellationToken);

    /// <summary>Completes once the handlers have been handed every event published before this call.</summary>
    public Task WhenDeliveredAsync()
    {
        // No handler has ever been added (the backtester's case, which asks after every record): nothing to wait for,
        // and no lock taken.
        if (!Volatile.Read(ref _subscribed)) return Task.CompletedTask;
        long target = _broadcast.Published;
        lock (_gate)
        {
            if (_delivery is null || _delivered >= target || _delivery.IsCompleted) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _deliveryWaiters.Add((target, done));
            return done.Task;
        }
    }

    /// <summary>Ends every reader once it has read what it was handed (on dispose).</summary>
    public void Complete() => _broadcast.Complete();

    private async Task DeliverAsync(BroadcastReader<ExchangeEvent> reader)
    {
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var e, out long sequence))
                {
                    EventHandler<ExchangeEvent>? handlers;
                    lock (_gate) handlers = _handlers;
                    foreach (var handler in Delegate.EnumerateInvocationList(handlers))
                    {
                        try
                        {
                            handler(_sender, e);
                        }
                        catch (Exception ex)
                        {
                            // A faulty handler must not stop the others, nor the connector.
                            _logger.LogError(ex, "An EventRaised handler threw while handling {Event}", e.GetType().Name);
                        }
                    }
                    Delivered(sequence);
                }
            }
        }
        finally
        {
            Delivered(long.MaxValue);
        }
    }

    private void Delivered(long sequence)
    {
        List<TaskCompletionSource>? done = null;
        lock (_gate)
        {
            _delivered = Math.Max(_delivered, sequence);
            for (int i = _deliveryWaiters.Count - 1; i >= 0; i--)
            {
                if (_deliveryWaiters[i].Sequence > _delivered) continue;
                (done ??= []).Add(_deliveryWaiters[i].Done);
                _deliveryWaiters.RemoveAt(i);
            }
        }
        if (done is null) return;
        foreach (var waiter in done) waiter.TrySetResult();
    }
}
