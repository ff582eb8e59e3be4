using System.Globalization;
using KrakenBot.Cli.Charts;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace KrakenBot.Cli.Commands;

/// <summary>Public market data: status, pairs, ticker, book, trades, candles.</summary>
internal static class MarketCommands
{
    public static async Task<int> StatusAsync(CommandContext ctx, CancellationToken ct)
    {
        var session = await ctx.SessionAsync(ct);
        var (status, time) = await ctx.BusyAsync("Asking the exchange…", async () =>
            (await session.Public.GetSystemStatusAsync(ct), await session.Public.GetServerTimeAsync(ct)));
        var rest = session.Options.RestBaseUrl.ToString();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("connector", ConnectorNames.Name(ctx.Settings.Connector));
                w.WriteString("rest_url", rest);
                w.WriteString("ws_url", session.Options.WebSocketPublicUrl.ToString());
                w.WriteString("status", status.Status);
                w.Time("status_time", status.Timestamp);
                w.Time("server_time", time.Time);
                w.WriteEndObject();
            });
            return 0;
        }
        var grid = new Table().AddColumns("", "").HideHeaders().Border(TableBorder.Rounded);
        grid.AddRow("Connector", ConnectorNames.Name(ctx.Settings.Connector));
        grid.AddRow("REST endpoint", Markup.Escape(rest));
        grid.AddRow("WebSocket", Markup.Escape(session.Options.WebSocketPublicUrl.ToString()));
        grid.AddRow("Exchange status", status.IsOnline ? "[green]online[/]" : $"[yellow]{Markup.Escape(status.Status)}[/]");
        grid.AddRow("Server time", Fmt.Time(time.Time) + " UTC");
        ctx.Terminal.Console.Write(grid);
        return 0;
    }

    public static async Task<int> PairsAsync(CommandContext ctx, string? quote, CancellationToken ct)
    {
        var session = await ctx.SessionAsync(ct);
        var catalog = await ctx.BusyAsync("Loading markets…", () => session.CatalogAsync(ct));
        var pairs = catalog.Pairs.Where(p => quote is null || string.Equals(p.Quote.CommonName, quote, StringComparison.OrdinalIgnoreCase)
                                                         || string.Equals(p.Quote.AltName, quote, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (var p in pairs)
                {
                    w.WriteStartObject();
                    w.WriteString("pair", p.DisplayName);
                    w.WriteString("id", p.Id);
                    w.WriteString("altname", p.AltName);
                    w.WriteString("wsname", p.WsName);
                    w.WriteString("symbol", p.Symbol);
                    w.WriteString("status", p.Rule.Status.ToString().ToLowerInvariant());
                    w.Money("tick_size", p.Rule.TickSize);
                    w.Money("min_amount", p.Rule.MinAmount);
                    w.Money("min_cost", p.Rule.MinCost);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Pair", "Kraken id", "Altname", "WS name", "Status", "Tick", "Min amount", "Min cost");
        foreach (var p in pairs)
            table.AddRow(p.DisplayName, p.Id, p.AltName, p.WsName ?? "-", p.Rule.Status.ToString().ToLowerInvariant(),
                Fmt.Num(p.Rule.TickSize), Fmt.Num(p.Rule.MinAmount), Fmt.Num(p.Rule.MinCost));
        ctx.Terminal.Console.Write(table);
        ctx.Terminal.Console.WriteLine($"{pairs.Count} pairs");
        return 0;
    }

    public static async Task<int> TickerAsync(CommandContext ctx, string pairName, CancellationToken ct)
    {
        var session = await ctx.SessionAsync(ct);
        var pair = await session.PairAsync(pairName, ct);
        var tickers = await ctx.BusyAsync("Loading ticker…", () => session.Public.GetTickerAsync([pair.Id], ct));
        var t = tickers.Single();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("pair", pair.DisplayName);
                w.WriteString("id", pair.Id);
                w.Money("last", t.LastTradePrice);
                w.Money("bid", t.Bid.Price);
                w.Money("ask", t.Ask.Price);
                w.Money("high_24h", t.High.Last24Hours);
                w.Money("low_24h", t.Low.Last24Hours);
                w.Money("volume_24h", t.Volume.Last24Hours);
                w.Money("vwap_24h", t.VolumeWeightedAveragePrice.Last24Hours);
                w.Money("open", t.OpeningPrice);
                w.WriteNumber("trades_24h", t.TradeCount.Last24Hours);
                w.WriteEndObject();
            });
            return 0;
        }
        var d = await ctx.DisplayAsync(ct);
        var p = pair.Id;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Pair", "Last", "Bid", "Ask", "24h high", "24h low", "24h volume", "24h VWAP", "Open");
        table.AddRow(pair.DisplayName, d.Price(p, t.LastTradePrice), d.Price(p, t.Bid.Price), d.Price(p, t.Ask.Price), d.Price(p, t.High.Last24Hours),
            d.Price(p, t.Low.Last24Hours), d.Volume(p, t.Volume.Last24Hours), d.Price(p, t.VolumeWeightedAveragePrice.Last24Hours), d.Price(p, t.OpeningPrice));
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    /// <summary>
    /// One REST snapshot, or with <paramref name="watch"/> the live WebSocket book (checksum-verified) redrawn in place
    /// on a terminal, or one snapshot per second per line when piped (JSON Lines with <c>-o json</c>), until Ctrl+C or
    /// <paramref name="updates"/> snapshots.
    /// </summary>
    public static async Task<int> BookAsync(CommandContext ctx, string pairName, int depth, bool watch, int updates, CancellationToken ct)
    {
        if (depth is < 1 or > 1000) throw CliException.Usage($"--depth must be between 1 and 1000, not {depth}.");
        if (updates < 0) throw CliException.Usage($"--updates must be 0 (until Ctrl+C) or more, not {updates}.");
        var session = await ctx.SessionAsync(ct);
        var pair = await session.PairAsync(pairName, ct);
        var display = await ctx.DisplayAsync(ct);

        if (!watch)
        {
            var depthReply = await ctx.BusyAsync("Loading book…", () => session.Public.GetDepthAsync(pair.Id, depth, ct));
            var snapshot = new OrderBookSnapshot(pair.Pair,
                depthReply.Bids.Select(l => new BookLevel(l.Price, l.Volume)).ToList(),
                depthReply.Asks.Select(l => new BookLevel(l.Price, l.Volume)).ToList(), DateTimeOffset.UtcNow, IsReady: true);
            if (ctx.Json) ctx.Terminal.WriteJson(w => WriteBook(w, snapshot));
            else ctx.Terminal.Console.Write(BookView(snapshot, display));
            return 0;
        }

        var marketData = await ctx.BusyAsync("Connecting to the market data stream…", () => session.MarketDataAsync(ct));
        var subscriptionDepth = depth <= ConnectorSession.LiveBookDepth ? ConnectorSession.LiveBookDepth : depth <= 500 ? 500 : 1000;
        var book = await marketData.WatchBookAsync(pair.Pair, subscriptionDepth, ct);
        await ctx.BusyAsync("Waiting for the book snapshot…", async () => { await KrakenMarketData.WaitUntilReadyAsync(book, ct); return 0; });

        var limit = updates == 0 ? int.MaxValue : updates;
        if (ctx.Json || !ctx.Terminal.StdoutIsTerminal)
        {
            for (var i = 0; i < limit; i++)
            {
                var snapshot = book.GetSnapshot(depth);
                if (ctx.Json) ctx.Terminal.WriteJson(w => WriteBook(w, snapshot), indented: false);
                else ctx.Terminal.Console.Write(BookView(snapshot, display));
                if (i + 1 < limit && !await Pause(ct)) break;
            }
            return 0;
        }

        await ctx.Terminal.Console.Live(BookView(book.GetSnapshot(depth), display)).AutoClear(false).StartAsync(async live =>
        {
            for (var i = 1; i < limit && await Pause(ct); i++)
            {
                live.UpdateTarget(BookView(book.GetSnapshot(depth), display));
                live.Refresh();
            }
        });
        return 0;
    }

    private static async Task<bool> Pause(CancellationToken ct)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(1), ct); return true; }
        catch (OperationCanceledException) { return false; }
    }

    internal static void WriteBook(System.Text.Json.Utf8JsonWriter w, OrderBookSnapshot book)
    {
        w.WriteStartObject();
        w.WriteString("pair", book.Pair.ToString());
        w.Time("time", book.Time);
        w.WriteBoolean("ready", book.IsReady);
        WriteSide(w, "asks", book.Asks);
        WriteSide(w, "bids", book.Bids);
        w.WriteEndObject();

        static void WriteSide(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<BookLevel> levels)
        {
            w.WriteStartArray(name);
            foreach (var l in levels)
            {
                w.WriteStartObject();
                w.Money("price", l.Price);
                w.Money("volume", l.Amount);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }

    /// <summary>Asks above (best ask last), bids below (best bid first), like a trading screen.</summary>
    internal static IRenderable BookView(OrderBookSnapshot book, DisplayFormat display)
    {
        var p = book.Pair;
        var table = new Table().Border(TableBorder.Rounded).Title($"{book.Pair} order book")
            .AddColumn(new TableColumn("Side")).AddColumn(new TableColumn("Price").RightAligned()).AddColumn(new TableColumn("Volume").RightAligned());
        foreach (var a in book.Asks.Reverse()) table.AddRow("[red]ask[/]", display.Price(p, a.Price), display.Volume(p, a.Amount));
        if (book.Asks.Count > 0 && book.Bids.Count > 0)
            table.AddRow("", $"[grey]spread {display.Price(p, book.Asks[0].Price - book.Bids[0].Price)}[/]", "");
        foreach (var b in book.Bids) table.AddRow("[green]bid[/]", display.Price(p, b.Price), display.Volume(p, b.Amount));
        return table;
    }

    public static async Task<int> TradesAsync(CommandContext ctx, string pairName, int limit, CancellationToken ct)
    {
        if (limit is < 1 or > 1000) throw CliException.Usage($"--limit must be between 1 and 1000, not {limit}.");
        var session = await ctx.SessionAsync(ct);
        var pair = await session.PairAsync(pairName, ct);
        var page = await ctx.BusyAsync("Loading trades…", () => session.Public.GetTradesAsync(pair.Id, count: limit, cancellationToken: ct));
        var trades = page.Trades.TakeLast(limit).Reverse().ToList();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("pair", pair.DisplayName);
                w.WriteString("last", page.Last);
                w.WriteStartArray("trades");
                foreach (var t in trades)
                {
                    w.WriteStartObject();
                    w.Time("time", t.Time);
                    w.WriteString("side", t.Side == KrakenSide.Buy ? "buy" : "sell");
                    w.Money("price", t.Price);
                    w.Money("volume", t.Volume);
                    w.WriteString("order_type", t.IsMarketOrder ? "market" : "limit");
                    if (t.TradeId is { } id) w.WriteNumber("trade_id", id);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }
        var d = await ctx.DisplayAsync(ct);
        var table = new Table().Border(TableBorder.Rounded).Title($"{pair.DisplayName} recent trades").AddColumns("Time (UTC)", "Side", "Price", "Volume", "Type");
        foreach (var t in trades)
            table.AddRow(Fmt.Time(t.Time), t.Side == KrakenSide.Buy ? "[green]buy[/]" : "[red]sell[/]", d.Price(pair.Id, t.Price), d.Volume(pair.Id, t.Volume), t.IsMarketOrder ? "market" : "limit");
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    private static readonly int[] Intervals = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

    public static async Task<int> CandlesAsync(CommandContext ctx, string pairName, int interval, string? since, string? chart, int limit, CancellationToken ct)
    {
        if (Array.IndexOf(Intervals, interval) < 0)
            throw CliException.Usage($"--interval {interval} is not a Kraken candle interval: use one of {string.Join(", ", Intervals)} (minutes).");
        if (limit < 1) throw CliException.Usage($"--limit must be at least 1, not {limit}.");
        long? sinceSeconds = since is null ? null : ParseSince(since);
        var session = await ctx.SessionAsync(ct);
        var pair = await session.PairAsync(pairName, ct);
        var page = await ctx.BusyAsync("Loading candles…", () => session.Public.GetOhlcAsync(pair.Id, interval, sinceSeconds, ct));
        var candles = page.Candles.TakeLast(limit).ToList();
        if (chart is not null)
        {
            if (candles.Count == 0) throw new CliException("validation", $"No {interval}-minute candles for {pair.DisplayName} in that range: nothing to chart.");
            CandleChart.SavePng(chart, $"{pair.DisplayName} {interval}m", candles, interval);
        }
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("pair", pair.DisplayName);
                w.WriteNumber("interval", interval);
                w.WriteNumber("last", page.Last);
                if (chart is not null) w.WriteString("chart", Path.GetFullPath(chart));
                w.WriteStartArray("candles");
                foreach (var c in candles)
                {
                    w.WriteStartObject();
                    w.Time("time", c.OpenTime);
                    w.Money("open", c.Open);
                    w.Money("high", c.High);
                    w.Money("low", c.Low);
                    w.Money("close", c.Close);
                    w.Money("vwap", c.VolumeWeightedAveragePrice);
                    w.Money("volume", c.Volume);
                    w.WriteNumber("trades", c.TradeCount);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }
        var d = await ctx.DisplayAsync(ct);
        var p = pair.Id;
        var table = new Table().Border(TableBorder.Rounded).Title($"{pair.DisplayName} {interval}-minute candles")
            .AddColumns("Open time (UTC)", "Open", "High", "Low", "Close", "Volume", "Trades");
        foreach (var c in candles)
            table.AddRow(Fmt.Time(c.OpenTime), d.Price(p, c.Open), d.Price(p, c.High), d.Price(p, c.Low), d.Price(p, c.Close), d.Volume(p, c.Volume),
                c.TradeCount.ToString(CultureInfo.InvariantCulture));
        ctx.Terminal.Console.Write(table);
        if (chart is not null) ctx.Terminal.Console.MarkupLine($"Chart written to [bold]{Markup.Escape(Path.GetFullPath(chart))}[/]");
        return 0;
    }

    /// <summary>Unix seconds, or an ISO-8601 date/time (UTC unless it says otherwise).</summary>
    internal static long ParseSince(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time.ToUnixTimeSeconds();
        throw CliException.Usage($"--since '{text}' is neither unix seconds nor a date: write e.g. 1735689600 or 2025-01-01T00:00:00Z.");
    }
}
