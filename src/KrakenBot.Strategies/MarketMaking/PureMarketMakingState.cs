namespace KrakenBot.Strategies.MarketMaking;

/// <summary>What pure market making keeps across restarts (in the host's state store, key <c>pmm</c>).</summary>
internal sealed record PureMarketMakingState
{
    /// <summary>Completed non-hanging buys not yet matched by sells (ping-pong).</summary>
    public int FilledBuys { get; init; }

    /// <summary>Completed non-hanging sells not yet matched by buys (ping-pong).</summary>
    public int FilledSells { get; init; }

    /// <summary>Client order ids of hanging orders.</summary>
    public IReadOnlyList<string> Hanging { get; init; } = [];

    /// <summary>Buy/sell pairs of the current quote set (hanging-order candidates come from these).</summary>
    public IReadOnlyList<QuotePair> Pairs { get; init; } = [];

    /// <summary>Price of the last completely filled non-hanging order.</summary>
    public decimal? LastOwnTradePrice { get; init; }

    /// <summary>Inventory cost: base volume held at cost.</summary>
    public decimal? InventoryBase { get; init; }

    /// <summary>Inventory cost: quote paid for <see cref="InventoryBase"/>.</summary>
    public decimal? InventoryQuote { get; init; }

    /// <summary>The moving price band, when enabled.</summary>
    public MovingPriceBand? Band { get; init; }
}

/// <summary>A buy and a sell placed at the same level of one set; when one fills completely the other may hang.</summary>
/// <param name="BuyId">The buy's client order id.</param>
/// <param name="SellId">The sell's client order id.</param>
/// <param name="BuyFilled">The buy filled completely.</param>
/// <param name="SellFilled">The sell filled completely.</param>
internal sealed record QuotePair(string BuyId, string SellId, bool BuyFilled, bool SellFilled)
{
    /// <summary>The unfilled order when exactly one side filled, else null.</summary>
    public string? Candidate => BuyFilled == SellFilled ? null : BuyFilled ? SellId : BuyId;
}
