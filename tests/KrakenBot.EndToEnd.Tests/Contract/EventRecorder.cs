using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.EndToEnd.Tests.Exchange;

namespace KrakenBot.EndToEnd.Tests.Contract;

/// <summary>Events as one reader (or the handlers) received them, in order; thread-safe.</summary>
internal sealed class EventRecorder : IAsyncDisposable
{
    private readonly List<ExchangeEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;

    /// <summary>A reader of <paramref name="exchange"/>'s events, registered now and read in the background.</summary>
    public static EventRecorder Read(IExchange exchange)
    {
        var recorder = new EventRecorder();
        var stream = exchange.Events(recorder._stop.Token);
        recorder._reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in stream) recorder.Add(e);
            }
            catch (OperationCanceledException)
            {
            }
        });
        return recorder;
    }

    public List<ExchangeEvent> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public void Add(ExchangeEvent e)
    {
        lock (_events) _events.Add(e);
    }

    public Task UntilAsync(Func<ExchangeEvent, bool> seen, string what) =>
        Until.TrueAsync(() => Events.Any(seen), () => what);

    /// <summary>The events of one order as "type state filled" (fills as "FillRecorded amount"), in order.</summary>
    public List<string> Of(string clientOrderId) => [.. Events.Select(e => Describe(e, clientOrderId)).OfType<string>()];

    private static string? Describe(ExchangeEvent e, string clientOrderId)
    {
        if (e is FillRecorded fill)
            return fill.Fill.ClientOrderId == clientOrderId ? $"FillRecorded {Number(fill.Fill.Amount)}" : null;
        TrackedOrder? order = e switch
        {
            OrderCreated c => c.Order,
            OrderPartiallyFilled p => p.Order,
            OrderFilled f => f.Order,
            OrderCancelled c => c.Order,
            OrderCancelRejected r => r.Order,
            OrderExpired x => x.Order,
            OrderFailed f => f.Order,
            OrderAmended a => a.Order,
            _ => null,
        };
        return order?.ClientOrderId == clientOrderId ? $"{e.GetType().Name} {order.State} {Number(order.FilledAmount)}" : null;
    }

    private static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }
}
