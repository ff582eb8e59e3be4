namespace KrakenBot.Strategies.MarketMaking;

/// <summary>
/// A price ceiling and floor that follow the reference price (Hummingbot's <c>moving_price_band.py</c>): set to
/// reference × (1 + ceiling pct) and reference × (1 + floor pct), recentred once <c>price_band_refresh_time</c> has
/// passed since the last set.
/// </summary>
/// <param name="Floor">Sells stop at or below it.</param>
/// <param name="Ceiling">Buys stop at or above it.</param>
/// <param name="SetAt">When it was last recentred.</param>
internal sealed record MovingPriceBand(decimal Floor, decimal Ceiling, DateTimeOffset SetAt)
{
    /// <summary>The band recentred on <paramref name="price"/> when due (or when there is none yet).</summary>
    public static MovingPriceBand Update(MovingPriceBand? band, DateTimeOffset now, decimal price, PureMarketMakingConfig config) =>
        band is not null && now < band.SetAt + config.PriceBandRefreshTime
            ? band
            : new MovingPriceBand((1m + config.PriceFloorPct) * price, (1m + config.PriceCeilingPct) * price, now);
}
