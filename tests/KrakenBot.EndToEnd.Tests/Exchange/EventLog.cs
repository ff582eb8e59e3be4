using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>Every event the exchange raised, in order (through the C# event).</summary>
internal sealed class EventLog
{
    private readonly List<ExchangeEvent> _events = [];

    public EventLog(KrakenSpotExchange exchange) => exchange.EventRaised += (_, e) => { lock (_events) _events.Add(e); };

    public List<T> Of<T>() where T : ExchangeEvent
    {
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
