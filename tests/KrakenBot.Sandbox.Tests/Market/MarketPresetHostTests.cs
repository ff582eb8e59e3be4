using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Tests.Rest;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Market;

/// <summary>A sandbox running a preset market, read over REST through Kestrel as a client would.</summary>
public sealed class MarketPresetHostTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-preset-" + Guid.NewGuid().ToString("N"));

    private static async Task<TestSandbox> StartAsync(int seed, FakeTimeProvider? clock = null, string? dataDir = null) =>
        await TestSandbox.StartAsync(clock: clock ?? new FakeTimeProvider(Start), marketActivity: true, market: MarketPresets.Normal, seed: seed, dataDir: dataDir);

    private static void Run(TestSandbox sandbox, TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromMilliseconds(250)) sandbox.Clock.Advance(TimeSpan.FromMilliseconds(250));
    }

    private static async Task<string> PublicAsync(TestSandbox sandbox, string endpoint, string query) =>
        (await sandbox.Public(endpoint, query)).Ok().GetProperty("XXBTZUSD").GetRawText();

    private static decimal[] Numbers(JsonElement ticker, string name) =>
        ticker.GetProperty(name).EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : decimal.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task The_same_seed_serves_the_same_book_ticker_and_trades()
    {
        await using var first = await StartAsync(seed: 5);
        await using var again = await StartAsync(seed: 5);
        await using var other = await StartAsync(seed: 6);
        foreach (var sandbox in new[] { first, again, other }) Run(sandbox, TimeSpan.FromMinutes(2));

        foreach (var (endpoint, query) in new[] { ("Depth", "pair=XBTUSD&count=20"), ("Ticker", "pair=XBTUSD"), ("Trades", "pair=XBTUSD") })
        {
            var reply = await PublicAsync(first, endpoint, query);
            Assert.Equal(reply, await PublicAsync(again, endpoint, query));
            Assert.NotEqual(reply, await PublicAsync(other, endpoint, query));
        }
    }

    [Fact]
    public async Task A_preset_market_has_a_full_ticker_at_today_s_prices_from_the_start()
    {
        await using var sandbox = await StartAsync(seed: 9);
        Run(sandbox, TimeSpan.FromSeconds(30));
        var ticker = (await sandbox.Public("Ticker", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD");
        var (bid, ask, last) = (Numbers(ticker, "b")[0], Numbers(ticker, "a")[0], Numbers(ticker, "c")[0]);
        var (low, high) = (Numbers(ticker, "l")[1], Numbers(ticker, "h")[1]);

        Assert.InRange(bid, 80_000m, 110_000m);
        Assert.True(bid < ask && ask - bid < 10m, $"bid {bid}, ask {ask}");
        Assert.True(low > 0m && low <= last && last <= high && high < low * 1.2m, $"low {low}, last {last}, high {high}");
        Assert.True(Math.Abs(last - bid) < 50m, $"last {last}, bid {bid}");
        Assert.True(Numbers(ticker, "v")[1] > 10m, "24 h volume");
        Assert.True(Numbers(ticker, "t")[1] > 1_000m, "24 h trade count");
        var vwap = Numbers(ticker, "p")[1];
        Assert.True(low <= vwap && vwap <= high, $"vwap {vwap}");
        Assert.True(decimal.Parse(ticker.GetProperty("o").GetString()!, CultureInfo.InvariantCulture) > 0m);
    }

    [Fact]
    public async Task A_restarted_preset_market_fills_the_time_it_was_down_and_quotes_on_from_there()
    {
        var clock = new FakeTimeProvider(Start);
        decimal lastBefore;
        await using (var first = await StartAsync(seed: 4, clock, _dir))
        {
            Run(first, TimeSpan.FromSeconds(10));
            lastBefore = Numbers((await first.Public("Ticker", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD"), "c")[0];
        }
        clock.Advance(TimeSpan.FromHours(2));

        await using var second = await StartAsync(seed: 4, clock, _dir);
        var candles = (await second.Public("OHLC", "pair=XBTUSD&interval=1")).Ok().GetProperty("XXBTZUSD")
            .EnumerateArray().Select(c => DateTimeOffset.FromUnixTimeSeconds(c[0].GetInt64())).ToArray();
        var gap = candles.Where(t => t > Start.AddMinutes(1) && t < Start.AddHours(2)).ToArray();
        Assert.True(gap.Length >= 100, $"{gap.Length} one-minute candles while it was down");
        var book = (await second.Public("Depth", "pair=XBTUSD&count=1")).Ok().GetProperty("XXBTZUSD");
        var bid = decimal.Parse(book.GetProperty("bids")[0][0].GetString()!, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(bid - lastBefore) / lastBefore < 0.05m, $"bid {bid} two hours after last {lastBefore}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
