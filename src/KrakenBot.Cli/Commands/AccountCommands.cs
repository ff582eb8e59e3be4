using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>Account views: balance, open orders, trade history.</summary>
internal static class AccountCommands
{
    public static Task<int> BalanceAsync(CommandContext ctx, CancellationToken ct) => ExchangeTradingCommands.BalanceAsync(ctx, ct);

    public static Task<int> OrdersAsync(CommandContext ctx, CancellationToken ct) => ExchangeTradingCommands.OrdersAsync(ctx, ct);

    private const int PaperHistoryLimit = 100_000;

    public static async Task<int> HistoryAsync(CommandContext ctx, int limit, CancellationToken ct)
    {
        // The paper account is local: any amount of it. Kraken answers 50 closed orders and trades per request.
        if (ctx.Settings.Connector == ConnectorKind.KrakenPaperTrade)
        {
            if (limit is < 1 or > PaperHistoryLimit) throw CliException.Usage($"--limit must be between 1 and {PaperHistoryLimit} for the paper account, not {limit}.");
            return await ExchangeTradingCommands.HistoryAsync(ctx, limit, ct);
        }
        if (limit is < 1 or > 50) throw CliException.Usage($"--limit must be between 1 and 50 (one page of Kraken's history), not {limit}.");
        var session = await ctx.SessionAsync(ct);
        session.RequireCredentials(); // no network call before we know we can sign
        var client = await session.PrivateAsync(ct);
        var catalog = await session.CatalogAsync(ct);
        var (orders, trades) = await ctx.BusyAsync("Loading history…", async () =>
            (await client.GetClosedOrdersAsync(cancellationToken: ct), await client.GetTradesHistoryAsync(cancellationToken: ct)));
        var closed = orders.Orders.Take(limit).ToList();
        var fills = trades.Trades.Take(limit).ToList();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("orders");
                foreach (var o in closed) WriteOrder(w, o, catalog);
                w.WriteEndArray();
                w.WriteStartArray("trades");
                foreach (var t in fills)
                {
                    w.WriteStartObject();
                    w.WriteString("trade_id", t.TradeTxId);
                    w.WriteString("order_id", t.OrderTxId);
                    w.WriteString("pair", PairName(catalog, t.PairId));
                    w.Time("time", t.Time);
                    w.WriteString("side", t.Side == KrakenSide.Buy ? "buy" : "sell");
                    w.WriteString("order_type", t.OrderType);
                    w.Money("price", t.Price);
                    w.Money("volume", t.Volume);
                    w.Money("cost", t.Cost);
                    w.Money("fee", t.Fee);
                    if (t.IsMaker is { } maker) w.WriteBoolean("maker", maker);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("total_orders", orders.TotalCount);
                w.WriteNumber("total_trades", trades.TotalCount);
                w.WriteEndObject();
            });
            return 0;
        }
        var display = new DisplayFormat(catalog);
        Render(ctx, display, "Closed orders", closed, catalog);
        var table = new Table().Border(TableBorder.Rounded).Title("Trades")
            .AddColumns("Time (UTC)", "Trade", "Order", "Pair", "Side", "Price", "Volume", "Cost", "Fee");
        foreach (var t in fills)
            table.AddRow(Fmt.Time(t.Time), t.TradeTxId, t.OrderTxId, PairName(catalog, t.PairId), t.Side == KrakenSide.Buy ? "buy" : "sell",
                display.Price(t.PairId, t.Price), display.Volume(t.PairId, t.Volume), display.Cost(t.PairId, t.Cost), display.Cost(t.PairId, t.Fee));
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    /// <summary>Kraken's order statuses in the connector's words, so every command speaks one vocabulary.</summary>
    internal static string Status(string kraken) => kraken switch
    {
        "closed" => "filled",
        "canceled" => "cancelled",
        _ => kraken,
    };

    internal static string PairName(MarketCatalog catalog, string? id) =>
        id is not null && catalog.TryGetPair(id, out var pair) ? pair.DisplayName : id ?? "-";

    internal static void WriteOrder(System.Text.Json.Utf8JsonWriter w, KrakenOrder o, MarketCatalog catalog)
    {
        w.WriteStartObject();
        w.WriteString("order_id", o.TxId);
        w.WriteString("client_order_id", o.ClientOrderId);
        w.WriteString("pair", PairName(catalog, o.Description.Pair));
        w.WriteString("side", o.Description.Side switch { KrakenSide.Buy => "buy", KrakenSide.Sell => "sell", _ => null });
        w.WriteString("type", o.Description.OrderType);
        w.WriteString("status", Status(o.Status));
        w.Money("price", o.Description.Price?.Absolute);
        if (OrderTypes.TryFromKrakenName(o.Description.OrderType, postOnly: false, out var type) && type.IsTriggered())
        {
            // A triggered order's prices as Kraken wrote them (they may be offsets such as +50.0000%).
            w.WriteString("trigger_price", o.Description.Price?.Text);
            w.WriteString("trigger_limit_price", o.Description.Price2?.Text);
            w.WriteString("trigger_reference", o.Trigger ?? "last");
        }
        w.Money("amount", o.Volume);
        w.Money("filled", o.VolumeExecuted);
        w.Money("average_price", o.AveragePrice);
        w.Money("cost", o.Cost);
        w.Money("fee", o.Fee);
        w.Time("opened", o.OpenTime);
        w.Time("closed", o.CloseTime);
        w.WriteString("reason", o.Reason);
        w.WriteEndObject();
    }

    private static void Render(CommandContext ctx, DisplayFormat display, string title, IReadOnlyList<KrakenOrder> orders, MarketCatalog catalog)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title)
            .AddColumns("Order", "Client id", "Pair", "Side", "Type", "Price", "Amount", "Filled", "Status", "Opened (UTC)");
        foreach (var o in orders)
            table.AddRow(o.TxId, o.ClientOrderId ?? "-", PairName(catalog, o.Description.Pair), o.Description.Side?.ToString().ToLowerInvariant() ?? "-",
                o.Description.OrderType ?? "-",
                o.Description.Price is { IsRelative: true } offset ? offset.Text : display.Price(o.Description.Pair, o.Description.Price?.Absolute),
                display.Volume(o.Description.Pair, o.Volume),
                display.Volume(o.Description.Pair, o.VolumeExecuted), Status(o.Status), Fmt.Time(o.OpenTime));
        ctx.Terminal.Console.Write(table);
        if (orders.Count == 0) ctx.Terminal.Console.WriteLine("(none)");
    }
}
