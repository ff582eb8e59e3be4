using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

internal sealed partial class PairEngine
{
    private const int HistoryTrades = 720;
    private static readonly TimeSpan HistorySpacing = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gives a pair with no trades yet a past: a day of seeded trades (a random walk that ends at
    /// <paramref name="endPrice"/>), recorded like real ones, so that from the first second the ticker's 24 h figures,
    /// the candles and the recent trades describe a market that has been trading, as Kraken's do. A pair that already
    /// has trades (a restarted sandbox keeps its tape) is left as it is.
    /// </summary>
    /// <returns>Whether a history was written.</returns>
    public bool BackfillHistory(Random random, decimal endPrice, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (Stats.Trades.Count > 0 || endPrice <= 0m) return false;
            var prices = new decimal[HistoryTrades];
            prices[^1] = endPrice;
            for (int i = HistoryTrades - 2; i >= 0; i--)
            {
                decimal step = (decimal)(random.NextDouble() - 0.5) * 0.0016m;
                prices[i] = Money.Round(prices[i + 1] * (1m + step) / Pair.TickSize, 0) * Pair.TickSize;
            }
            var start = now - HistorySpacing * HistoryTrades;
            for (int i = 0; i < HistoryTrades; i++)
            {
                var time = start + HistorySpacing * i + TimeSpan.FromSeconds(random.Next(0, 100));
                decimal quantity = Money.Round(Pair.OrderMin * random.Next(10, 2000), Pair.BaseAmountDecimals);
                var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                RecordHistory(prices[i], quantity, time, side, random.Next(4) == 0 ? OrderKind.Market : OrderKind.Limit);
            }
            return true;
        }
    }

    /// <summary>
    /// Writes one trade of a synthetic market's past into the tape (the ticker, candles and Trades read it): no order,
    /// account or event is involved. Callers append in time order, after the tape's newest trade.
    /// </summary>
    public void AppendHistory(decimal price, decimal quantity, DateTimeOffset time, Side takerSide, OrderKind takerKind)
    {
        lock (_gate) RecordHistory(price, quantity, time, takerSide, takerKind);
    }

    private void RecordHistory(decimal price, decimal quantity, DateTimeOffset time, Side takerSide, OrderKind takerKind)
    {
        var trade = new PublicTrade(++_tradeNumber, price, quantity, time, takerSide, takerKind);
        Stats.RecordTrade(trade);
        _exchange.Journal?.PublicTradeRecorded(Pair, trade);
    }
}
