using System.Collections.Concurrent;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// The account's fees per pair from <c>TradeVolume</c> (its real tier), falling back to the pair's published schedule
/// at zero volume (the highest fee: the safe side for holding funds) until Kraken has been asked.
/// </summary>
internal sealed class FeeBook(KrakenRestClient rest, MarketCatalog catalog)
{
    private readonly ConcurrentDictionary<TradingPair, FeeEstimate> _known = new();

    /// <summary>The taker fee percent to hold funds for; never waits on Kraken.</summary>
    public decimal TakerPercent(TradingPair pair) =>
        _known.TryGetValue(pair, out var estimate) ? estimate.TakerPercent : FromSchedule(pair, isMaker: false);

    public async Task<FeeEstimate> GetAsync(TradingPair pair, CancellationToken cancellationToken)
    {
        var marketPair = catalog.GetPair(pair);
        var volume = await rest.GetTradeVolumeAsync([marketPair.Id], cancellationToken).ConfigureAwait(false);
        decimal taker = FeeFor(volume.TakerFees, marketPair) ?? marketPair.Rule.FeePercent(volume.Volume, isMaker: false);
        decimal maker = FeeFor(volume.MakerFees, marketPair) ?? marketPair.Rule.FeePercent(volume.Volume, isMaker: true);
        var estimate = new FeeEstimate(pair, maker, taker, volume.Volume);
        _known[pair] = estimate;
        return estimate;
    }

    private static decimal? FeeFor(IReadOnlyList<KrakenPairFee> fees, MarketPair pair)
    {
        foreach (var fee in fees)
            if (fee.PairId == pair.Id || fee.PairId == pair.AltName) return fee.Fee;
        return fees.Count == 1 ? fees[0].Fee : null;
    }

    private decimal FromSchedule(TradingPair pair, bool isMaker) =>
        catalog.TryGetPair(pair, out var marketPair) && !marketPair.Rule.TakerFees.IsEmpty ? marketPair.Rule.FeePercent(0m, isMaker) : 0.4m;
}
