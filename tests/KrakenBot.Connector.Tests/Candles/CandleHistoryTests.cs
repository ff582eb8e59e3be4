using System.Globalization;
using System.Text;
using KrakenBot.Connector.Candles;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Tests.Catalog;
using KrakenBot.Connector.Tests.Rest;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.Candles;

/// <summary>
/// History over a scripted Kraken REST server on 127.0.0.1: OHLC's 720 most recent rows, extended backwards with
/// candles built from the Trades endpoint, paged by its cursor.
/// </summary>
public sealed class CandleHistoryTests : IAsyncLifetime
{
    private const string ApiKey = "candles-test-key";
    private const string Secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    // Now is 12:00:30: the 12:00 candle is open, and OHLC's 720 rows start at 00:01.
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 12, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset OldestOhlc = new(2026, 1, 2, 0, 1, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly HttpClient _http = new();
    private LoopbackKrakenServer _server = null!;
    private CandlesFeed _feed = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackKrakenServer.StartAsync(ApiKey, Secret);
        var options = new KrakenOptions { RestBaseUrl = _server.BaseUrl, RetryBackoff = TimeSpan.Zero };
        var rest = new KrakenRestClient(_http, options, new CountingNonceSource(), new RecordingBudget(), _time, new CapturingLogger());
        _feed = new CandlesFeed(KrakenExampleMarkets.Catalog(), rest, _time);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Older_than_OHLC_serves_is_built_from_trades_and_joined_without_gap_or_duplicate()
    {
        _server.Script("OHLC", Reply.Ok(OhlcRows(OldestOhlc, 720)));
        DateTimeOffset since = OldestOhlc.AddMinutes(-11); // 23:50 the day before
        _server.ScriptDynamic("Trades",
            _ => Reply.Ok(Trades(
                ("100.0", "1.0", since),                       // exactly the start
                ("102.0", "3.0", since.AddSeconds(30)),
                ("101.0", "1.0", since.AddSeconds(59.5)),
                ("99.5", "2.0", since.AddMinutes(2).AddSeconds(10)))), // 23:51 has no trade: no candle
            _ => Reply.Ok(Trades(
                ("98.0", "0.5", OldestOhlc.AddSeconds(-1)),      // 00:00:59, the last interval before OHLC
                ("98.5", "0.5", OldestOhlc.AddSeconds(-0.5)),
                ("777.0", "9.0", OldestOhlc),                    // OHLC's own interval: must not be used
                ("777.0", "9.0", OldestOhlc.AddSeconds(5)))),
            _ => throw new InvalidOperationException("no third Trades page should be read"));

        IReadOnlyList<Candle> candles = await _feed.GetHistoryAsync("XBTUSD", 1, since.AddSeconds(20));

        // Trades: 23:50, 23:52, 00:00; then OHLC 00:01 … 12:00.
        Assert.Equal(3 + 720, candles.Count);
        Assert.Equal([since, since.AddMinutes(2), OldestOhlc.AddMinutes(-1), OldestOhlc], candles.Take(4).Select(c => c.OpenTime));
        for (int i = 1; i < candles.Count; i++)
            Assert.True(candles[i].OpenTime > candles[i - 1].OpenTime, $"candle {i} is not after candle {i - 1}");
        for (int i = 3; i < candles.Count; i++)
            Assert.Equal(OldestOhlc.AddMinutes(i - 3), candles[i].OpenTime); // OHLC part: every minute, none missing

        Candle first = candles[0];
        Assert.Equal((100.0m, 102.0m, 100.0m, 101.0m, 5.0m, 3L), (first.Open, first.High, first.Low, first.Close, first.Volume, first.TradeCount));
        Assert.Equal((100.0m * 1.0m + 102.0m * 3.0m + 101.0m * 1.0m) / 5.0m, first.Vwap);
        Assert.True(first.IsClosed);
        Candle lastFromTrades = candles[2];
        Assert.Equal((98.0m, 98.5m, 98.0m, 98.5m, 1.0m, 2L),
            (lastFromTrades.Open, lastFromTrades.High, lastFromTrades.Low, lastFromTrades.Close, lastFromTrades.Volume, lastFromTrades.TradeCount));
        Assert.Equal(1000m, candles[3].Open); // OHLC row values, not the 777 trades
        Assert.True(candles[^2].IsClosed);
        Assert.False(candles[^1].IsClosed); // OHLC's newest row is the open interval

        RecordedRequest ohlc = Assert.Single(_server.RequestsTo("OHLC"));
        Assert.False(ohlc.Fields.ContainsKey("since"));
        Assert.Equal("1", ohlc.Fields["interval"]);
        RecordedRequest[] trades = _server.RequestsTo("Trades");
        Assert.Equal(2, trades.Length);
        Assert.Equal(Nanos(since) - 1, long.Parse(trades[0].Fields["since"], CultureInfo.InvariantCulture));
        Assert.Equal(Nanos(since.AddMinutes(2).AddSeconds(10)).ToString(CultureInfo.InvariantCulture), trades[1].Fields["since"]);
    }

    [Fact]
    public async Task A_start_inside_OHLCs_range_reads_no_trades()
    {
        _server.Script("OHLC", Reply.Ok(OhlcRows(OldestOhlc, 720)));

        IReadOnlyList<Candle> candles = await _feed.GetHistoryAsync("BTC/USD", 1, OldestOhlc.AddMinutes(710).AddSeconds(7));

        Assert.Equal(10, candles.Count);
        Assert.Equal(OldestOhlc.AddMinutes(710), candles[0].OpenTime);
        Assert.Empty(_server.RequestsTo("Trades"));
    }

    [Fact]
    public async Task Recent_count_beyond_720_is_completed_from_trades()
    {
        _server.Script("OHLC", Reply.Ok(OhlcRows(OldestOhlc, 720)));
        _server.ScriptDynamic("Trades",
            _ => Reply.Ok(Trades(("90.0", "1.0", OldestOhlc.AddMinutes(-2)), ("91.0", "1.0", OldestOhlc.AddMinutes(-1)), ("92.0", "1.0", OldestOhlc))));

        IReadOnlyList<Candle> candles = await _feed.GetRecentAsync("XXBTZUSD", 1, 722);

        Assert.Equal(722, candles.Count);
        Assert.Equal(OldestOhlc.AddMinutes(-2), candles[0].OpenTime);
        Assert.Equal(OldestOhlc, candles[2].OpenTime);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero), candles[^1].OpenTime);
    }

    [Fact]
    public async Task Too_many_trade_pages_stop_with_a_clear_error()
    {
        _feed.MaxTradePages = 2;
        _server.Script("OHLC", Reply.Ok(OhlcRows(OldestOhlc, 720)));
        DateTimeOffset since = OldestOhlc.AddDays(-1);
        _server.ScriptDynamic("Trades",
            _ => Reply.Ok(Trades(("90.0", "1.0", since.AddMinutes(1)))),
            _ => Reply.Ok(Trades(("90.0", "1.0", since.AddMinutes(2)))),
            _ => Reply.Ok(Trades(("90.0", "1.0", since.AddMinutes(3)))));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _feed.GetHistoryAsync("XBTUSD", 1, since));

        Assert.Contains("more than 2 pages", error.Message);
        Assert.Contains(nameof(CandlesFeed.MaxTradePages), error.Message);
    }

    [Fact]
    public async Task Unknown_pair_and_interval_are_refused_before_any_call()
    {
        await Assert.ThrowsAsync<Connector.Trading.Errors.ExchangeValidationException>(() => _feed.GetHistoryAsync("NOPE/USD", 1, Now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _feed.GetHistoryAsync("XBTUSD", 2, Now));
        Assert.Empty(_server.Requests);
    }

    private static long Nanos(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string OhlcRows(DateTimeOffset first, int count)
    {
        var rows = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            long time = first.AddMinutes(i).ToUnixTimeSeconds();
            decimal open = 1000m + i;
            if (i > 0) rows.Append(',');
            rows.Append(CultureInfo.InvariantCulture, $"[{time},\"{open}.0\",\"{open + 2}.0\",\"{open - 1}.0\",\"{open + 1}.0\",\"{open}.5\",\"1.25000000\",{i + 1}]");
        }
        long last = first.AddMinutes(count - 2).ToUnixTimeSeconds();
        return $"{{\"XXBTZUSD\":[{rows}],\"last\":{last}}}";
    }

    private static string Trades(params (string Price, string Volume, DateTimeOffset Time)[] trades)
    {
        var rows = string.Join(',', trades.Select((t, i) =>
            $"[\"{t.Price}\",\"{t.Volume}\",{Seconds(t.Time)},\"b\",\"l\",\"\",{i + 1}]"));
        string last = (Nanos(trades[^1].Time)).ToString(CultureInfo.InvariantCulture);
        return $"{{\"XXBTZUSD\":[{rows}],\"last\":\"{last}\"}}";
    }

    private static string Seconds(DateTimeOffset time) =>
        ((decimal)(time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
}
