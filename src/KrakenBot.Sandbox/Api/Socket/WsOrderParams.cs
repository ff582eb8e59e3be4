using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Api.Rest;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// Turns WS v2 <c>add_order</c> parameters (one order of <c>batch_add</c> too) into an
/// <see cref="OrderRequest"/>, with errors naming the bad field. Limit and market orders only,
/// as on REST; triggered, iceberg, margin and scheduled orders are refused by name.
/// </summary>
internal static class WsOrderParams
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "order_type", "side", "order_qty", "symbol", "limit_price", "limit_price_type", "time_in_force", "post_only",
        "reduce_only", "margin", "fee_preference", "no_mpp", "stp_type", "cash_order_qty", "expire_time", "deadline",
        "cl_ord_id", "order_userref", "validate", "token", "effective_time", "display_qty", "triggers", "conditional",
        "sender_sub_id",
    };

    public static string? Parse(JsonElement p, Account account, DateTimeOffset now, bool validate, out OrderRequest request)
    {
        request = default;
        foreach (var property in p.EnumerateObject())
            if (!Known.Contains(property.Name)) return $"Unsupported field: '{property.Name}'";
        foreach (var unsupported in (string[])["effective_time", "display_qty", "triggers", "conditional"])
            if (p.TryGetProperty(unsupported, out _)) return KrakenErrors.InvalidArgument(unsupported);

        var side = Text(p, "side") switch { "buy" => Side.Buy, "sell" => Side.Sell, _ => (Side?)null };
        if (side is null) return KrakenErrors.InvalidArgument("side");
        var kind = Text(p, "order_type") switch { "limit" => OrderKind.Limit, "market" => OrderKind.Market, _ => (OrderKind?)null };
        if (kind is null) return KrakenErrors.InvalidArgument("order_type");

        string? error;
        if ((error = WsParams.OptionalDecimal(p, "order_qty", out var quantity)) is not null) return error;
        if ((error = WsParams.OptionalDecimal(p, "cash_order_qty", out var cash)) is not null) return error;
        if (cash is not null && (quantity is not null || kind != OrderKind.Market || side != Side.Buy)) return KrakenErrors.InvalidArgument("cash_order_qty");
        if (quantity is null && cash is null) return KrakenErrors.InvalidArgument("order_qty");

        if ((error = WsParams.OptionalDecimal(p, "limit_price", out var price)) is not null) return error;
        if (kind == OrderKind.Limit && price is null) return KrakenErrors.InvalidArgument("limit_price");
        if (kind == OrderKind.Market && price is not null) return KrakenErrors.InvalidArgument("limit_price");
        if (Text(p, "limit_price_type") is { } priceType && priceType != "static") return KrakenErrors.InvalidArgument("limit_price_type");

        var tif = TimeInForce.Gtc;
        if (Text(p, "time_in_force") is { } tifText)
        {
            switch (tifText.ToLowerInvariant())
            {
                case "gtc": tif = TimeInForce.Gtc; break;
                case "ioc": tif = TimeInForce.Ioc; break;
                case "gtd": tif = TimeInForce.Gtd; break;
                case "fok": tif = TimeInForce.Fok; break;
                default: return KrakenErrors.InvalidArgument("time_in_force");
            }
        }
        if (tif == TimeInForce.Fok && kind != OrderKind.Limit) return KrakenErrors.InvalidArgument("time_in_force");
        if ((error = WsParams.OptionalTime(p, "expire_time", out var expire)) is not null) return error;
        if (tif == TimeInForce.Gtd && (expire is null || expire < now.AddSeconds(5) || expire > now.AddMonths(1))) return KrakenErrors.InvalidArgument("expire_time");
        if (tif != TimeInForce.Gtd && expire is not null) return KrakenErrors.InvalidArgument("expire_time");

        if ((error = WsParams.OptionalBool(p, "post_only", out var postOnly)) is not null) return error;
        if ((error = WsParams.OptionalBool(p, "reduce_only", out var reduceOnly)) is not null) return error;
        if (reduceOnly == true) return KrakenErrors.InvalidArgument("reduce_only");
        if ((error = WsParams.OptionalBool(p, "margin", out var margin)) is not null) return error;
        if (margin == true) return KrakenErrors.InvalidArgument("margin");
        if ((error = WsParams.OptionalBool(p, "no_mpp", out _)) is not null) return error; // deprecated: accepted, ignored (as Kraken)

        bool? feeInBase = Text(p, "fee_preference") switch { null => null, "base" => true, "quote" => false, _ => (bool?)null };
        if (feeInBase is null && Text(p, "fee_preference") is not null) return KrakenErrors.InvalidArgument("fee_preference");

        var stp = SelfTradePrevention.CancelNewest;
        if (Text(p, "stp_type") is { } stpText)
        {
            switch (stpText)
            {
                case "cancel_newest": stp = SelfTradePrevention.CancelNewest; break;
                case "cancel_oldest": stp = SelfTradePrevention.CancelOldest; break;
                case "cancel_both": stp = SelfTradePrevention.CancelBoth; break;
                default: return KrakenErrors.InvalidArgument("stp_type");
            }
        }

        if ((error = WsParams.OptionalString(p, "cl_ord_id", out var clOrdId)) is not null) return error;
        if (clOrdId is not null && !OrderArgs.IsValidClientId(clOrdId)) return KrakenErrors.InvalidArgument("cl_ord_id");
        if ((error = WsParams.OptionalInt(p, "order_userref", out var userref)) is not null) return error;
        if (clOrdId is not null && userref is not null) return KrakenErrors.InvalidArgument("order_userref");

        request = new OrderRequest
        {
            Account = account,
            Side = side.Value,
            Kind = kind.Value,
            Volume = cash ?? quantity!.Value,
            VolumeInQuote = cash is not null,
            LimitPrice = price ?? 0m,
            TimeInForce = tif,
            PostOnly = postOnly ?? false,
            FeeInBase = feeInBase,
            Stp = stp,
            UserRef = userref,
            ClOrdId = clOrdId,
            ExpireTime = expire,
            ValidateOnly = validate,
        };
        return null;
    }

    /// <summary>Kraken's optional <c>deadline</c> (RFC3339): elapsed → <c>EService:Deadline elapsed</c>.</summary>
    public static string? CheckDeadline(JsonElement p, DateTimeOffset now)
    {
        if (WsParams.OptionalTime(p, "deadline", out var deadline) is { } error) return error;
        return deadline is { } d ? OrderArgs.CheckDeadline(d, now) : null;
    }

    private static string? Text(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
