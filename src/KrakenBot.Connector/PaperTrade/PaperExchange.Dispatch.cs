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
        ChangeAsync(change => _matcher.ApplyAmend(change, clientOrderId, newPrice, newAmount));

    private Task ProcessTradeAsync(PublicTrade trade)
    {
        // Most prints reach none of our orders: skip copying the state for them. Only this loop adds resting orders,
        // so the check cannot miss one that is being added.
        foreach (string id in _state.Resting.Keys)
        {
            if (_state.Orders[id].Request.Pair == trade.Pair)
            {
                return ChangeAsync(change => _matcher.MatchTrade(change, trade));
            }
        }

        return Task.CompletedTask;
    }

    TradingRule? IPaperVenue.TryGetRule(TradingPair pair) => TryGetRule(pair);

    IOrderBookView? IPaperVenue.ReadyBook(TradingPair pair) => ReadyBook(pair);

    long IPaperVenue.NextPriority() => NextPriority();

    void IPaperVenue.ArmExpiry(string clientOrderId, DateTimeOffset expiry) => ArmExpiry(clientOrderId, expiry);
}
