using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Hands every event, in order, to each reader (a bounded buffer each) and to C# event handlers. A reader that falls
/// more than its buffer behind is ended with an error saying so, rather than silently missing events.
/// </summary>
internal sealed class EventFanOut
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<Channel<ExchangeEvent>, bool> _readers = new();
    private readonly ConcurrentQueue<ExchangeEvent> _pending = new();
    private readonly Lock _deliveryGate = new();

    public EventFanOut(int capacity) => _capacity = capacity;

    public event EventHandler<ExchangeEvent>? EventRaised;

    /// <summary>
    /// Sees each event as it is delivered, on the delivering thread, before anything else: the backtester's way to take
    /// every event of a step in order, deterministically (it flushes the engine, then reads what was observed).
    /// </summary>
    public Action<ExchangeEvent>? Observer { get; set; }

    /// <summary>Queues events in the order their change was stored; call <see cref="Deliver"/> after releasing state locks.</summary>
    public void Enqueue(IEnumerable<ExchangeEvent> events)
    {
        foreach (var e in events)
        {
            _pending.Enqueue(e);
        }
    }

    /// <summary>Delivers queued events in order (one deliverer at a time, so order holds across threads).</summary>
    public void Deliver(object sender)
    {
        lock (_deliveryGate)
        {
            while (_pending.TryDequeue(out var e))
            {
                Observer?.Invoke(e);
                foreach (var reader in _readers.Keys)
                {
                    if (!reader.Writer.TryWrite(e))
                    {
                        _readers.TryRemove(reader, out _);
                        reader.Writer.TryComplete(new InvalidOperationException(
                            $"This event reader fell more than {_capacity} events behind and was ended so that it cannot miss " +
                            "events unnoticed: read faster, or re-read state (OpenOrders, Balances) and subscribe again."));
                    }
                }

                EventRaised?.Invoke(sender, e);
            }
        }
    }

    /// <summary>Registers a reader now (so it sees every event from this call on) and returns its stream.</summary>
    public IAsyncEnumerable<ExchangeEvent> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ExchangeEvent>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _readers.TryAdd(channel, true);
        return Read(channel, cancellationToken);
    }

    /// <summary>Ends every reader's stream normally.</summary>
    public void CompleteAll()
    {
        foreach (var reader in _readers.Keys)
        {
            _readers.TryRemove(reader, out _);
            reader.Writer.TryComplete();
        }
    }

    private async IAsyncEnumerable<ExchangeEvent> Read(Channel<ExchangeEvent> channel,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            _readers.TryRemove(channel, out _);
        }
    }
}
