namespace KrakenBot.Strategies.Pnl;

/// <summary>
/// Everything <see cref="PnlTracker"/> keeps across restarts. The start figures are recorded once, when a run begins,
/// from the exchange's balances at that moment; they are never derived afterwards from trades.
/// </summary>
public sealed record PnlState
{
    /// <summary>Base asset total when the run began.</summary>
    public decimal StartBase { get; init; }

    /// <summary>Quote asset total when the run began.</summary>
    public decimal StartQuote { get; init; }

    /// <summary>Mid price when the run began (null until the first mid was seen).</summary>
    public decimal? StartMark { get; init; }

    /// <summary>When the run began.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Base held by the strategy: the start total plus its own fills, net of fees paid in base.</summary>
    public decimal Base { get; init; }

    /// <summary>Quote held by the strategy: the start total plus its own fills, net of fees paid in quote.</summary>
    public decimal Quote { get; init; }

    /// <summary>
    /// What <see cref="Base"/> cost in quote, fees included (the starting inventory at the start mark); negative for a
    /// short (what it brought in). Kept as a total rather than a price so that closing a position realizes it exactly.
    /// </summary>
    public decimal CostBasis { get; init; }

    /// <summary>Average cost of <see cref="Base"/> in quote per unit (0 when flat).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal AverageCost => Base == 0 ? 0m : CostBasis / Base;

    /// <summary>Realized P&amp;L in quote (fees included).</summary>
    public decimal Realized { get; init; }

    /// <summary>Fees paid, per asset.</summary>
    public IReadOnlyDictionary<string, decimal> Fees { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Fees valued in quote at each fill's price (fees in a third asset are not valued).</summary>
    public decimal FeesInQuote { get; init; }

    /// <summary>Fills counted.</summary>
    public int Trades { get; init; }

    /// <summary>Buys counted.</summary>
    public int Buys { get; init; }

    /// <summary>Sells counted.</summary>
    public int Sells { get; init; }

    /// <summary>Base volume traded.</summary>
    public decimal BaseVolume { get; init; }

    /// <summary>Quote volume traded.</summary>
    public decimal QuoteVolume { get; init; }

    /// <summary>Quote spent on buys (price × amount, fees excluded).</summary>
    public decimal BoughtQuote { get; init; }

    /// <summary>Base bought.</summary>
    public decimal BoughtBase { get; init; }

    /// <summary>Quote received on sells (price × amount, fees excluded).</summary>
    public decimal SoldQuote { get; init; }

    /// <summary>Base sold.</summary>
    public decimal SoldBase { get; init; }

    /// <summary>Latest mid price seen.</summary>
    public decimal? Mark { get; init; }

    /// <summary>Highest equity seen (quote, at mark).</summary>
    public decimal? PeakEquity { get; init; }
}
