using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

internal sealed partial class PairEngine
{
    /// <summary>
    /// Puts an order loaded from storage back: open orders rest in the book (callers restore them in
    /// <see cref="Order.Sequence"/> order, so time priority survives) with their hold; closed ones
    /// only join the history. Trades and sequence counters continue after the restored ones.
    /// </summary>
    public void Restore(Order order)
    {
        EnsureMine(order);
        lock (_gate)
        {
            _sequence = Math.Max(_sequence, order.Sequence);
            var account = order.Account;
            lock (account.Gate)
            {
                if (order.IsOpen)
                {
                    account.RestoreHold(order.HoldAsset, order.Hold);
                    account.AddOpen(order);
                }
                else account.ClosedOrders.Add(order, _forgetOrder);
            }
            _exchange.Register(order);
            if (order.IsOpen && !order.Kind.IsTriggered()) Rest(order, order.PriorityTime);
            else if (order.IsOpen && order.ExpireTime is { } expire) _expiries.Enqueue(order, expire);
        }
    }

    /// <summary>Replays stored public trades (oldest first) into the market data; trade numbers continue after them.</summary>
    public void RestoreTape(IReadOnlyList<PublicTrade> trades)
    {
        lock (_gate)
        {
            foreach (var trade in trades)
            {
                Stats.RecordTrade(trade);
                _tradeNumber = Math.Max(_tradeNumber, trade.TradeNumber);
            }
        }
    }

    public void RestoreTradeNumber(long number)
    {
        lock (_gate) _tradeNumber = Math.Max(_tradeNumber, number);
    }
}
