using System.Globalization;
using KrakenBot.Connector.Kraken.Catalog;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>Reads the <c>result</c> of Kraken's public market-data endpoints.</summary>
internal static class KrakenMarketDataParser
{
    public static KrakenServerTime ParseTime(KrakenJsonNode result)
        => new(DateTimeOffset.FromUnixTimeSeconds(result.Int64("unixtime")), result.String("rfc1123"));

    public static KrakenSystemStatus ParseSystemStatus(KrakenJsonNode result)
        => new(result.String("status"), ParseRfc3339(result.Get("timestamp")));

    public static IReadOnlyList<KrakenAsset> ParseAssets(KrakenJsonNode result)
    {
        var assets = new List<KrakenAsset>();
        foreach (var (id, asset) in result.Members())
        {
            assets.Add(new KrakenAsset(
                Id: id,
                AssetClass: asset.String("aclass"),
                AltName: asset.String("altname"),
                Decimals: asset.Int32("decimals"),
                DisplayDecimals: asset.Int32("display_decimals"),
                CollateralValue: asset.OptionalDecimal("collateral_value"),
                Status: asset.String("status")));
        }
        return assets;
    }

    public static IReadOnlyList<KrakenPair> ParseAssetPairs(KrakenJsonNode result)
    {
        var pairs = new List<KrakenPair>();
        foreach (var (id, pair) in result.Members())
        {
            // Legacy dark-pool pairs (keys like "XXBTZUSD.d") are not tradable on the lit book.
            if (id.Contains('.')) continue;
            pairs.Add(new KrakenPair(
                Id: id,
                AltName: pair.String("altname"),
                WsName: pair.OptionalString("wsname"),
                Base: pair.String("base"),
                Quote: pair.String("quote"),
                PairDecimals: pair.Int32("pair_decimals"),
                CostDecimals: pair.Int32("cost_decimals"),
                LotDecimals: pair.Int32("lot_decimals"),
                OrderMin: pair.Decimal("ordermin"),
                CostMin: pair.OptionalDecimal("costmin"),
                TickSize: pair.OptionalDecimal("tick_size"),
                Status: pair.String("status"),
                TakerFees: ParseFeeTiers(pair, "fees"),
                MakerFees: ParseFeeTiers(pair, "fees_maker"),
                FeeVolumeCurrency: pair.OptionalString("fee_volume_currency")));
        }
        return pairs;
    }

    public static IReadOnlyList<KrakenTicker> ParseTicker(KrakenJsonNode result)
    {
        var tickers = new List<KrakenTicker>();
        foreach (var (pairId, t) in result.Members())
        {
            KrakenJsonNode ask = t.Get("a"), bid = t.Get("b"), last = t.Get("c");
            tickers.Add(new KrakenTicker(
                PairId: pairId,
                Ask: new KrakenTickerQuote(ask.DecimalAt(0), ask.DecimalAt(1), ask.DecimalAt(2)),
                Bid: new KrakenTickerQuote(bid.DecimalAt(0), bid.DecimalAt(1), bid.DecimalAt(2)),
                LastTradePrice: last.DecimalAt(0),
                LastTradeVolume: last.DecimalAt(1),
                Volume: DayAnd24Hours(t.Get("v")),
                VolumeWeightedAveragePrice: DayAnd24Hours(t.Get("p")),
                TradeCount: new KrakenDayAnd24Hours<long>(t.Get("t").Int64At(0), t.Get("t").Int64At(1)),
                Low: DayAnd24Hours(t.Get("l")),
                High: DayAnd24Hours(t.Get("h")),
                OpeningPrice: t.Decimal("o")));
        }
        return tickers;
    }

    public static KrakenCandlePage ParseOhlc(KrakenJsonNode result)
    {
        var (pairId, rows) = SinglePair(result);
        var candles = new List<KrakenCandle>(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            KrakenJsonNode row = rows.At(i);
            candles.Add(new KrakenCandle(
                OpenTime: row.UnixTimeAt(0),
                Open: row.DecimalAt(1),
                High: row.DecimalAt(2),
                Low: row.DecimalAt(3),
                Close: row.DecimalAt(4),
                VolumeWeightedAveragePrice: row.DecimalAt(5),
                Volume: row.DecimalAt(6),
                TradeCount: row.Int64At(7)));
        }
        return new KrakenCandlePage(pairId, candles, result.Int64("last"));
    }

    public static KrakenDepth ParseDepth(KrakenJsonNode result)
    {
        var (pairId, book) = SinglePair(result);
        return new KrakenDepth(pairId, DepthSide(book.Get("asks")), DepthSide(book.Get("bids")));
    }

    public static KrakenPublicTradePage ParseTrades(KrakenJsonNode result)
    {
        var (pairId, rows) = SinglePair(result);
        var trades = new List<KrakenPublicTrade>(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            KrakenJsonNode row = rows.At(i);
            trades.Add(new KrakenPublicTrade(
                Price: row.DecimalAt(0),
                Volume: row.DecimalAt(1),
                Time: row.UnixTimeAt(2),
                Side: row.StringAt(3) switch
                {
                    "b" => KrakenSide.Buy,
                    "s" => KrakenSide.Sell,
                    _ => throw row.At(3).Fail("is not 'b' or 's'"),
                },
                IsMarketOrder: row.StringAt(4) switch
                {
                    "m" => true,
                    "l" => false,
                    _ => throw row.At(4).Fail("is not 'm' or 'l'"),
                },
                Misc: row.StringAt(5),
                // Kraken added the trade id as a 7th field; older payloads stop at 6.
                TradeId: row.Length > 6 ? row.Int64At(6) : null));
        }
        // `last` is a nanosecond cursor sent as a string; keep its text exactly.
        KrakenJsonNode last = result.Get("last");
        string cursor = last.Kind == System.Text.Json.JsonValueKind.String
            ? last.AsString()
            : last.AsInt64().ToString(CultureInfo.InvariantCulture);
        return new KrakenPublicTradePage(pairId, trades, cursor);
    }

    /// <summary>An RFC 3339 timestamp string.</summary>
    internal static DateTimeOffset ParseRfc3339(KrakenJsonNode node)
        => DateTimeOffset.TryParse(node.AsString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw node.Fail("is not an RFC 3339 timestamp");

    private static KrakenDayAnd24Hours<decimal> DayAnd24Hours(KrakenJsonNode pair) => new(pair.DecimalAt(0), pair.DecimalAt(1));

    private static IReadOnlyList<FeeTier> ParseFeeTiers(KrakenJsonNode pair, string name)
    {
        if (!pair.TryGet(name, out KrakenJsonNode schedule)) return [];
        var tiers = new FeeTier[schedule.Length];
        for (int i = 0; i < tiers.Length; i++)
        {
            KrakenJsonNode tier = schedule.At(i);
            tiers[i] = new FeeTier(tier.DecimalAt(0), tier.DecimalAt(1));
        }
        return tiers;
    }

    private static IReadOnlyList<KrakenDepthLevel> DepthSide(KrakenJsonNode side)
    {
        var levels = new KrakenDepthLevel[side.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            KrakenJsonNode level = side.At(i);
            levels[i] = new KrakenDepthLevel(level.DecimalAt(0), level.DecimalAt(1), level.UnixTimeAt(2));
        }
        return levels;
    }

    /// <summary>OHLC, Depth and Trades answer one pair keyed by its id, next to an optional <c>last</c> cursor.</summary>
    private static (string PairId, KrakenJsonNode Value) SinglePair(KrakenJsonNode result)
    {
        foreach (var (name, value) in result.Members())
        {
            if (name != "last") return (name, value);
        }
        throw result.Fail("has no pair entry");
    }
}
