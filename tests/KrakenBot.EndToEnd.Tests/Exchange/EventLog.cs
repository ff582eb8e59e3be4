using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>Every event the exchange raised, in order (through the C# event, once its handlers were handed them).</summary>
internal sealed class EventLog
{
    private readonly List<ExchangeEvent> _events = [];
    private readonly KrakenSpotExchange _exchange;

    public EventLog(KrakenSpotExchange exchange)
    {
        _exchange = exchange;
        exchange.EventRaised += (_, e) => { lock (_events) _events.Add(e); };
    }

    public List<T> Of<T>() where T : ExchangeEvent
    {
        _exchange.WhenEventsDeliveredAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        lock (_events) return [.. _events.OfType<T>()];
    }

    public List<T> For<T>(string clientId) where T : ExchangeEvent =>
        Of<T>().Where(e => e switch
        {
            OrderCreated c => c.Order.ClientOrderId == clientId,
            OrderPartiallyFilled p => p.Order.ClientOrderId == clientId,
            OrderFilled f => f.Order.ClientOrderId == clientId,
            OrderCancelled c => c.Order.ClientOrderId == clientId,
            OrderFailed f => f.Order.ClientOrderId == clientId,
            FillRecorded r => r.Fill.ClientOrderId == clientId,
            _ => false,
        }).ToList();
}
