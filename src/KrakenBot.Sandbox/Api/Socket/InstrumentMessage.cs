using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>The <c>instrument</c> snapshot: every asset and pair with v2 names, precisions and increments.</summary>
internal static class InstrumentMessage
{
    public static byte[] Snapshot(ExchangeEngine exchange) => Build(exchange, "snapshot", exchange.Markets.Assets, exchange.Markets.Pairs);

    /// <summary>An update listing only the pairs whose status changed (Kraken's instrument updates carry what changed).</summary>
    public static byte[] PairsUpdate(ExchangeEngine exchange, IReadOnlyList<PairInfo> pairs) => Build(exchange, "update", [], pairs);

    /// <summary>What a pair's status is on the wire: the system status overrides the pair's own.</summary>
    public static TradingStatus StatusOf(ExchangeEngine exchange, PairInfo pair) =>
        exchange.SystemStatus != TradingStatus.Online ? exchange.SystemStatus : pair.Status;

    private static byte[] Build(ExchangeEngine exchange, string type, IReadOnlyList<AssetInfo> assets, IReadOnlyList<PairInfo> pairs) =>
        WsJson.Build((exchange, type, assets, pairs), static (w, s) =>
    {
        var (exchange, type, assets, pairs) = s;
        w.WriteStartObject();
        w.WriteString("channel", "instrument");
        w.WriteString("type", type);
        w.WriteStartObject("data");
        w.WriteStartArray("assets");
        foreach (var asset in assets)
        {
            w.WriteStartObject();
            w.WriteString("id", asset.WsName);
            w.WriteString("status", asset.Status);
            w.WriteNumber("precision", asset.Decimals);
            w.WriteNumber("precision_display", asset.DisplayDecimals);
            w.WriteBoolean("borrowable", false);
            w.WriteNumber("collateral_value", asset.CollateralValue);
            w.WriteNumber("margin_rate", 0m);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("pairs");
        foreach (var pair in pairs)
        {
            var status = StatusOf(exchange, pair);
            w.WriteStartObject();
            w.WriteString("symbol", pair.Symbol);
            w.WriteString("base", pair.Base.WsName);
            w.WriteString("quote", pair.Quote.WsName);
            w.WriteString("status", status.ToWire());
            w.WriteNumber("qty_precision", pair.LotDecimals);
            w.Number("qty_increment", pair.LotStep, pair.LotDecimals);
            w.Number("qty_min", pair.OrderMin, pair.LotDecimals);
            w.WriteNumber("price_precision", pair.PairDecimals);
            w.Number("price_increment", pair.TickSize, pair.PairDecimals);
            w.WriteNumber("cost_precision", pair.CostDecimals);
            w.Number("cost_min", pair.CostMin, pair.CostDecimals);
            w.WriteBoolean("marginable", false);
            w.WriteBoolean("has_index", false);
            w.Number("tick_size", pair.TickSize, pair.PairDecimals);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
