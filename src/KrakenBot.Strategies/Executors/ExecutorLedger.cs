using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// An executor's own fills on one pair, summed: base bought and sold, quote paid and received, fees valued in quote
/// (a fee paid in base at its fill's price). Net P&amp;L in quote after fees at a mark:
/// received − paid − fees + (bought − sold) × mark; once the position is flat it no longer depends on the mark.
/// </summary>
public sealed class ExecutorLedger
{
    private readonly HashSet<string> _trades = new(StringComparer.Ordinal);

    /// <summary>A ledger for <paramref name="pair"/>.</summary>
    public ExecutorLedger(TradingPair pair) => Pair = pair;

    /// <summary>The pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Base bought.</summary>
    public decimal Bought { get; private set; }

    /// <summary>Base sold.</summary>
    public decimal Sold { get; private set; }

    /// <summary>Quote paid for what was bought (fees apart).</summary>
    public decimal QuotePaid { get; private set; }

    /// <summary>Quote received for what was sold (fees apart).</summary>
    public decimal QuoteReceived { get; private set; }

    /// <summary>Fees, valued in quote.</summary>
    public decimal FeesQuote { get; private set; }

    /// <summary>Base paid as fees (the account holds that much less base than <see cref="Position"/> says).</summary>
    public decimal BaseFees { get; private set; }

    /// <summary>Bought − sold: positive long, negative short.</summary>
    public decimal Position => Bought - Sold;

    /// <summary>Quote traded both ways (Hummingbot's filled amount in quote).</summary>
    public decimal FilledQuote => QuotePaid + QuoteReceived;

    /// <summary>How many fills were counted.</summary>
    public int Fills => _trades.Count;

    /// <summary>Average price of what was bought; null before the first buy.</summary>
    public decimal? AverageBuyPrice => Bought == 0 ? null : QuotePaid / Bought;

    /// <summary>Average price of what was sold; null before the first sell.</summary>
    public decimal? AverageSellPrice => Sold == 0 ? null : QuoteReceived / Sold;

    /// <summary>Counts a fill once (a trade id seen again is ignored). False when it was already counted or is of another pair.</summary>
    public bool Apply(Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (fill.Pair != Pair || !_trades.Add(fill.TradeId))
        {
            return false;
        }

        if (fill.Side == OrderSide.Buy)
        {
            Bought += fill.Amount;
            QuotePaid += fill.Cost;
        }
        else
        {
            Sold += fill.Amount;
            QuoteReceived += fill.Cost;
        }

        if (fill.FeeAsset == Pair.Base)
        {
            BaseFees += fill.FeeAmount;
            FeesQuote += fill.FeeAmount * fill.Price;
        }
        else if (fill.FeeAsset == Pair.Quote)
        {
            FeesQuote += fill.FeeAmount;
        }

        return true;
    }

    /// <summary>Net P&amp;L in quote after fees, the open position valued at <paramref name="mark"/> (ignored when flat).</summary>
    public decimal NetPnl(decimal? mark) =>
        QuoteReceived - QuotePaid - FeesQuote + (Position == 0 || mark is null ? 0m : Position * mark.Value);
}
