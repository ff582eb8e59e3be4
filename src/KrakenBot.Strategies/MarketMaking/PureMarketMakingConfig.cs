using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking.Config;

namespace KrakenBot.Strategies.MarketMaking;

/// <summary>Where the reference price comes from.</summary>
public enum PriceSource
{
    /// <summary>The traded pair's own book.</summary>
    CurrentMarket,

    /// <summary>Another pair's book on the same exchange (<see cref="PureMarketMakingConfig.PriceSourceMarket"/>).</summary>
    ExternalMarket,

    /// <summary>An HTTP endpoint answering a price (<see cref="PureMarketMakingConfig.PriceSourceCustomApi"/>).</summary>
    CustomApi,
}

/// <summary>Which price of the source is the reference.</summary>
public enum PriceType
{
    /// <summary>(best bid + best ask) / 2.</summary>
    MidPrice,

    /// <summary>The last public trade (mid until one is seen, or when the exchange publishes no trades).</summary>
    LastPrice,

    /// <summary>The price of the strategy's last completely filled order (mid until the first one).</summary>
    LastOwnTradePrice,

    /// <summary>Best bid.</summary>
    BestBid,

    /// <summary>Best ask.</summary>
    BestAsk,

    /// <summary>Mid for buys; sells at no less than the average cost of the inventory.</summary>
    InventoryCost,

    /// <summary>The custom API's price (forced with <see cref="PriceSource.CustomApi"/>).</summary>
    Custom,
}

/// <summary>One order of an order override: side, spread from the reference price, amount.</summary>
/// <param name="Name">The entry's name in the config.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Spread">Distance from the reference as a fraction (0.01 = 1 %).</param>
/// <param name="Amount">Base amount.</param>
public sealed record OrderOverride(string Name, OrderSide Side, decimal Spread, decimal Amount);

/// <summary>
/// Pure market making, with Hummingbot's V1 parameters and meanings (research §1.1). Values are in internal units:
/// spreads and percentages are fractions (0.01 = 1 %), times are <see cref="TimeSpan"/>s. YAML files carry percents
/// like Hummingbot's; <see cref="PureMarketMakingConfigFile"/> converts them, and <see cref="PureMarketMakingParameters"/>
/// holds each parameter's prompt, default, range and live-updatability, in one place.
/// </summary>
public sealed record PureMarketMakingConfig
{
    /// <summary>Connector name (<c>kraken</c>, <c>kraken_paper_trade</c>).</summary>
    public string Exchange { get; init; } = "kraken";

    /// <summary>The pair to quote.</summary>
    public required TradingPair Market { get; init; }

    /// <summary>First bid = reference × (1 − bid spread).</summary>
    public required decimal BidSpread { get; init; }

    /// <summary>First ask = reference × (1 + ask spread).</summary>
    public required decimal AskSpread { get; init; }

    /// <summary>Non-hanging orders closer to the reference than this (signed, toward the inside) are cancelled every tick; −1 disables.</summary>
    public decimal MinimumSpread { get; init; } = -1m;

    /// <summary>Least life of a quote set; after it, the set is checked against a fresh proposal every tick.</summary>
    public TimeSpan OrderRefreshTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When any non-hanging order is older than this, the whole set is refreshed even within tolerance.</summary>
    public TimeSpan MaxOrderAge { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>Refresh deferred while every level moved by at most this fraction; 0: any change refreshes; negative: never defer.</summary>
    public decimal OrderRefreshTolerance { get; init; }

    /// <summary>Size of the level-0 order per side (base).</summary>
    public required decimal OrderAmount { get; init; }

    /// <summary>Orders per side.</summary>
    public int OrderLevels { get; init; } = 1;

    /// <summary>Level i size = order amount + i × this (sizes ≤ 0 dropped).</summary>
    public decimal OrderLevelAmount { get; init; }

    /// <summary>Level i price = reference × (1 ∓ spread ∓ i × this).</summary>
    public decimal OrderLevelSpread { get; init; } = 0.01m;

    /// <summary>No buys while the reference is at or above it; −1 disables.</summary>
    public decimal PriceCeiling { get; init; } = -1m;

    /// <summary>No sells while the reference is at or below it; −1 disables.</summary>
    public decimal PriceFloor { get; init; } = -1m;

    /// <summary>Ceiling and floor follow the reference, reset every <see cref="PriceBandRefreshTime"/>.</summary>
    public bool MovingPriceBandEnabled { get; init; }

    /// <summary>Moving ceiling = reference × (1 + this).</summary>
    public decimal PriceCeilingPct { get; init; } = 0.01m;

    /// <summary>Moving floor = reference × (1 + this) (negative: below).</summary>
    public decimal PriceFloorPct { get; init; } = -0.01m;

    /// <summary>How often the moving band is recentred.</summary>
    public TimeSpan PriceBandRefreshTime { get; init; } = TimeSpan.FromSeconds(86400);

    /// <summary>After a side fills, remove that many of its levels until the other side fills.</summary>
    public bool PingPongEnabled { get; init; }

    /// <summary>Scale buy and sell sizes by factors in [0, 2] toward the inventory target.</summary>
    public bool InventorySkewEnabled { get; init; }

    /// <summary>Target share of portfolio value held in base (fraction).</summary>
    public decimal InventoryTargetBase { get; init; } = 0.5m;

    /// <summary>Tolerated band around the target, in multiples of the total order size.</summary>
    public decimal InventoryRangeMultiplier { get; init; } = 1m;

    /// <summary>With <see cref="PriceType.InventoryCost"/>: the average cost of the base held at the first start.</summary>
    public decimal InventoryPrice { get; init; } = 1m;

    /// <summary>After a non-hanging order fills completely, the next set waits this long.</summary>
    public TimeSpan FilledOrderDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Keep the unfilled side of a pair whose other side filled completely.</summary>
    public bool HangingOrdersEnabled { get; init; }

    /// <summary>A hanging order further than this fraction from the reference is cancelled.</summary>
    public decimal HangingOrdersCancel { get; init; } = 0.1m;

    /// <summary>Jump the best bid/ask (one tick inside it) when the proposal is further out.</summary>
    public bool OrderOptimizationEnabled { get; init; }

    /// <summary>Ask volume (base) ignored at the top when finding the price to jump.</summary>
    public decimal AskOrderOptimizationDepth { get; init; }

    /// <summary>Bid volume (base) ignored at the top when finding the price to jump.</summary>
    public decimal BidOrderOptimizationDepth { get; init; }

    /// <summary>Buy prices × (1 − maker fee), sell prices × (1 + maker fee).</summary>
    public bool AddTransactionCosts { get; init; }

    /// <summary>Where the reference price comes from.</summary>
    public PriceSource PriceSource { get; init; } = PriceSource.CurrentMarket;

    /// <summary>Which price of the source.</summary>
    public PriceType PriceType { get; init; } = PriceType.MidPrice;

    /// <summary>External source's connector (the same exchange is used to read it).</summary>
    public string? PriceSourceExchange { get; init; }

    /// <summary>External source's pair.</summary>
    public TradingPair? PriceSourceMarket { get; init; }

    /// <summary>Send crossing orders as plain limits instead of dropping them (otherwise orders are post-only).</summary>
    public bool TakeIfCrossed { get; init; }

    /// <summary>Custom price endpoint (GET answers a number).</summary>
    public Uri? PriceSourceCustomApi { get; init; }

    /// <summary>How often the custom endpoint is asked.</summary>
    public TimeSpan CustomApiUpdateInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Replaces spreads, levels and amounts entirely.</summary>
    public IReadOnlyList<OrderOverride> OrderOverride { get; init; } = [];

    /// <summary>Build the override from the four lists below (zipped per side).</summary>
    public bool SplitOrderLevelsEnabled { get; init; }

    /// <summary>Bid spreads per level (fractions).</summary>
    public IReadOnlyList<decimal> BidOrderLevelSpreads { get; init; } = [];

    /// <summary>Ask spreads per level (fractions).</summary>
    public IReadOnlyList<decimal> AskOrderLevelSpreads { get; init; } = [];

    /// <summary>Bid amounts per level.</summary>
    public IReadOnlyList<decimal> BidOrderLevelAmounts { get; init; } = [];

    /// <summary>Ask amounts per level.</summary>
    public IReadOnlyList<decimal> AskOrderLevelAmounts { get; init; } = [];

    /// <summary>No new orders while a cancel is in flight (refreshes amend in place, so this only gates cancel-then-place).</summary>
    public bool ShouldWaitOrderCancelConfirmation { get; init; } = true;

    /// <summary>The override in effect: the split lists zipped, or <see cref="OrderOverride"/>, or empty.</summary>
    public IReadOnlyList<OrderOverride> EffectiveOverride
    {
        get
        {
            if (!SplitOrderLevelsEnabled)
            {
                return OrderOverride;
            }

            var entries = new List<OrderOverride>();
            for (int i = 0; i < Math.Min(BidOrderLevelSpreads.Count, BidOrderLevelAmounts.Count); i++)
            {
                entries.Add(new OrderOverride($"split_level_{entries.Count}", OrderSide.Buy, BidOrderLevelSpreads[i], BidOrderLevelAmounts[i]));
            }

            for (int i = 0; i < Math.Min(AskOrderLevelSpreads.Count, AskOrderLevelAmounts.Count); i++)
            {
                entries.Add(new OrderOverride($"split_level_{entries.Count}", OrderSide.Sell, AskOrderLevelSpreads[i], AskOrderLevelAmounts[i]));
            }

            return entries;
        }
    }

    /// <summary>
    /// Checks every value against its parameter's range and the rules between parameters (the same checks a YAML file
    /// gets); throws naming the parameter, the value and the allowed range.
    /// </summary>
    /// <exception cref="ConfigException">A value is out of range or contradicts another.</exception>
    public void Validate() => PureMarketMakingParameters.Validate(this);
}
