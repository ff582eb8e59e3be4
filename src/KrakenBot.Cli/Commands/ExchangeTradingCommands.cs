using KrakenBot.Connector.Kraken;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// Trading and account commands through <see cref="IExchange"/>: orders are validated, journaled and tracked by the
/// connector. <c>kraken</c> and <c>sandbox</c> use <c>KrakenSpotExchange</c> (WebSocket order entry and executions,
/// reconciliation); <c>kraken_paper_trade</c> uses <see cref="PaperExchange"/> (simulated fills against the public
/// market; open paper orders fill only while a krakenbot process runs).
/// </summary>
internal static class ExchangeTradingCommands
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    internal static async Task<IExchange> ExchangeAsync(CommandContext ctx, CancellationToken ct)
    {
        var session = await ctx.SessionAsync(ct);
        if (ctx.Settings.Connector == ConnectorKind.KrakenPaperTrade) return await session.PaperAsync(PaperCommands.DefaultStartingBalances(), ct);
        return await LiveExchangeAsync(ctx, ct);
    }

    /// <summary>The live connector (Kraken, or the sandbox's URLs), whatever <c>--connector</c> says.</summary>
    internal static async Task<IExchange> LiveExchangeAsync(CommandContext ctx, CancellationToken ct)
    {
        var session = await ctx.SessionAsync(ct);
        session.RequireCredentials(); // say so before connecting anywhere
        return await ctx.BusyAsync("Connecting to the exchange…", () => session.LiveAsync(ct));
    }

    /// <summary>
    /// <c>--bot</c>: on a journal a fleet shares, the live connector runs as that bot (its orders only; refused while the
    /// bot runs); without it, as the operator (<see cref="ConnectorSession.OperatorMember"/>).
    /// </summary>
    internal static async Task ActForAsync(CommandContext ctx, string? bot, CancellationToken ct)
    {
        if (bot is null) return;
        if (string.IsNullOrWhiteSpace(bot)) throw CliException.Usage("--bot needs a bot id (the config file's name, as 'krakenbot fleet status' lists it).");
        (await ctx.SessionAsync(ct)).FleetMember = bot;
    }

    /// <summary>Our client order id for an id the user typed: the client order id itself or the exchange's order id.</summary>
    private static string ClientIdFor(IExchange exchange, string id) =>
        exchange.OpenOrders.FirstOrDefault(o => o.ClientOrderId == id || o.ExchangeOrderId == id)?.ClientOrderId ?? id;

    /// <summary>The id users see first: the exchange's order id once known (Kraken's OXXXXX-…), else ours.</summary>
    private static string DisplayId(TrackedOrder o) => o.ExchangeOrderId ?? o.ClientOrderId;

    public static async Task<int> PlaceAsync(CommandContext ctx, OrderRequest request, string type, string tif, CancellationToken ct)
    {
        var exchange = await ExchangeAsync(ctx, ct);
        // A fresh process has no book yet: wait for the pair's snapshot, so a market order is priced on the real book.
        var book = await exchange.WatchOrderBookAsync(request.Pair, ConnectorSession.LiveBookDepth, ct);
        using (var ready = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            ready.CancelAfter(Settle);
            try { await KrakenMarketData.WaitUntilReadyAsync(book, ready.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new CliException("service_unavailable", $"The {request.Pair} book did not arrive within {Settle.TotalSeconds:0} s; nothing was placed.");
            }
        }
        var id = await exchange.PlaceOrderAsync(request, ct);
        // Wait for the simulated exchange's answer: resting, filled or refused (a market order until it is done).
        // Market, IOC and FOK orders end at once: wait for their final state.
        var endsAtOnce = request.Type == OrderType.Market || request.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok;
        var order = await WaitAsync(exchange, id, o => o.State != OrderState.PendingCreate && (!endsAtOnce || o.IsTerminal), ct);
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w => WriteOrder(w, order, exchange.IsPaper, type, tif));
            return 0;
        }
        ctx.Terminal.Console.MarkupLine($"[green]{(exchange.IsPaper ? "Paper order" : "Order")} placed[/]: {Markup.Escape(request.ToString())}");
        RenderOrders(ctx, await ctx.DisplayAsync(ct), exchange.IsPaper ? "Paper order" : "Order", [order]);
        return 0;
    }

    public static async Task<int> CancelAsync(CommandContext ctx, string id, CancellationToken ct)
    {
        var exchange = await ExchangeAsync(ctx, ct);
        var clientId = ClientIdFor(exchange, id);
        if (exchange.GetOrder(clientId) is null && exchange is KrakenSpotExchange live && await live.FindOtherMembersOrderAsync(id, ct) is { } other)
        {
            // Another fleet member's order: cancelled only when the command says whose it is, never silently.
            var owner = other.Owner;
            throw new CliException("unknown_order",
                $"Order {id} belongs to the fleet member '{owner}', not to '{live.FleetMember}' that this command runs as; nothing was cancelled. " +
                $"Cancel it as its owner: 'krakenbot cancel {id} --bot {owner}' (refused while that bot runs: stop it with 'krakenbot stop --bot {owner}' " +
                $"where it runs), or all of its orders with 'krakenbot fleet cancel --bot {owner}'.");
        }
        await exchange.CancelOrderAsync(clientId, ct);
        var order = await WaitAsync(exchange, clientId, o => o.IsTerminal, ct);
        var cancelled = order.State == OrderState.Cancelled ? 1 : 0;
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("order_id", id);
                w.WriteNumber("cancelled", cancelled);
                w.WriteString("status", Status(order.State));
                w.WriteEndObject();
            });
            return 0;
        }
        ctx.Terminal.Console.WriteLine(cancelled == 1 ? $"Cancelled {id}." : $"{id} is {Status(order.State)}; nothing to cancel.");
        return 0;
    }

    public static async Task<int> CancelAllAsync(CommandContext ctx, CancellationToken ct)
    {
        var exchange = await ExchangeAsync(ctx, ct);
        var count = await exchange.CancelAllAsync(cancellationToken: ct);
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("cancelled", count);
                w.WriteEndObject();
            });
            return 0;
        }
        ctx.Terminal.Console.WriteLine($"Cancelled {count} open order{(count == 1 ? "" : "s")}.");
        return 0;
    }

    public static async Task<int> OrdersAsync(CommandContext ctx, CancellationToken ct)
    {
        var exchange = await ExchangeAsync(ctx, ct);
        var orders = exchange.OpenOrders.OrderByDescending(o => o.CreatedAt).ToList();
        var untracked = exchange is KrakenSpotExchange live ? live.UntrackedOrders : [];
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("orders");
                foreach (var o in orders) WriteOrder(w, o, exchange.IsPaper, null, null);
                w.WriteEndArray();
                w.WriteStartArray("not_tracked");
                foreach (var u in untracked)
                {
                    w.WriteStartObject();
                    w.WriteString("order_id", u.ExchangeOrderId);
                    w.WriteString("description", u.Description);
                    w.WriteString("reason", u.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }
        RenderOrders(ctx, await ctx.DisplayAsync(ct), exchange.IsPaper ? "Open paper orders" : "Open orders", orders);
        // Orders on the account the connector could not follow are named, never hidden.
        foreach (var u in untracked)
            ctx.Terminal.Console.WriteLine($"Not tracked: {u.ExchangeOrderId} ({u.Description}): {u.Reason}", new Style(Color.Yellow));
        return 0;
    }

    public static async Task<int> HistoryAsync(CommandContext ctx, int limit, CancellationToken ct)
    {
        var exchange = await ExchangeAsync(ctx, ct);
        var fills = exchange is PaperExchange paper ? await paper.GetTradeHistoryAsync(limit, ct)
            : throw new CliException("internal", $"{exchange.Name} has no trade history through IExchange.");
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("orders");
                w.WriteEndArray();
                w.WriteStartArray("trades");
                foreach (var f in fills)
                {
                    w.WriteStartObject();
                    w.WriteString("trade_id", f.TradeId);
                    w.WriteString("order_id", f.ExchangeOrderId ?? f.ClientOrderId);
                    w.WriteString("pair", f.Pair.ToString());
                    w.Time("time", f.Timestamp);
                    w.WriteString("side", f.Side == OrderSide.Buy ? "buy" : "sell");
                    w.Money("price", f.Price);
                    w.Money("volume", f.Amount);
                    w.Money("cost", f.Cost);
                    w.Money("fee", f.FeeAmount);
                    w.WriteString("fee_asset", f.FeeAsset);
                    w.WriteBoolean("maker", f.IsMaker);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }
        var display = await ctx.DisplayAsync(ct);
        var table = new Table().Border(TableBorder.Rounded).Title(exchange.IsPaper ? "Paper trades" : "Trades").AddColumns("Time (UTC)", "Trade", "Order", "Pair", "Side", "Price", "Volume", "Fee");
        foreach (var f in fills)
            table.AddRow(Fmt.Time(f.Timestamp), f.TradeId, f.ExchangeOrderId ?? f.ClientOrderId ?? "-", f.Pair.ToString(), f.Side == OrderSide.Buy ? "buy" : "sell",
                display.Price(f.Pair, f.Price), display.Volume(f.Pair, f.Amount), $"{display.Asset(f.FeeAsset, f.FeeAmount)} {f.FeeAsset}");
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    public static async Task<int> BalanceAsync(CommandContext ctx, CancellationToken ct)
    {
        var exchange = await ExchangeAsync(ctx, ct);
        return await PaperCommands.ShowAsync(ctx, ConnectorNames.Name(ctx.Settings.Connector), exchange.Balances.Values.ToList(), null, ct);
    }

    /// <summary>Waits (at most 10 s) until the order meets <paramref name="done"/>; returns it as it then is.</summary>
    internal static async Task<TrackedOrder> WaitAsync(IExchange exchange, string id, Func<TrackedOrder, bool> done, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Settle);
        while (true)
        {
            var order = exchange.GetOrder(id) ?? throw new CliException("unknown_order", $"{exchange.Name} knows no order '{id}': 'krakenbot orders' lists the open ones.");
            if (done(order)) return order;
            try { await Task.Delay(50, timeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return order; }
        }
    }

    internal static string Status(OrderState state) => state switch
    {
        OrderState.PendingCreate => "pending",
        OrderState.PartiallyFilled => "partially_filled",
        OrderState.PendingCancel => "pending_cancel",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static void WriteOrder(System.Text.Json.Utf8JsonWriter w, TrackedOrder o, bool paper, string? type, string? tif)
    {
        w.WriteStartObject();
        w.WriteString("order_id", DisplayId(o));
        w.WriteString("client_order_id", o.ClientOrderId);
        w.WriteString("pair", o.Request.Pair.ToString());
        w.WriteString("side", o.Request.Side == OrderSide.Buy ? "buy" : "sell");
        w.WriteString("type", type ?? TypeName(o.Request.Type));
        w.WriteString("time_in_force", tif ?? o.Request.TimeInForce.ToString().ToLowerInvariant());
        w.Money("amount", o.Request.Amount);
        w.Money("price", o.Request.Price);
        w.WriteString("status", Status(o.State));
        w.Money("filled", o.FilledAmount);
        w.Money("average_price", o.AveragePrice);
        if (o.FailureReason is not null) w.WriteString("reason", o.FailureReason);
        if (o.Request.Trigger is { } trigger)
        {
            // As Kraken wrote it: a price, or an offset from the last trade such as +50.0000%.
            w.WriteStartObject("trigger");
            w.WriteString("price", trigger.Price);
            w.WriteString("limit_price", trigger.LimitPrice);
            w.WriteString("reference", trigger.Reference);
            w.WriteEndObject();
        }
        w.WriteBoolean("read_only", o.IsReadOnly);
        w.WriteBoolean("paper", paper);
        w.WriteEndObject();
    }

    // The types KrakenBot places keep their CLI names; the others (adopted read-only) are shown by Kraken's names.
    private static string TypeName(OrderType type) => type switch
    {
        OrderType.Market => "market",
        OrderType.LimitMaker => "limit_maker",
        OrderType.Limit => "limit",
        _ => type.ToKrakenName(),
    };

    private static void RenderOrders(CommandContext ctx, DisplayFormat display, string title, IReadOnlyList<TrackedOrder> orders)
    {
        // A trigger column only when some order has one (stops placed on the website, followed read-only).
        bool triggers = orders.Any(o => o.Request.Trigger is not null);
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns("Order", "Pair", "Side", "Type", "Price", "Amount", "Filled", "Avg price", "Status");
        if (triggers) table.AddColumn("Trigger");
        foreach (var o in orders)
        {
            string[] cells =
            [
                DisplayId(o), o.Request.Pair.ToString(), o.Request.Side == OrderSide.Buy ? "buy" : "sell",
                TypeName(o.Request.Type) + (o.IsReadOnly ? " (read-only)" : ""),
                display.Price(o.Request.Pair, o.Request.Price), display.Volume(o.Request.Pair, o.Request.Amount), display.Volume(o.Request.Pair, o.FilledAmount),
                display.Price(o.Request.Pair, o.AveragePrice), Status(o.State),
            ];
            table.AddRow(triggers ? [.. cells, Markup.Escape(o.Request.Trigger?.ToString() ?? "-")] : cells);
        }
        ctx.Terminal.Console.Write(table);
        if (orders.Count == 0) ctx.Terminal.Console.WriteLine("(none)");
    }
}
