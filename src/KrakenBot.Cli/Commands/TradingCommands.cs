using System.Globalization;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// buy, sell, cancel, cancel-all: arguments parsed into the connector's <see cref="OrderRequest"/>, checked against the
/// pair's trading rules, then handed to the connector (<see cref="ExchangeTradingCommands"/>), which journals the order
/// with a UUID client order id before sending it, so an order whose reply was lost is found, never sent twice.
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
        if (ctx.Settings.Connector != ConnectorKind.KrakenPaperTrade) session.RequireCredentials();
        var market = await session.PairAsync(pairName, ct);
        var request = new OrderRequest(market.Pair, side, orderType, amount, price, timeInForce, expire);
        // Checked here too so a bad order is refused before any connection is made.
        market.Rule.Validate(request);
        return await ExchangeTradingCommands.PlaceAsync(ctx, request, type, tif, ct);
    }

    public static Task<int> CancelAsync(CommandContext ctx, string id, CancellationToken ct) => ExchangeTradingCommands.CancelAsync(ctx, id, ct);

    public static Task<int> CancelAllAsync(CommandContext ctx, CancellationToken ct) => ExchangeTradingCommands.CancelAllAsync(ctx, ct);

    /// <summary>Parses an amount or price exactly (no exponent, no thousands separators).</summary>
    internal static decimal ParseDecimal(string text, string name)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw CliException.Usage($"{name} must be a positive decimal number like 0.01 or 65000.5, not '{text}'.");
    }
}
