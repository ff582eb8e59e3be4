using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Amends orders in place (Kraken's <c>amend_order</c>, which keeps the order's ids, and its queue priority unless the
/// price changes or the amount grows): the new price and amount checked against the pair's rules as for a new order
/// (nothing is sent otherwise), the pair's trading counter waited on, the request sent (WebSocket, REST when the socket
/// is down), and the tracked order updated once Kraken confirmed it. A strategy's requote runs through here on the
/// thread that saw the book move: nothing on the way to the socket waits when the counter has room and no other request
/// is being written.
/// </summary>
internal sealed class OrderAmender
{
    private readonly OrderTracker _tracker;
    private readonly TradingRateBudget _budget;
    private readonly TradingChannel _channel;
    private readonly Func<TradingPair, MarketPair> _findPair;
    private readonly Func<MarketPair, TradingRule> _currentRule;
    private readonly TimeProvider _time;

    /// <param name="findPair">The catalog's pair for an order's pair (its trading counter is kept under that pair).</param>
    /// <param name="currentRule">The pair's rule as it stands now (the instrument channel keeps it current).</param>
    public OrderAmender(OrderTracker tracker, TradingRateBudget budget, TradingChannel channel, Func<TradingPair, MarketPair> findPair,
        Func<MarketPair, TradingRule> currentRule, TimeProvider time)
    {
        _tracker = tracker;
        _budget = budget;
        _channel = channel;
        _findPair = findPair;
        _currentRule = currentRule;
        _time = time;
    }

    /// <summary>Amends the order; completes when Kraken confirmed it.</summary>
    /// <exception cref="UnknownOrderException">No such order, or it has finished.</exception>
    /// <exception cref="ExchangeValidationException">The amend changes nothing, breaks the pair's rules, or targets an
    /// order placed elsewhere or a market order's price.</exception>
    public async Task AmendAsync(string clientOrderId, decimal? newPrice, decimal? newAmount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        var order = _tracker.Get(clientOrderId)
            ?? throw new UnknownOrderException($"No order with client order id {clientOrderId} was placed by this connector.");
        if (order.IsTerminal)
            throw new UnknownOrderException($"Order {clientOrderId} is already {order.State}; it cannot be amended.");
        if (order.IsExternal)
            throw new ExchangeValidationException(
                $"Order {clientOrderId} was placed outside this connector (Kraken id {order.ExchangeOrderId}): amend it where it was placed, or cancel it here.");
        if (newPrice is null && newAmount is null)
            throw new ExchangeValidationException($"The amend of order {clientOrderId} changes nothing: give a new price, a new amount, or both.");
        if (newPrice is not null && order.Request.Type == OrderType.Market)
            throw new ExchangeValidationException($"Order {clientOrderId} is a market order: it has no price to amend.");

        // The amended figures must pass the same rules as a new order's (tick, lot, minimums), nothing is sent otherwise;
        // checked as figures, without building the amended request on the thread that reacts to the book.
        var request = order.Request;
        decimal amount = newAmount ?? request.Amount;
        decimal? price = newPrice ?? request.Price;
        OrderRequest.CheckAmountAndPrice(request.Pair, request.Type, amount, price);
        var market = _findPair(request.Pair);
        _currentRule(market).ValidateFigures(request.Type, amount, price);
        if (amount <= order.FilledAmount)
            throw new ExchangeValidationException(
                $"Order {clientOrderId} has {order.FilledAmount} {order.Request.Pair.Base} filled: the new amount must be above that, or cancel the order.");

        await _budget.WaitAsync(market.Pair, TradingCost.AmendOrder(_time.GetUtcNow() - order.UpdatedAt), cancellationToken)
            .ConfigureAwait(false);
        // Forced to yield: an answer that came back before the caller awaited (a fast exchange, a loaded machine) must not
        // run what follows, a journal write, on the caller's thread: a strategy reacting on the socket's receive thread
        // has its next amend to send, and the socket more frames to read.
        await _channel.AmendOrderAsync(clientOrderId, newPrice, newAmount, order.Request.Type == OrderType.LimitMaker, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        // Kraken confirmed it; the executions stream reports the same amend, which then changes nothing.
        _tracker.Amend(clientOrderId, newPrice, newAmount);
    }
}
