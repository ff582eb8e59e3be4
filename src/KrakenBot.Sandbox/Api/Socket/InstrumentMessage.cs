using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>The <c>instrument</c> snapshot: every asset and pair with v2 names, precisions and increments.</summary>
internal static class InstrumentMessage
{
    public static byte[] Snapshot(ExchangeEngine exchange) => WsJson.Build(exchange, static (w, exchange) =>
    {
        var system = exchange.SystemStatus;
        w.WriteStartObject();
        w.WriteString("channel", "instrument");
        w.WriteString("type", "snapshot");
        w.WriteStartObject("data");
        w.WriteStartArray("assets");
        foreach (var asset in exchange.Markets.Assets)
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
        foreach (var pair in exchange.Markets.Pairs)
        {
            var status = system != TradingStatus.Online ? system : pair.Status;
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
