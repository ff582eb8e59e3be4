using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>Kraken's private account endpoints: balances, trade volume, WebSocket tokens.</summary>
internal static class AccountHandlers
{
    private readonly record struct AssetBalance(AssetInfo Asset, decimal Total, decimal Held);

    private static List<AssetBalance> Balances(RestCall call)
    {
        var account = call.Owner;
        var list = new List<AssetBalance>();
        lock (account.Gate)
        {
            foreach (var asset in call.Exchange.Markets.Assets)
                if (account.Total(asset) != 0m || account.Deposits(asset) != 0m || account.Held(asset) != 0m)
                    list.Add(new AssetBalance(asset, account.Total(asset), account.Held(asset)));
        }
        return list;
    }

    public static string? Balance(RestCall call, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var b in Balances(call)) w.Amount(b.Asset.Id, b.Total, b.Asset.Decimals);
        w.WriteEndObject();
        return null;
    }

    public static string? BalanceEx(RestCall call, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var b in Balances(call))
        {
            w.WriteStartObject(b.Asset.Id);
            w.Amount("balance", b.Total, b.Asset.Decimals);
            w.Amount("credit", 0m, b.Asset.Decimals);
            w.Amount("credit_used", 0m, b.Asset.Decimals);
            w.Amount("hold_trade", b.Held, b.Asset.Decimals);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        return null;
    }

    public static string? TradeBalance(RestCall call, Utf8JsonWriter w)
    {
        var target = call.Exchange.Markets.Assets[1];
        if (call.Args.TryGet("asset", out var name) && !call.Exchange.Markets.TryGetAsset(name, out target)) return KrakenErrors.UnknownAsset;
        decimal equivalent = 0m;
        foreach (var b in Balances(call)) equivalent += Convert(call, b.Asset, target!, b.Total);
        equivalent = Money.Round(equivalent, 4);
        w.WriteStartObject();
        foreach (var field in new[] { "eb", "tb" }) w.Amount(field, equivalent, 4);
        foreach (var field in new[] { "m", "n", "c", "v" }) w.Amount(field, 0m, 4);
        w.Amount("e", equivalent, 4);
        w.Amount("mf", equivalent, 4);
        w.Amount("uv", 0m, 4);
        w.WriteEndObject();
        return null;
    }

    /// <summary>Values <paramref name="amount"/> of <paramref name="from"/> in <paramref name="to"/> at last trade prices (0 if no market links them).</summary>
    private static decimal Convert(RestCall call, AssetInfo from, AssetInfo to, decimal amount)
    {
        if (ReferenceEquals(from, to) || amount == 0m) return amount;
        foreach (var pair in call.Exchange.Markets.Pairs)
        {
            var last = call.Exchange.Engine(pair).Read(e => e.Stats.LastPrice);
            if (last == 0m) last = pair.ReferencePrice;
            if (ReferenceEquals(pair.Base, from) && ReferenceEquals(pair.Quote, to)) return amount * last;
            if (ReferenceEquals(pair.Base, to) && ReferenceEquals(pair.Quote, from)) return amount / last;
        }
        return 0m;
    }

    public static string? TradeVolume(RestCall call, Utf8JsonWriter w)
    {
        var account = call.Owner;
        decimal volume;
        lock (account.Gate) volume = account.TradedVolume;
        var pairs = new List<PairInfo>();
        if (call.Args.Strings("pair") is { } names)
            foreach (var n in names)
            {
                if (!call.Exchange.Markets.TryGetPair(n, out var p)) return KrakenErrors.UnknownAssetPair;
                pairs.Add(p);
            }
        w.WriteStartObject();
        w.WriteString("currency", "ZUSD");
        w.Amount("volume", volume, 4);
        if (pairs.Count > 0)
        {
            Fees(w, "fees", pairs, p => p.TakerFees, volume);
            Fees(w, "fees_maker", pairs, p => p.MakerFees, volume);
        }
        w.WriteEndObject();
        return null;

        static void Fees(Utf8JsonWriter w, string name, List<PairInfo> pairs, Func<PairInfo, FeeSchedule> schedule, decimal volume)
        {
            w.WriteStartObject(name);
            foreach (var pair in pairs)
            {
                var tiers = schedule(pair).Tiers;
                var current = 0;
                for (var i = 0; i < tiers.Length; i++) if (volume >= tiers[i].Volume) current = i;
                w.WriteStartObject(pair.Id);
                w.Amount("fee", tiers[current].Percent, 4);
                w.Amount("minfee", tiers[^1].Percent, 4);
                w.Amount("maxfee", tiers[0].Percent, 4);
                if (current + 1 < tiers.Length)
                {
                    w.Amount("nextfee", tiers[current + 1].Percent, 4);
                    w.Amount("nextvolume", tiers[current + 1].Volume, 4);
                }
                else
                {
                    w.WriteNull("nextfee");
                    w.WriteNull("nextvolume");
                }
                w.Amount("tiervolume", tiers[current].Volume, 4);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
    }

    public static string? GetWebSocketsToken(RestCall call, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("token", call.Sandbox.Tokens.Issue(call.Owner));
        w.WriteNumber("expires", (int)WebSocketTokens.Lifetime.TotalSeconds);
        w.WriteEndObject();
        return null;
    }

    public static string? GetApiKeyInfo(RestCall call, Utf8JsonWriter w)
    {
        var account = call.Owner;
        w.WriteStartObject();
        w.WriteString("apiKeyName", account.Name);
        w.WriteString("apiKey", account.ApiKey);
        w.WriteString("nonce", account.NonceHighWater.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("nonceWindow", 0);
        w.WriteStartArray("permissions");
        foreach (var (flag, code) in PermissionCodes) if (account.Permissions.HasFlag(flag)) w.WriteStringValue(code);
        w.WriteEndArray();
        w.WriteString("iban", "AA00 SAND BOXX SAND");
        w.WriteString("validUntil", "0");
        w.WriteString("queryFrom", "0");
        w.WriteString("queryTo", "0");
        w.WriteString("createdTime", "0");
        w.WriteString("modifiedTime", "0");
        w.WriteStartArray("ipAllowlist");
        w.WriteEndArray();
        w.WriteString("lastUsed", call.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        return null;
    }

    private static readonly (ApiPermissions Flag, string Code)[] PermissionCodes =
    [
        (ApiPermissions.QueryFunds, "query-funds"),
        (ApiPermissions.QueryOpenTrades, "query-open-trades"),
        (ApiPermissions.QueryClosedTrades, "query-closed-trades"),
        (ApiPermissions.ModifyTrades, "modify-trades"),
        (ApiPermissions.CloseTrades, "close-trades"),
        (ApiPermissions.QueryLedger, "query-ledger"),
        (ApiPermissions.CreateWsToken, "create-ws-token"),
    ];
}
