using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Tests.Rest;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Market;

/// <summary>
/// The ticker's figures come from the sandbox's own trades on its clock: a rolling 24 h window for the 24 h figures
/// (REST and WebSocket alike), UTC midnight for "today" and for <c>o</c>, and the tape survives a restart.
/// </summary>
public sealed class TickerTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 3, 2, 22, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-ticker-" + Guid.NewGuid().ToString("N"));

    private static SandboxAccount[] Traders() => [TestSandbox.Account("maker", TestSandbox.Secret), TestSandbox.Account("taker", TestSandbox.Secret)];

    /// <summary>One public trade of <paramref name="quantity"/> BTC at <paramref name="price"/> (a resting sell hit by a market buy).</summary>
    private static async Task TradeAsync(TestSandbox sandbox, string price, string quantity)
    {
        (await sandbox.Client("maker").Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", price), ("volume", quantity))).Ok();
        (await sandbox.Client("taker").Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "market"), ("volume", quantity))).Ok();
    }

    private static void AdvanceTo(FakeTimeProvider clock, DateTimeOffset when) => clock.Advance(when - clock.GetUtcNow());

    private static async Task<JsonElement> RestTickerAsync(TestSandbox sandbox) => (await sandbox.Public("Ticker", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD");

    private static async Task<JsonElement> WsTickerAsync(TestSandbox sandbox)
    {
        await using var ws = await Socket.WsTestClient.ConnectAsync(sandbox.Host.WebSocketUri);
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"]}}""");
        return (await ws.NextOnAsync("ticker", "snapshot")).GetProperty("data")[0];
    }

    private static decimal Num(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    private static string[] Strings(JsonElement ticker, string name) => ticker.GetProperty(name).EnumerateArray().Select(e => e.ToString()).ToArray();

    [Fact]
    public async Task Rest_and_websocket_tickers_roll_over_24_hours_of_trades_and_open_at_utc_midnight()
    {
        var clock = new FakeTimeProvider(Evening);
        await using var sandbox = await TestSandbox.StartAsync(accounts: Traders(), clock: clock);
        await TradeAsync(sandbox, "60000.0", "1");                                  // Mar 2 22:00
        AdvanceTo(clock, Evening.AddMinutes(90));
        await TradeAsync(sandbox, "61000.0", "2");                                  // Mar 2 23:30
        AdvanceTo(clock, Evening.AddMinutes(150));
        await TradeAsync(sandbox, "59000.0", "0.5");                                // Mar 3 00:30
        AdvanceTo(clock, Evening.AddMinutes(180));
        await TradeAsync(sandbox, "62000.0", "1");                                  // Mar 3 01:00

        // Mar 3 01:10: "today" is the two trades since midnight, the 24 h window all four.
        AdvanceTo(clock, Evening.AddMinutes(190));
        var rest = await RestTickerAsync(sandbox);
        Assert.Equal(["62000.0", "1.00000000"], Strings(rest, "c"));
        Assert.Equal(["1.50000000", "4.50000000"], Strings(rest, "v"));
        Assert.Equal(["61000.0", "60777.8"], Strings(rest, "p"));
        Assert.Equal(["2", "4"], Strings(rest, "t"));
        Assert.Equal(["59000.0", "59000.0"], Strings(rest, "l"));
        Assert.Equal(["62000.0", "62000.0"], Strings(rest, "h"));
        Assert.Equal("59000.0", rest.Str("o"));
        var ws = await WsTickerAsync(sandbox);
        Assert.Equal(62000m, Num(ws, "last"));
        Assert.Equal(4.5m, Num(ws, "volume"));
        Assert.Equal(60777.8m, Num(ws, "vwap"));
        Assert.Equal(59000m, Num(ws, "low"));
        Assert.Equal(62000m, Num(ws, "high"));
        Assert.Equal(2000m, Num(ws, "change"));        // against the first trade of the 24 h window
        Assert.Equal(3.33m, Num(ws, "change_pct"));

        // Mar 3 22:30: the 22:00 trade left the 24 h window; "today" is unchanged.
        AdvanceTo(clock, Evening.AddHours(24).AddMinutes(30));
        rest = await RestTickerAsync(sandbox);
        Assert.Equal(["1.50000000", "3.50000000"], Strings(rest, "v"));
        Assert.Equal(["61000.0", "61000.0"], Strings(rest, "p"));
        Assert.Equal(["2", "3"], Strings(rest, "t"));
        Assert.Equal("59000.0", rest.Str("o"));
        ws = await WsTickerAsync(sandbox);
        Assert.Equal(3.5m, Num(ws, "volume"));
        Assert.Equal(1000m, Num(ws, "change"));
        Assert.Equal(1.64m, Num(ws, "change_pct"));

        // Mar 4 00:10: nothing traded today, so today opens at the last price; the window still holds two trades.
        AdvanceTo(clock, Evening.AddHours(26).AddMinutes(10));
        rest = await RestTickerAsync(sandbox);
        Assert.Equal(["0.00000000", "1.50000000"], Strings(rest, "v"));
        Assert.Equal(["0", "2"], Strings(rest, "t"));
        Assert.Equal("62000.0", rest.Str("o"));

        // Mar 5: a quiet day: no 24 h volume, the last trade still shows.
        AdvanceTo(clock, Evening.AddHours(52));
        rest = await RestTickerAsync(sandbox);
        Assert.Equal(["0.00000000", "0.00000000"], Strings(rest, "v"));
        Assert.Equal(["62000.0", "1.00000000"], Strings(rest, "c"));
        Assert.Equal(["62000.0", "62000.0"], Strings(rest, "h"));
        ws = await WsTickerAsync(sandbox);
        Assert.Equal(62000m, Num(ws, "last"));
        Assert.Equal(0m, Num(ws, "volume"));
    }

    [Fact]
    public async Task The_tape_survives_a_restart_so_ticker_candles_and_trades_carry_on()
    {
        var clock = new FakeTimeProvider(Evening);
        string tickerBefore, candlesBefore;
        JsonElement[] tradesBefore;
        await using (var first = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock))
        {
            await TradeAsync(first, "60000.0", "1");
            AdvanceTo(clock, Evening.AddMinutes(5));
            await TradeAsync(first, "61000.0", "0.25");
            tickerBefore = (await RestTickerAsync(first)).GetRawText();
            candlesBefore = (await first.Public("OHLC", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").GetRawText();
            tradesBefore = [.. (await first.Public("Trades", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").EnumerateArray()];
        }

        await using (var second = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock))
        {
            Assert.Equal(tickerBefore, (await RestTickerAsync(second)).GetRawText());
            Assert.Equal(candlesBefore, (await second.Public("OHLC", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").GetRawText());
            var trades = (await second.Public("Trades", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").EnumerateArray().ToArray();
            Assert.Equal(tradesBefore.Select(t => t.GetRawText()), trades.Select(t => t.GetRawText()));
            Assert.Equal(61000m, Num((await WsTickerAsync(second)), "last"));

            // Trade numbers continue after the restored ones (the clients' nonces start above the stored marks).
            for (var i = 0; i < 10; i++) { second.Client("maker").NextNonce(); second.Client("taker").NextNonce(); }
            AdvanceTo(clock, Evening.AddHours(1));
            await TradeAsync(second, "61500.0", "0.5");
            var after = (await second.Public("Trades", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").EnumerateArray().Last();
            Assert.Equal(3, after[6].GetInt64());
            Assert.Equal(["1.75000000"], Strings(await RestTickerAsync(second), "v").Skip(1).ToArray());
        }

        // A day and more later only the newest trade is kept: it is still the last price.
        AdvanceTo(clock, Evening.AddHours(27));
        await using var third = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock);
        var ticker = await RestTickerAsync(third);
        Assert.Equal(["61500.0", "0.50000000"], Strings(ticker, "c"));
        Assert.Equal(["0.00000000", "0.00000000"], Strings(ticker, "v"));
        var kept = Assert.Single((await third.Public("Trades", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").EnumerateArray());
        Assert.Equal(3, kept[6].GetInt64());
        Assert.Equal(61500m, decimal.Parse(kept[0].GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_restarted_synthetic_market_quotes_on_from_the_last_price()
    {
        var clock = new FakeTimeProvider(Evening);
        await using (var first = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock))
            await TradeAsync(first, "70000.0", "0.1"); // far from the pair's 60000 reference price

        await using var second = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock, marketActivity: true);
        var depth = (await second.Public("Depth", "pair=XBTUSD&count=1")).Ok().GetProperty("XXBTZUSD");
        var bid = decimal.Parse(depth.GetProperty("bids")[0][0].GetString()!, CultureInfo.InvariantCulture);
        var ask = decimal.Parse(depth.GetProperty("asks")[0][0].GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange((bid + ask) / 2, 69_300m, 70_700m);
    }

    [Fact]
    public async Task A_fresh_market_has_a_seeded_day_of_trades_so_its_ticker_candles_and_trades_are_never_empty_and_a_restart_keeps_it()
    {
        var clock = new FakeTimeProvider(Evening);
        string tickerBefore, tradesBefore;
        await using (var first = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock, marketActivity: true))
        {
            var ticker = await RestTickerAsync(first);
            var last = decimal.Parse(Strings(ticker, "c")[0], CultureInfo.InvariantCulture);
            var (low, high) = (decimal.Parse(Strings(ticker, "l")[1], CultureInfo.InvariantCulture), decimal.Parse(Strings(ticker, "h")[1], CultureInfo.InvariantCulture));
            Assert.InRange(last, 59_000m, 61_000m);              // the walk ends where the market quotes (it may trade once since)
            Assert.True(low > 0m && low <= last && last <= high, $"low {low}, last {last}, high {high}");
            Assert.True(decimal.Parse(Strings(ticker, "v")[1], CultureInfo.InvariantCulture) > 0m);
            Assert.True(int.Parse(Strings(ticker, "t")[1], CultureInfo.InvariantCulture) >= 700); // about a trade every 2 minutes
            Assert.True(decimal.Parse(ticker.Str("o"), CultureInfo.InvariantCulture) > 0m);
            var candles = (await first.Public("OHLC", "pair=XBTUSD&interval=60")).Ok().GetProperty("XXBTZUSD");
            Assert.True(candles.GetArrayLength() >= 24, $"{candles.GetArrayLength()} hourly candles");
            var ws = await WsTickerAsync(first);
            Assert.True(Num(ws, "volume") > 0m && Num(ws, "vwap") > 0m && Num(ws, "high") >= Num(ws, "low"));
            tickerBefore = TradeFigures(await RestTickerAsync(first));
            tradesBefore = (await first.Public("Trades", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").GetRawText();
        }

        // The history is the sandbox's tape like any trade: a restart keeps it and writes no second one.
        await using var second = await TestSandbox.StartAsync(accounts: Traders(), dataDir: _dir, clock: clock);
        Assert.Equal(tickerBefore, TradeFigures(await RestTickerAsync(second)));
        Assert.Equal(tradesBefore, (await second.Public("Trades", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").GetRawText());
    }

    // The ticker's figures made of trades (last, volume, VWAP, count, low, high, open); bid and ask are the live book's.
    private static string TradeFigures(JsonElement ticker) =>
        string.Join("|", new[] { "c", "v", "p", "t", "l", "h" }.Select(k => string.Join(",", Strings(ticker, k))).Append(ticker.Str("o")));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
