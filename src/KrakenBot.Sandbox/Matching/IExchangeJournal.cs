using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// Durable record of what changed. Called under the engine's locks, so implementations only
/// note the change and write it elsewhere (see <c>SqliteJournal</c>).
/// </summary>
internal interface IExchangeJournal
{
    void OrderChanged(Order order);
    void TradeAdded(Trade trade);
    void AccountChanged(Account account);

    /// <summary>A public trade of <paramref name="pair"/> (any account's), for the market data a restart must keep.</summary>
    void PublicTradeRecorded(PairInfo pair, in PublicTrade trade);
}
