namespace KrakenBot.Strategies.MarketMaking;

/// <summary>Pure market making at one moment, for <c>status</c> (Hummingbot's Markets / Assets / Orders tables).</summary>
/// <param name="ReferencePrice">The reference price now (null until ready).</param>
/// <param name="PriceType">Which price it is.</param>
/// <param name="BestBid">Maker book's best bid.</param>
/// <param name="BestAsk">Maker book's best ask.</param>
/// <param name="Orders">Open orders with level, spread from the reference, age and hanging flag.</param>
/// <param name="Inventory">Inventory skew figures, when enabled.</param>
/// <param name="FilledBuys">Ping-pong buy count.</param>
/// <param name="FilledSells">Ping-pong sell count.</param>
/// <param name="Places">Orders placed since start.</param>
/// <param name="Amends">Amends sent since start.</param>
/// <param name="Cancels">Cancels sent since start.</param>
/// <param name="RefreshesStretched">Refreshes put off because the trading counter had no room.</param>
/// <param name="NextRefresh">When the set is next checked against a fresh proposal.</param>
public sealed record PureMarketMakingStatus(decimal? ReferencePrice, PriceType PriceType, decimal? BestBid, decimal? BestAsk,
    IReadOnlyList<MarketMakingOrderStatus> Orders, InventoryStatus? Inventory, int FilledBuys, int FilledSells, long Places,
    long Amends, long Cancels, long RefreshesStretched, DateTimeOffset? NextRefresh);

/// <summary>One open order as <c>status</c> shows it.</summary>
/// <param name="Level">Level number on its side, or <c>hang</c>.</param>
/// <param name="Side">buy or sell.</param>
/// <param name="Price">Limit price.</param>
/// <param name="Spread">Distance from the reference as a fraction (positive: away from it).</param>
/// <param name="Amount">Amount ordered.</param>
/// <param name="Remaining">Amount still open.</param>
/// <param name="Age">Since placed or last amended.</param>
/// <param name="Hanging">A hanging order.</param>
/// <param name="ClientOrderId">Our id for the order.</param>
/// <param name="ExchangeOrderId">Kraken's id (txid), once acknowledged.</param>
public sealed record MarketMakingOrderStatus(string Level, string Side, decimal Price, decimal? Spread, decimal Amount, decimal Remaining,
    TimeSpan Age, bool Hanging, string ClientOrderId, string? ExchangeOrderId);

/// <summary>Inventory skew figures (Hummingbot's Target Value / Current % / Target % / Inventory Range / Order Adjust %).</summary>
/// <param name="TargetValue">Target base value in quote.</param>
/// <param name="CurrentBase">Current share of value in base (fraction).</param>
/// <param name="TargetBase">Target share (fraction).</param>
/// <param name="RangeLow">Low end of the tolerated band (fraction of value).</param>
/// <param name="RangeHigh">High end (fraction of value).</param>
/// <param name="BidAdjust">Buy size factor.</param>
/// <param name="AskAdjust">Sell size factor.</param>
public sealed record InventoryStatus(decimal TargetValue, decimal CurrentBase, decimal TargetBase, decimal RangeLow, decimal RangeHigh,
    decimal BidAdjust, decimal AskAdjust);
