using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>
/// What the detector needs of one market at one moment: the visible depth, the order-size rules and the taker fee.
/// </summary>
/// <param name="Pair">The market.</param>
/// <param name="Bids">Bids, best (highest) first.</param>
/// <param name="Asks">Asks, best (lowest) first.</param>
/// <param name="AmountDecimals">Lot decimals: a base amount is cut down to this many.</param>
/// <param name="MinAmount">Smallest order, in the base asset.</param>
/// <param name="MinCost">Smallest order cost, in the quote asset; null when none.</param>
/// <param name="TakerFee">Taker fee as a fraction (0.0040 for 0.40 %), charged in the quote asset as Kraken does by default.</param>
/// <param name="Tradable">False when the market takes no limit IOC orders now (cancel-only, post-only, reduce-only, unknown) or its book is not ready.</param>
internal sealed record LegMarket(TradingPair Pair, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks, int AmountDecimals,
    decimal MinAmount, decimal? MinCost, decimal TakerFee, bool Tradable = true)
{
    /// <summary>A market from the pair's trading rule, a book snapshot and the taker fee in percent.</summary>
    public static LegMarket From(TradingRule rule, OrderBookSnapshot book, decimal takerFeePercent)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(book);
        return new LegMarket(rule.Pair, book.Bids, book.Asks, rule.AmountDecimals, rule.MinAmount, rule.MinCost, takerFeePercent / 100m,
            book.IsReady && rule.Status is MarketStatus.Online or MarketStatus.LimitOnly);
    }

    /// <summary>Cuts a base amount down to the lot decimals.</summary>
    public decimal Quantize(decimal amount) => decimal.Round(amount, AmountDecimals, MidpointRounding.ToZero);
}
