using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;
using SkiaSharp;

namespace KrakenBot.Cli.Tests;

/// <summary>status, pairs, ticker, book, trades and candles, in table and JSON mode, against one sandbox.</summary>
public sealed class MarketDataCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Status_reports_the_endpoint_and_online_in_both_formats()
    {
        var json = await sandbox.RunAsync("status", "-o", "json");
        Assert.Equal(0, json.ExitCode);
        var doc = json.Json();
        Assert.Equal("online", doc.GetProperty("status").GetString());
        Assert.Equal("kraken", doc.GetProperty("connector").GetString());
        Assert.StartsWith(sandbox.RestUrl, doc.GetProperty("rest_url").GetString());

        var table = await sandbox.RunAsync("status");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("online", table.StdOut);
        Assert.Contains(sandbox.RestUrl, table.StdOut);
    }

    [Fact]
    public async Task Endpoints_can_come_from_the_environment()
    {
        var result = await CliProcess.RunAsync(["status", "-o", "json", "--data-dir", sandbox.DataDir], null, new Dictionary<string, string>
        {
            ["KRAKEN_SPOT_URL"] = sandbox.RestUrl,
            ["KRAKEN_WS_PUBLIC_URL"] = sandbox.Host.WebSocketUri.ToString(),
            ["KRAKEN_WS_AUTH_URL"] = sandbox.Host.WebSocketAuthUri.ToString(),
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(sandbox.RestUrl, result.Json().GetProperty("rest_url").GetString());
        Assert.Equal(sandbox.Host.WebSocketUri.ToString(), result.Json().GetProperty("ws_url").GetString());
    }

    [Fact]
    public async Task Pairs_lists_every_name_form_of_each_pair()
    {
        var json = (await sandbox.RunAsync("-o", "json", "pairs")).Json();
        var btc = json.EnumerateArray().Single(p => p.GetProperty("pair").GetString() == "BTC-USD");
        Assert.Equal("XXBTZUSD", btc.GetProperty("id").GetString());
        Assert.Equal("XBTUSD", btc.GetProperty("altname").GetString());
        Assert.Equal("XBT/USD", btc.GetProperty("wsname").GetString());
        Assert.True(decimal.Parse(btc.GetProperty("tick_size").GetString()!, CultureInfo.InvariantCulture) > 0);

        var table = await sandbox.RunAsync("pairs", "--quote", "USD");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("XXBTZUSD", table.StdOut);
        Assert.Contains("ETH-USD", table.StdOut);
    }

    [Theory]
    [InlineData("BTC-USD")]
    [InlineData("BTC/USD")]
    [InlineData("XBTUSD")]
    [InlineData("XXBTZUSD")]
    [InlineData("xbt/usd")]
    public async Task Ticker_accepts_every_pair_name_form(string name)
    {
        var result = await sandbox.RunAsync("ticker", name, "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var doc = result.Json();
        Assert.Equal("BTC-USD", doc.GetProperty("pair").GetString());
        var bid = decimal.Parse(doc.GetProperty("bid").GetString()!, CultureInfo.InvariantCulture);
        var ask = decimal.Parse(doc.GetProperty("ask").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(bid > 0 && ask > bid, $"bid {bid} ask {ask}");
    }

    [Fact]
    public async Task Ticker_table_shows_bid_and_ask()
    {
        var result = await sandbox.RunAsync("ticker", "ETH/USD");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ETH-USD", result.StdOut);
        Assert.Contains("Bid", result.StdOut);
    }

    [Fact]
    public async Task Book_json_has_sorted_sides_of_the_requested_depth()
    {
        var doc = (await sandbox.RunAsync("book", "XBTUSD", "--depth", "3", "-o", "json")).Json();
        var asks = doc.GetProperty("asks").EnumerateArray().Select(Price).ToList();
        var bids = doc.GetProperty("bids").EnumerateArray().Select(Price).ToList();
        Assert.Equal(3, asks.Count);
        Assert.Equal(3, bids.Count);
        Assert.Equal(asks.Order().ToList(), asks);
        Assert.Equal(bids.OrderDescending().ToList(), bids);
        Assert.True(bids[0] < asks[0]);

        var table = await sandbox.RunAsync("order_book", "BTC-USD", "--depth", "2");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("BTC-USD order book", table.StdOut);
        Assert.Contains("spread", table.StdOut);
    }

    [Fact]
    public async Task Book_watch_writes_one_json_document_per_snapshot_when_piped()
    {
        var result = await sandbox.RunAsync("book", "BTC-USD", "--watch", "--updates", "2", "--depth", "2", "-o", "json");
        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(2, doc.RootElement.GetProperty("bids").GetArrayLength());
        }
    }

    [Fact]
    public async Task Trades_lists_recent_public_trades()
    {
        var doc = (await sandbox.RunAsync("trades", "BTC-USD", "--limit", "5", "-o", "json")).Json();
        var trades = doc.GetProperty("trades").EnumerateArray().ToList();
        Assert.InRange(trades.Count, 1, 5);
        Assert.All(trades, t => Assert.Contains(t.GetProperty("side").GetString(), new[] { "buy", "sell" }));

        var table = await sandbox.RunAsync("trades", "BTC-USD", "--limit", "3");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("recent trades", table.StdOut);
    }

    [Fact]
    public async Task Candles_chart_is_a_valid_png()
    {
        var chart = Path.Combine(sandbox.NewDataDir(), "btc.png");
        var result = await sandbox.RunAsync("candles", "BTC-USD", "--interval", "1", "--chart", chart, "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var doc = result.Json();
        Assert.Equal(Path.GetFullPath(chart), doc.GetProperty("chart").GetString());
        var candles = doc.GetProperty("candles").EnumerateArray().ToList();
        Assert.NotEmpty(candles);
        foreach (var c in candles)
        {
            decimal D(string n) => decimal.Parse(c.GetProperty(n).GetString()!, CultureInfo.InvariantCulture);
            Assert.True(D("low") <= D("open") && D("open") <= D("high") && D("low") <= D("close") && D("close") <= D("high"));
        }

        var bytes = await File.ReadAllBytesAsync(chart);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        // First chunk: IHDR, 13 bytes, with a CRC over type + data.
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(1200, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(29)), Crc32.HashToUInt32(bytes.AsSpan(12, 17)));
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(1200, bitmap.Width);
        // A chart, not a blank canvas: more than a handful of colours.
        var colours = new HashSet<SKColor>();
        for (var x = 0; x < bitmap.Width; x += 7)
            for (var y = 0; y < bitmap.Height; y += 7) colours.Add(bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 3, $"only {colours.Count} colours");
    }

    [Fact]
    public async Task Candles_table_and_since_filter()
    {
        var table = await sandbox.RunAsync("candles", "XXBTZUSD", "-i", "1", "--limit", "5");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("1-minute candles", table.StdOut);

        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var doc = (await sandbox.RunAsync("candles", "BTC-USD", "--since", future, "-o", "json")).Json();
        Assert.Empty(doc.GetProperty("candles").EnumerateArray());
    }

    [Fact]
    public async Task Bad_market_arguments_are_usage_or_validation_errors()
    {
        var unknown = await sandbox.RunAsync("ticker", "FOO-BAR", "-o", "json");
        Assert.Equal(14, unknown.ExitCode);
        Assert.Equal("validation", unknown.Json().GetProperty("error").GetString());
        Assert.Contains("FOO-BAR", unknown.Json().GetProperty("message").GetString());

        var interval = await sandbox.RunAsync("candles", "BTC-USD", "--interval", "7", "-o", "json");
        Assert.Equal(2, interval.ExitCode);
        Assert.Contains("--interval 7", interval.Json().GetProperty("message").GetString());

        var depth = await sandbox.RunAsync("book", "BTC-USD", "--depth", "0");
        Assert.Equal(2, depth.ExitCode);
        Assert.Contains("--depth", depth.StdErr);
        Assert.Equal("", depth.StdOut);
    }

    private static decimal Price(JsonElement level) => decimal.Parse(level.GetProperty("price").GetString()!, CultureInfo.InvariantCulture);
}
