using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Hands every event to every reader (each <see cref="Subscribe"/> gets its own bounded buffer) and to the C#
/// event, in the order published. A reader that falls more than the buffer behind loses its oldest events and the
/// loss is logged; the others are not slowed down.
/// </summary>
internal sealed class ExchangeEventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ExchangeEvent>> _readers = [];
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly object _sender;

    public ExchangeEventHub(object sender, ILogger logger, int capacityPerReader = 100_000)
    {
        _sender = sender;
        _logger = logger;
        _capacity = capacityPerReader;
    }

    public event EventHandler<ExchangeEvent>? EventRaised;

    /// <summary>Publishes one event. Callers publish under their own lock, so the order is the order of changes.</summary>
    public void Publish(ExchangeEvent e)
    {
        lock (_gate)
        {
            foreach (var reader in _readers)
            {
                if (reader.Reader.Count >= _capacity)
                    _logger.LogWarning("An event reader is {Capacity} events behind; its oldest event was dropped.", _capacity);
                reader.Writer.TryWrite(e);
            }
        }

        var handlers = EventRaised;
        if (handlers is null) return;
        foreach (EventHandler<ExchangeEvent> handler in handlers.GetInvocationList())
        {
            try
            {
                handler(_sender, e);
            }
            catch (Exception ex)
            {
                // A faulty handler must not stop the connector from tracking orders.
                _logger.LogError(ex, "An EventRaised handler threw while handling {Event}", e.GetType().Name);
            }
        }
    }

    /// <summary>A reader that receives every event published from this call on (not from the first MoveNext).</summary>
    public IAsyncEnumerable<ExchangeEvent> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ExchangeEvent>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate) _readers.Add(channel);
        return ReadAsync(channel, cancellationToken);
    }

    private async IAsyncEnumerable<ExchangeEvent> ReadAsync(Channel<ExchangeEvent> channel,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return e;
        }
        finally
        {
            lock (_gate) _readers.Remove(channel);
        }
    }

    /// <summary>Ends every reader's enumeration (on dispose).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var reader in _readers) reader.Writer.TryComplete();
        }
    }
}
