using System.Globalization;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>
/// Turns AddOrder parameters (one order of AddOrderBatch too) into an <see cref="OrderRequest"/>,
/// with Kraken's errors naming the bad field. The sandbox trades spot limit and market orders and keeps triggered
/// orders (stop-loss, take-profit, trailing stops) untriggered; iceberg, margin and scheduled orders are refused by
/// name rather than half-done.
/// </summary>
internal static class OrderArgs
{
    public static string? Parse(RequestArgs args, Account account, DateTimeOffset now, bool validate, out OrderRequest request)
    {
        request = default;
        var side = args.Get("type") switch { "buy" => Side.Buy, "sell" => Side.Sell, _ => (Side?)null };
        if (side is null) return KrakenErrors.InvalidArgument("type");
        if (!OrderEnumText.TryParseKind(args.Get("ordertype"), out var parsedKind)) return KrakenErrors.InvalidArgument("ordertype");
        OrderKind? kind = parsedKind;
        if (!args.TryGet("volume", out var volumeText) || !ArgParser.TryParseDecimal(volumeText, out var volume))
            return KrakenErrors.InvalidArgument("volume");

        decimal price = 0m;
        if (kind == OrderKind.Limit && (!args.TryGet("price", out var priceText) || !ArgParser.TryParseDecimal(priceText, out price)))
            return KrakenErrors.InvalidArgument("price");

        TriggerPrice? trigger = null, triggeredLimit = null;
        string? triggerReference = null;
        if (kind.Value.IsTriggered())
        {
            var triggerError = TriggerArgs(args, kind.Value, out trigger, out triggeredLimit, out triggerReference);
            if (triggerError is not null) return triggerError;
        }

        var error = Flags(args.Get("oflags"), out var postOnly, out var feeInBase, out var noMpp, out var viqc);
        if (error is not null) return error;
        if (viqc && (kind != OrderKind.Market || side != Side.Buy)) return KrakenErrors.InvalidArgument("viqc");

        var tif = TimeInForce.Gtc;
        if (args.TryGet("timeinforce", out var tifText))
        {
            switch (tifText.ToUpperInvariant())
            {
                case "GTC": tif = TimeInForce.Gtc; break;
                case "IOC": tif = TimeInForce.Ioc; break;
                case "GTD": tif = TimeInForce.Gtd; break;
                case "FOK": tif = TimeInForce.Fok; break;
                default: return KrakenErrors.InvalidArgument("timeinforce");
            }
        }

        if (args.TryGet("starttm", out var startText) && startText is not ("0" or "+0" or ""))
            return KrakenErrors.InvalidArgument("starttm");
        DateTimeOffset? expire = null;
        if (args.TryGet("expiretm", out var expireText) && expireText is not ("0" or ""))
        {
            if (!TryParseTime(expireText, now, out var at) || at < now.AddSeconds(5) || at > now.AddDays(31))
                return KrakenErrors.InvalidArgument("expiretm");
            expire = at;
            if (!args.Has("timeinforce")) tif = TimeInForce.Gtd;
        }
        if (tif == TimeInForce.Gtd && expire is null) return KrakenErrors.InvalidArgument("expiretm");
        if (tif != TimeInForce.Gtd && expire is not null) return KrakenErrors.InvalidArgument("expiretm");

        error = ArgParser.OptionalInt(args, "userref", out var userref);
        if (error is not null) return error;
        var clOrdId = args.Get("cl_ord_id");
        if (clOrdId is not null && !IsValidClientId(clOrdId)) return KrakenErrors.InvalidArgument("cl_ord_id");
        if (clOrdId is not null && userref is not null) return KrakenErrors.InvalidArgument("userref");

        var stp = SelfTradePrevention.CancelNewest;
        if (args.TryGet("stptype", out var stpText))
        {
            switch (stpText)
            {
                case "cancel-newest": stp = SelfTradePrevention.CancelNewest; break;
                case "cancel-oldest": stp = SelfTradePrevention.CancelOldest; break;
                case "cancel-both": stp = SelfTradePrevention.CancelBoth; break;
                default: return KrakenErrors.InvalidArgument("stptype");
            }
        }

        if (args.TryGet("leverage", out var leverage) && leverage is not ("none" or "1" or "0" or ""))
            return KrakenErrors.InvalidArgument("leverage");
        error = ArgParser.OptionalBool(args, "reduce_only", out var reduceOnly);
        if (error is not null) return error;
        if (reduceOnly) return KrakenErrors.InvalidArgument("reduce_only");
        foreach (var unsupported in (string[])["displayvol", "close[ordertype]"])
            if (args.Has(unsupported)) return KrakenErrors.InvalidArgument(unsupported);
        if (args.Has("trigger") && !kind.Value.IsTriggered()) return KrakenErrors.InvalidArgument("trigger");
        if (kind.Value.IsTriggered() && (postOnly || tif is TimeInForce.Ioc or TimeInForce.Fok)) return KrakenErrors.InvalidArgument(postOnly ? "oflags" : "timeinforce");

        request = new OrderRequest
        {
            Account = account,
            Side = side.Value,
            Kind = kind.Value,
            Volume = volume,
            LimitPrice = price,
            Trigger = trigger,
            TriggeredLimit = triggeredLimit,
            TriggerReference = triggerReference,
            VolumeInQuote = viqc,
            TimeInForce = tif,
            PostOnly = postOnly,
            FeeInBase = feeInBase,
            NoMarketPriceProtection = noMpp,
            Stp = stp,
            UserRef = userref,
            ClOrdId = clOrdId,
            ExpireTime = expire,
            ValidateOnly = validate,
        };
        return null;
    }

    /// <summary>
    /// A triggered order's prices: <c>price</c> is the trigger (absolute, or an offset from the last trade: <c>+</c>,
    /// <c>-</c>, <c>#</c>, in quote or with a <c>%</c> suffix; trailing stops take a <c>+</c> offset), <c>price2</c> the limit
    /// once triggered (the limit kinds only), <c>trigger</c> what is watched (<c>last</c> by default, or <c>index</c>).
    /// </summary>
    private static string? TriggerArgs(RequestArgs args, OrderKind kind, out TriggerPrice? trigger, out TriggerPrice? limit, out string? reference)
    {
        trigger = null;
        limit = null;
        reference = args.Get("trigger") ?? "last";
        if (reference is not ("last" or "index")) return KrakenErrors.InvalidArgument("trigger");
        if (!TriggerPrice.TryParse(args.Get("price"), out var triggerPrice)) return KrakenErrors.InvalidArgument("price");
        if (kind.IsTrailing() && triggerPrice.Sign != '+') return KrakenErrors.InvalidArgument("price");
        trigger = triggerPrice;
        if (kind.HasLimitPrice())
        {
            if (!TriggerPrice.TryParse(args.Get("price2"), out var limitPrice)) return KrakenErrors.InvalidArgument("price2");
            if (kind.IsTrailing() && limitPrice.Sign is not ('+' or '-')) return KrakenErrors.InvalidArgument("price2");
            limit = limitPrice;
        }
        else if (args.Get("price2") is { Length: > 0 } price2 && price2 != "0")
        {
            return KrakenErrors.InvalidArgument("price2");
        }
        return null;
    }

    /// <summary>Kraken's <c>deadline</c>: RFC3339, at most 60 s ahead; an elapsed one is refused.</summary>
    public static string? CheckDeadline(RequestArgs args, DateTimeOffset now)
    {
        if (!args.TryGet("deadline", out var text)) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var deadline))
            return KrakenErrors.InvalidArgument("deadline");
        return CheckDeadline(deadline, now);
    }

    /// <summary>The deadline rule itself (shared with the WebSocket trading methods).</summary>
    public static string? CheckDeadline(DateTimeOffset deadline, DateTimeOffset now)
    {
        if (deadline <= now) return KrakenErrors.DeadlineElapsed;
        if (deadline > now.AddSeconds(60)) return KrakenErrors.InvalidArgument("deadline");
        return null;
    }

    private static string? Flags(string? text, out bool postOnly, out bool? feeInBase, out bool noMpp, out bool viqc)
    {
        postOnly = noMpp = viqc = false;
        feeInBase = null;
        if (string.IsNullOrEmpty(text)) return null;
        foreach (var flag in text.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (flag)
            {
                case "post": postOnly = true; break;
                case "nompp": noMpp = true; break;
                case "viqc": viqc = true; break;
                case "fcib":
                    if (feeInBase == false) return KrakenErrors.InvalidArgument("oflags");
                    feeInBase = true;
                    break;
                case "fciq":
                    if (feeInBase == true) return KrakenErrors.InvalidArgument("oflags");
                    feeInBase = false;
                    break;
                default: return KrakenErrors.InvalidArgument("oflags");
            }
        }
        return null;
    }

    /// <summary><c>0</c>, an absolute unix time, or <c>+n</c> seconds from now.</summary>
    private static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        var relative = text.StartsWith('+');
        if (!long.TryParse(relative ? text[1..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 10_000_000_000) return false;
        time = relative ? now.AddSeconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
        return true;
    }

    /// <summary>A UUID (with or without dashes) or free text of at most 18 printable ASCII characters.</summary>
    public static bool IsValidClientId(string id)
    {
        if (Guid.TryParseExact(id, "D", out _) || Guid.TryParseExact(id, "N", out _)) return true;
        if (id.Length is 0 or > 18) return false;
        foreach (var c in id) if (c is < '!' or > '~') return false;
        return true;
    }

    /// <summary>The order's <c>pair</c> parameter.</summary>
    public static string? Pair(RequestArgs args, MarketCatalog markets, out PairInfo? pair)
    {
        pair = null;
        if (!args.TryGet("pair", out var name) || name.Length == 0) return KrakenErrors.InvalidArgument("pair");
        return markets.TryGetPair(name, out pair) ? null : KrakenErrors.UnknownAssetPair;
    }
}
