using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>Kraken's public market-data endpoints (API.md §1.2).</summary>
internal static class PublicHandlers
{
    public static string? Time(RestCall call, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("unixtime", call.Now.ToUnixTimeSeconds());
        w.WriteString("rfc1123", call.Now.UtcDateTime.ToString("ddd, dd MMM yy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        return null;
    }

    public static string? SystemStatus(RestCall call, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("status", call.Exchange.SystemStatus.ToWire());
        w.WriteString("timestamp", JsonOut.Rfc3339(call.Now));
        w.WriteEndObject();
        return null;
    }

    public static string? Assets(RestCall call, Utf8JsonWriter w)
    {
        var assets = new List<AssetInfo>();
        if (call.Args.Strings("asset") is { Count: > 0 } names)
        {
            foreach (var name in names)
            {
                if (!call.Exchange.Markets.TryGetAsset(name, out var asset)) return KrakenErrors.UnknownAsset;
                if (!assets.Contains(asset)) assets.Add(asset);
            }
        }
        else assets.AddRange(call.Exchange.Markets.Assets);

        w.WriteStartObject();
        foreach (var a in assets)
        {
            w.WriteStartObject(a.Id);
            w.WriteString("aclass", "currency");
            w.WriteString("altname", a.AltName);
            w.WriteNumber("decimals", a.Decimals);
            w.WriteNumber("display_decimals", a.DisplayDecimals);
            w.WriteNumber("collateral_value", a.CollateralValue);
            w.WriteString("status", a.Status);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        return null;
    }

    public static string? AssetPairs(RestCall call, Utf8JsonWriter w)
    {
        var error = PairList(call, out var pairs);
        if (error is not null) return error;
        var info = call.Args.Get("info") ?? "info";
        if (info is not ("info" or "leverage" or "fees" or "margin")) return KrakenErrors.InvalidArgument("info");

        w.WriteStartObject();
        foreach (var (key, p) in pairs)
        {
            w.WriteStartObject(key);
            if (info == "info")
            {
                w.WriteString("altname", p.AltName);
                w.WriteString("wsname", p.WsName);
                w.WriteString("aclass_base", "currency");
                w.WriteString("base", p.Base.Id);
                w.WriteString("aclass_quote", "currency");
                w.WriteString("quote", p.Quote.Id);
                w.WriteString("lot", "unit");
                w.WriteNumber("cost_decimals", p.CostDecimals);
                w.WriteNumber("pair_decimals", p.PairDecimals);
                w.WriteNumber("lot_decimals", p.LotDecimals);
                w.WriteNumber("lot_multiplier", 1);
            }
            if (info is "info" or "leverage") { Ints(w, "leverage_buy", p.LeverageBuy); Ints(w, "leverage_sell", p.LeverageSell); }
            if (info is "info" or "fees")
            {
                Fees(w, "fees", p.TakerFees);
                Fees(w, "fees_maker", p.MakerFees);
                w.WriteString("fee_volume_currency", p.FeeVolumeCurrency);
            }
            if (info is "info" or "margin") { w.WriteNumber("margin_call", p.MarginCall); w.WriteNumber("margin_stop", p.MarginStop); }
            if (info == "info")
            {
                w.WriteString("ordermin", Money.Plain(p.OrderMin));
                w.WriteString("costmin", Money.Plain(p.CostMin));
                w.WriteString("tick_size", Money.Plain(p.TickSize));
                w.WriteString("status", p.Status.ToWire());
                if (p.LeverageBuy.Length > 0) { w.WriteNumber("long_position_limit", 250); w.WriteNumber("short_position_limit", 200); }
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        return null;

        static void Ints(Utf8JsonWriter w, string name, int[] values)
        {
            w.WriteStartArray(name);
            foreach (var v in values) w.WriteNumberValue(v);
            w.WriteEndArray();
        }

        static void Fees(Utf8JsonWriter w, string name, FeeSchedule schedule)
        {
            w.WriteStartArray(name);
            foreach (var (volume, percent) in schedule.Tiers)
            {
                w.WriteStartArray();
                w.WriteNumberValue(volume);
                w.WriteNumberValue(percent);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
    }

    public static string? Ticker(RestCall call, Utf8JsonWriter w)
    {
        var error = PairList(call, out var pairs);
        if (error is not null) return error;
        var dayStart = new DateTimeOffset(call.Now.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeSeconds();
        var since24h = call.Now.ToUnixTimeSeconds() - 86400;
        w.WriteStartObject();
        foreach (var (key, pair) in pairs)
        {
            call.Exchange.Engine(pair).Read(engine =>
            {
                var (d, p, l) = (pair.PairDecimals, pair.PairDecimals, pair.LotDecimals);
                w.WriteStartObject(key);
                TopOfBook(w, "a", engine.Asks.Best, d, l);
                TopOfBook(w, "b", engine.Bids.Best, d, l);
                w.WriteStartArray("c");
                w.AmountValue(engine.Stats.LastPrice, p);
                w.AmountValue(engine.Stats.LastQuantity, l);
                w.WriteEndArray();
                var today = Summarise(engine.Stats, dayStart);
                var day = Summarise(engine.Stats, since24h);
                Pair2(w, "v", today.Volume, day.Volume, l);
                Pair2(w, "p", today.Vwap, day.Vwap, p);
                w.WriteStartArray("t");
                w.WriteNumberValue(today.Count);
                w.WriteNumberValue(day.Count);
                w.WriteEndArray();
                Pair2(w, "l", today.Low, day.Low, p);
                Pair2(w, "h", today.High, day.High, p);
                w.Amount("o", today.Open, p);
                w.WriteEndObject();
                return 0;
            });
        }
        w.WriteEndObject();
        return null;

        static void TopOfBook(Utf8JsonWriter w, string name, PriceLevel? level, int priceDecimals, int lotDecimals)
        {
            w.WriteStartArray(name);
            w.AmountValue(level?.Price ?? 0m, priceDecimals);
            w.WriteStringValue(decimal.Floor(level?.Quantity ?? 0m).ToString(CultureInfo.InvariantCulture));
            w.AmountValue(level?.Quantity ?? 0m, 3);
            w.WriteEndArray();
        }

        static void Pair2(Utf8JsonWriter w, string name, decimal a, decimal b, int decimals)
        {
            w.WriteStartArray(name);
            w.AmountValue(a, decimals);
            w.AmountValue(b, decimals);
            w.WriteEndArray();
        }
    }

    internal readonly record struct Summary(decimal Open, decimal High, decimal Low, decimal Volume, decimal Vwap, int Count);

    /// <summary>Aggregates the one-minute candles since <paramref name="since"/> (unix seconds).</summary>
    internal static Summary Summarise(MarketStats stats, long since)
    {
        var candles = stats.Candles(0);
        decimal open = 0m, high = 0m, low = 0m, volume = 0m, notional = 0m;
        var count = 0;
        for (var i = 0; i < candles.Count; i++)
        {
            ref var c = ref candles[i];
            if (c.Time + 60 <= since) continue;
            if (count == 0) { open = c.Open; high = c.High; low = c.Low; }
            else { if (c.High > high) high = c.High; if (c.Low < low) low = c.Low; }
            volume += c.Volume;
            notional += c.Notional;
            count += c.Count;
        }
        if (count == 0) open = high = low = stats.LastPrice;
        return new Summary(open, high, low, volume, volume == 0m ? 0m : notional / volume, count);
    }

    public static string? Ohlc(RestCall call, Utf8JsonWriter w)
    {
        var error = SinglePair(call, out var found, out var key);
        if (error is not null) return error;
        var pair = found!;
        var interval = 1;
        if (call.Args.TryGet("interval", out var intervalText) && (!ArgParser.TryParseInt(intervalText, out interval) || MarketStats.IntervalIndex(interval) < 0))
            return KrakenErrors.InvalidArgument("interval");
        long since = 0;
        if (call.Args.TryGet("since", out var sinceText) && !long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since))
            return KrakenErrors.InvalidArgument("since");
        var index = MarketStats.IntervalIndex(interval);
        var span = interval * 60L;
        var nowSeconds = call.Now.ToUnixTimeSeconds();
        var current = nowSeconds - nowSeconds % span;

        w.WriteStartObject();
        var last = call.Exchange.Engine(pair).Read(engine =>
        {
            var candles = engine.Stats.Series(index);
            w.WriteStartArray(key);
            var first = Math.Max(0, candles.Count - MarketStats.MaxCandles);
            long lastCommitted = current - span;
            for (var i = first; i < candles.Count; i++)
            {
                var c = candles[i];
                if (c.Time <= since) continue;
                Row(w, c, pair);
            }
            // The current, uncommitted candle is always the last row.
            if (engine.Stats.LastPrice > 0m && (candles.Count == 0 || candles[^1].Time < current) && current > since)
            {
                var close = engine.Stats.LastPrice;
                Row(w, new Candle(current, close, close, close, close, 0m, 0m, 0), pair);
            }
            w.WriteEndArray();
            return lastCommitted;
        });
        w.WriteNumber("last", last);
        w.WriteEndObject();
        return null;

        static void Row(Utf8JsonWriter w, in Candle c, PairInfo pair)
        {
            w.WriteStartArray();
            w.WriteNumberValue(c.Time);
            w.AmountValue(c.Open, pair.PairDecimals);
            w.AmountValue(c.High, pair.PairDecimals);
            w.AmountValue(c.Low, pair.PairDecimals);
            w.AmountValue(c.Close, pair.PairDecimals);
            w.AmountValue(c.Vwap, pair.PairDecimals);
            w.AmountValue(c.Volume, pair.LotDecimals);
            w.WriteNumberValue(c.Count);
            w.WriteEndArray();
        }
    }

    public static string? Depth(RestCall call, Utf8JsonWriter w)
    {
        var error = SinglePair(call, out var found, out var key);
        if (error is not null) return error;
        var pair = found!;
        var count = 100;
        if (call.Args.TryGet("count", out var countText) && (!ArgParser.TryParseInt(countText, out count) || count < 1 || count > 500))
            return KrakenErrors.InvalidArgument("count");
        var book = call.Exchange.Engine(pair).Snapshot(count);
        w.WriteStartObject();
        w.WriteStartObject(key);
        Side(w, "asks", book.Asks, pair);
        Side(w, "bids", book.Bids, pair);
        w.WriteEndObject();
        w.WriteEndObject();
        return null;

        static void Side(Utf8JsonWriter w, string name, BookLevel[] levels, PairInfo pair)
        {
            w.WriteStartArray(name);
            foreach (var level in levels)
            {
                w.WriteStartArray();
                w.AmountValue(level.Price, pair.PairDecimals);
                w.AmountValue(level.Quantity, pair.LotDecimals);
                w.WriteNumberValue(level.UpdatedAt);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
    }

    public static string? Trades(RestCall call, Utf8JsonWriter w)
    {
        var error = SinglePair(call, out var found, out var key);
        if (error is not null) return error;
        var pair = found!;
        var count = 1000;
        if (call.Args.TryGet("count", out var countText) && (!ArgParser.TryParseInt(countText, out count) || count < 1 || count > 1000))
            return KrakenErrors.InvalidArgument("count");
        decimal since = 0;
        if (call.Args.TryGet("since", out var sinceText) && sinceText.Length > 0 && !ArgParser.TryParseDecimal(sinceText, out since))
            return KrakenErrors.InvalidArgument("since");
        // `since` is a nanosecond cursor, but clients also send unix seconds: read small values as seconds.
        var sinceNs = since < 100_000_000_000m ? since * 1_000_000_000m : since;

        w.WriteStartObject();
        var lastNs = call.Exchange.Engine(pair).Read(engine =>
        {
            var trades = engine.Stats.Trades;
            var start = 0;
            while (start < trades.Count && Nanos(trades[start].Time) <= sinceNs) start++;
            var end = Math.Min(trades.Count, start + count);
            w.WriteStartArray(key);
            var last = sinceNs;
            for (var i = start; i < end; i++)
            {
                ref var t = ref trades[i];
                w.WriteStartArray();
                w.AmountValue(t.Price, pair.PairDecimals);
                w.AmountValue(t.Quantity, pair.LotDecimals);
                w.WriteNumberValue(decimal.Round((t.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (decimal)TimeSpan.TicksPerSecond, 7));
                w.WriteStringValue(t.TakerSide == Matching.Side.Buy ? "b" : "s");
                w.WriteStringValue(t.TakerKind == OrderKind.Market ? "m" : "l");
                w.WriteStringValue("");
                w.WriteNumberValue(t.TradeNumber);
                w.WriteEndArray();
                last = Nanos(t.Time);
            }
            w.WriteEndArray();
            return last;
        });
        w.WriteString("last", lastNs.ToString("0", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        return null;

        static decimal Nanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100m;
    }

    public static string? Spread(RestCall call, Utf8JsonWriter w)
    {
        var error = SinglePair(call, out var found, out var key);
        if (error is not null) return error;
        var pair = found!;
        long since = 0;
        if (call.Args.TryGet("since", out var sinceText) && !long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since))
            return KrakenErrors.InvalidArgument("since");
        w.WriteStartObject();
        var last = call.Exchange.Engine(pair).Read(engine =>
        {
            var spreads = engine.Stats.Spreads;
            w.WriteStartArray(key);
            long last = since;
            for (var i = 0; i < spreads.Count; i++)
            {
                ref var s = ref spreads[i];
                if (s.Time <= since) continue;
                w.WriteStartArray();
                w.WriteNumberValue(s.Time);
                w.AmountValue(s.Bid, pair.PairDecimals);
                w.AmountValue(s.Ask, pair.PairDecimals);
                w.WriteEndArray();
                last = s.Time;
            }
            w.WriteEndArray();
            return last;
        });
        w.WriteNumber("last", last);
        w.WriteEndObject();
        return null;
    }

    /// <summary>
    /// The required <c>pair</c> parameter, by REST id, altname, WS name or v2 symbol, and the key the
    /// reply answers it under (<see cref="PairKeys"/>).
    /// </summary>
    internal static string? SinglePair(RestCall call, out PairInfo? pair, out string key)
    {
        pair = null;
        key = string.Empty;
        if (!call.Args.TryGet("pair", out var name) || name.Length == 0) return KrakenErrors.InvalidArgument("pair");
        if (name.Contains(',')) return KrakenErrors.InvalidArgument("pair");
        if (!call.Exchange.Markets.TryGetPair(name, out pair)) return KrakenErrors.UnknownAssetPair;
        key = PairKeys.For(name, pair);
        return null;
    }

    /// <summary>
    /// The optional comma list <c>pair</c> (absent means every pair, under its id), each with the key
    /// the reply answers it under; a name that maps to a key already listed is answered once.
    /// </summary>
    private static string? PairList(RestCall call, out List<(string Key, PairInfo Pair)> pairs)
    {
        pairs = [];
        if (call.Args.Strings("pair") is { Count: > 0 } names)
        {
            foreach (var name in names)
            {
                if (!call.Exchange.Markets.TryGetPair(name, out var pair)) return KrakenErrors.UnknownAssetPair;
                var key = PairKeys.For(name, pair);
                if (!pairs.Exists(p => p.Key == key)) pairs.Add((key, pair));
            }
        }
        else
        {
            foreach (var pair in call.Exchange.Markets.Pairs) pairs.Add((pair.Id, pair));
        }
        return null;
    }
}
