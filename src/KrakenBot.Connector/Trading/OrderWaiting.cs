using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.Trading;

/// <summary>Waiting for an order to reach a state, for programs that place an order and then act on its outcome.</summary>
public static class OrderWaiting
{
    /// <summary>
    /// Completes with the order once it is in <paramref name="state"/> (at once if it already is). Re-reads the order
    /// after every event of the exchange, so it cannot miss a change that happens while it starts.
    /// </summary>
    /// <example>
    /// <code>
    /// string id = await exchange.PlaceOrderAsync(request);
    /// var order = await exchange.WaitForOrderAsync(id, OrderState.Open);
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException">
    /// The exchange does not know <paramref name="clientOrderId"/>, the order ended in another state (the message names
    /// it and the exchange's reason), or the exchange stopped first.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first; bound the wait with it.</exception>
    public static async Task<TrackedOrder> WaitForOrderAsync(this IExchange exchange, string clientOrderId, OrderState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        // Events() receives every event from this call on: subscribe before the first look, and no change goes unseen.
        IAsyncEnumerator<ExchangeEvent> events = exchange.Events(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                TrackedOrder order = exchange.GetOrder(clientOrderId)
                    ?? throw new InvalidOperationException($"The exchange knows no order '{clientOrderId}': pass the id PlaceOrderAsync returned.");
                if (order.State == state) return order;
                if (order.State.IsTerminal())
                {
                    string reason = order.FailureReason is { } why ? $" ({why})" : "";
                    throw new InvalidOperationException($"Order {clientOrderId} ended {order.State}{reason} and will never be {state}.");
                }
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                    throw new InvalidOperationException($"The exchange stopped while order {clientOrderId} was {order.State}, before it was {state}.");
            }
        }
    }
}
