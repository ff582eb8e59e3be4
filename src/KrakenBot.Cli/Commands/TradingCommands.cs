using System.Globalization;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// buy, sell, cancel, cancel-all. Orders are built as the connector's <see cref="OrderRequest"/> and checked against
/// the pair's trading rules before anything is sent; each carries a fresh UUID client order id so that an order whose
/// reply was lost can be found (and is never sent twice).
/// </summary>
internal static class TradingCommands
{
    public static async Task<int> PlaceAsync(CommandContext ctx, OrderSide side, string pairName, string amountText, string? priceText,
        string type, string tif, string? expireText, CancellationToken ct)
    {
        var amount = ParseDecimal(amountText, "AMOUNT");
        decimal? price = priceText is null ? null : ParseDecimal(priceText, "--price");
        var orderType = type switch
        {
            "limit" => OrderType.Limit,
            "market" => OrderType.Market,
            "limit_maker" => OrderType.LimitMaker,
            _ => throw CliException.Usage($"--type must be limit, market or limit_maker, not '{type}'."),
        };
        var timeInForce = tif switch
        {
            "gtc" => TimeInForce.Gtc,
            "ioc" => TimeInForce.Ioc,
            "fok" => TimeInForce.Fok,
            "gtd" => TimeInForce.Gtd,
            _ => throw CliException.Usage($"--tif must be gtc, ioc, fok or gtd, not '{tif}'."),
        };
        if (orderType != OrderType.Market && price is null)
            throw CliException.Usage($"A {type} order needs a price: add --price P (or use --type market).");
        if (orderType == OrderType.Market && price is not null)
            throw CliException.Usage("A market order takes no --price: drop it, or use --type limit.");
        DateTimeOffset? expire = expireText is null ? null : DateTimeOffset.FromUnixTimeSeconds(MarketCommands.ParseSince(expireText));
        if (timeInForce == TimeInForce.Gtd && expire is null)
            throw CliException.Usage("--tif gtd needs --expire-at (unix seconds or an ISO-8601 time).");

        var session = await ctx.SessionAsync(ct);
        if (ctx.Settings.Connector == ConnectorKind.KrakenPaperTrade)
        {
            var paperPair = await session.PairAsync(pairName, ct);
            return await ExchangeTradingCommands.PlaceAsync(ctx, new OrderRequest(paperPair.Pair, side, orderType, amount, price, timeInForce, expire), type, tif, ct);
        }
        var client = session.Private; // credentials first: no network call before we know we can sign
        var market = await session.PairAsync(pairName, ct);
        var request = new OrderRequest(market.Pair, side, orderType, amount, price, timeInForce, expire);
        market.Rule.Validate(request);

        var clientOrderId = Guid.NewGuid().ToString();
        var kraken = new KrakenOrderRequest
        {
            Pair = market.Id,
            Side = side == OrderSide.Buy ? KrakenSide.Buy : KrakenSide.Sell,
            OrderType = orderType == OrderType.Market ? KrakenOrderType.Market : KrakenOrderType.Limit,
            Volume = amount,
            Price = price,
            PostOnly = orderType == OrderType.LimitMaker,
            TimeInForce = timeInForce switch
            {
                TimeInForce.Ioc => KrakenTimeInForce.ImmediateOrCancel,
                TimeInForce.Fok => KrakenTimeInForce.FillOrKill,
                TimeInForce.Gtd => KrakenTimeInForce.GoodTillDate,
                _ => null,
            },
            ExpireAt = expire,
            ClientOrderId = clientOrderId,
        };

        KrakenAddOrderResult added;
        try
        {
            added = await ctx.BusyAsync("Placing order…", () => client.AddOrderAsync(kraken, ct));
        }
        catch (OutcomeUnknownException e)
        {
            throw new CliException("outcome_unknown",
                $"{e.Message} The order may exist: check with 'krakenbot orders' (client order id {clientOrderId}) before placing it again.", e);
        }
        var txid = added.TxIds.FirstOrDefault() ?? throw new CliException("unexpected_response", "The exchange accepted the order but returned no order id.");
        // Read back what happened (a market or crossing order may already be filled).
        var state = (await client.QueryOrdersAsync([txid], cancellationToken: ct)).FirstOrDefault();

        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("order_id", txid);
                w.WriteString("client_order_id", clientOrderId);
                w.WriteString("pair", market.DisplayName);
                w.WriteString("side", side == OrderSide.Buy ? "buy" : "sell");
                w.WriteString("type", type);
                w.WriteString("time_in_force", tif);
                w.Money("amount", amount);
                w.Money("price", price);
                w.WriteString("status", state?.Status ?? "pending");
                w.Money("filled", state?.VolumeExecuted ?? 0m);
                w.Money("average_price", state?.AveragePrice);
                w.WriteString("description", added.Description);
                w.WriteEndObject();
            });
            return 0;
        }
        ctx.Terminal.Console.MarkupLine($"[green]Order placed[/]: {Markup.Escape(added.Description)}");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Order", "Client id", "Status", "Filled", "Average price");
        table.AddRow(txid, clientOrderId, state?.Status ?? "pending", Fmt.Num(state?.VolumeExecuted ?? 0m), Fmt.Num(state?.AveragePrice));
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    public static async Task<int> CancelAsync(CommandContext ctx, string id, CancellationToken ct)
    {
        if (ctx.Settings.Connector == ConnectorKind.KrakenPaperTrade) return await ExchangeTradingCommands.CancelAsync(ctx, id, ct);
        var session = await ctx.SessionAsync(ct);
        var client = session.Private; // credentials first: no network call before we know we can sign
        var byClientId = Guid.TryParse(id, out _);
        var result = await ctx.BusyAsync("Cancelling…", () => byClientId
            ? client.CancelOrderByClientOrderIdAsync(id, ct)
            : client.CancelOrderAsync(id, ct));
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("order_id", id);
                w.WriteNumber("cancelled", result.Count);
                w.WriteBoolean("pending", result.Pending);
                w.WriteEndObject();
            });
            return 0;
        }
        ctx.Terminal.Console.WriteLine(result.Count > 0 ? $"Cancelled {id}." : $"Nothing cancelled for {id}{(result.Pending ? " (cancel pending)" : "")}.");
        return 0;
    }

    public static async Task<int> CancelAllAsync(CommandContext ctx, CancellationToken ct)
    {
        if (ctx.Settings.Connector == ConnectorKind.KrakenPaperTrade) return await ExchangeTradingCommands.CancelAllAsync(ctx, ct);
        var session = await ctx.SessionAsync(ct);
        var client = session.Private; // credentials first: no network call before we know we can sign
        var count = await ctx.BusyAsync("Cancelling all open orders…", () => client.CancelAllAsync(ct));
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

    /// <summary>Parses an amount or price exactly (no exponent, no thousands separators).</summary>
    internal static decimal ParseDecimal(string text, string name)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw CliException.Usage($"{name} must be a positive decimal number like 0.01 or 65000.5, not '{text}'.");
    }
}
