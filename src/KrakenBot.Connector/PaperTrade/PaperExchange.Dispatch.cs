using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

// What arrives after the latency, and each public print, handed to the matcher as one change on the work loop.
public sealed partial class PaperExchange : IPaperVenue
{
    private Task ActivateAsync(string clientOrderId) => ChangeAsync(change => _matcher.Activate(change, clientOrderId));

    private Task CompleteCancelAsync(string clientOrderId) =>
        ChangeAsync(change => PaperMatcher.Cancel(change, change.Order(clientOrderId), "cancelled by user"));

    private Task ExpireAsync(string clientOrderId)
    {
        _expiryTimers.TryRemove(clientOrderId, out _);
        return ChangeAsync(change => PaperMatcher.Expire(change, clientOrderId));
    }

    private Task ApplyAmendAsync(string clientOrderId, decimal? newPrice, decimal? newAmount) =>
        ChangeAsync((_matcher, clientOrderId, newPrice, newAmount),
            static (change, amend) => amend._matcher.ApplyAmend(change, amend.clientOrderId, amend.newPrice, amend.newAmount));

    private Task ProcessTradeAsync(PublicTrade trade)
    {
        // Most prints reach none of our orders: skip the change for them. Only this loop adds resting orders, so the
        // check cannot miss one that is being added.
        if (!ReachesRestingOrder(trade.Pair))
        {
            return Task.CompletedTask;
        }

        return ChangeAsync((_matcher, trade), static (change, print) => print._matcher.MatchTrade(change, print.trade));
    }

    private bool ReachesRestingOrder(TradingPair pair)
    {
        lock (_stateLock) // a request may be changing the state on another thread
        {
            foreach (string id in _state.Resting.Keys)
            {
                if (_state.Orders[id].Request.Pair == pair)
                {
                    return true;
                }
            }

            return false;
        }
    }

    TradingRule? IPaperVenue.TryGetRule(TradingPair pair) => TryGetRule(pair);

    IOrderBookView? IPaperVenue.ReadyBook(TradingPair pair) => ReadyBook(pair);

    long IPaperVenue.NextPriority() => NextPriority();

    void IPaperVenue.ArmExpiry(string clientOrderId, DateTimeOffset expiry) => ArmExpiry(clientOrderId, expiry);
}
