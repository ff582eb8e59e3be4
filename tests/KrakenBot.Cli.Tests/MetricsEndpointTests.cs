using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// <c>--metrics-port</c>: a bot run as a process on the embedded sandbox serves the connector's meter in Prometheus
/// format on 127.0.0.1, scraped over HTTP with real figures (orders acknowledged, journal commits, rate-limit headroom),
/// and <c>status</c> from another process shows the key ones. A bad port is refused by name.
/// </summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // exchange, market, bid_spread, ask_spread, order_refresh_time, order_amount, ping_pong
    private const string Answers = "kraken\nBTC-USD\n0.01\n0.01\n30\n0.01\nno\n";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", "metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private string[] Embedded() => ["--connector", "sandbox", "--data-dir", _dataDir];

    [Fact]
    public async Task A_running_bot_serves_the_connector_metrics_in_prometheus_format_and_status_shows_the_key_ones()
    {
        Directory.CreateDirectory(_dataDir);
        string config = Path.Combine(_dataDir, "pmm_metrics.yml");
        var created = await CliProcess.RunAsync([.. Embedded(), "create", "pmm", "--out", config], Answers);
        Assert.True(created.ExitCode == 0, created.ToString());

        int port = FreePort();
        using var bot = CliProcess.Start([.. Embedded(), "start", "--config", config, "--headless", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // The bot quotes both sides: an order sent and acknowledged is one round trip. (Not "two": on a loaded machine an
        // acknowledgement can miss its deadline, and that order is then found by lookup, which measures no round trip.)
        var scrape = await UntilScrapeAsync(http, port, s => Value(s, "krakenbot_order_round_trip_seconds_count") >= 1, bot);
        Assert.Contains("# TYPE krakenbot_order_round_trip_seconds histogram", scrape);
        Assert.True(Value(scrape, "krakenbot_order_round_trip_seconds_sum") > 0, scrape);
        Assert.True(Value(scrape, "krakenbot_journal_commit_duration_seconds_count") > 0, scrape);
        Assert.True(Value(scrape, "krakenbot_socket_messages_total") > 0, scrape);
        // The trading counter of BTC/USD was charged for the two orders: room left is below the tier's maximum.
        var headroom = Line(scrape, "krakenbot_ratelimit_headroom{", "counter=\"trading\"");
        Assert.Contains("pair=\"BTC-USD\"", headroom);
        double left = SampleValue(headroom);
        Assert.InRange(left, 0, 124.99); // the sandbox is Intermediate: maximum 125

        var status = await UntilStatusAsync(s => s.TryGetProperty("metrics", out var m) && m.GetProperty("order_round_trip").GetProperty("count").GetInt64() >= 1, bot);
        var metrics = status.GetProperty("metrics");
        Assert.True(metrics.GetProperty("journal_commit").GetProperty("count").GetInt64() > 0);
        Assert.True(metrics.GetProperty("order_round_trip").GetProperty("mean_ms").GetDouble() > 0);
        var table = await CliProcess.RunAsync([.. Embedded(), "status"]);
        Assert.Contains("Connector: orders acknowledged", table.StdOut);

        var stop = await CliProcess.RunAsync([.. Embedded(), "stop", "--bot", "pmm_metrics"]);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        var ended = await bot.WaitAsync(Patience);
        Assert.True(ended.ExitCode == 0, ended.ToString());
    }

    [Fact]
    public async Task A_port_out_of_range_is_refused_by_name()
    {
        var result = await CliProcess.RunAsync([.. Embedded(), "status", "--metrics-port", "70000", "-o", "json"]);
        Assert.Equal("configuration", result.Json().GetProperty("error").GetString());
        Assert.Contains("--metrics-port 70000", result.Json().GetProperty("message").GetString());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> UntilScrapeAsync(HttpClient http, int port, Func<string, bool> done, RunningCli bot)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "(nothing served yet)";
        while (DateTime.UtcNow < deadline)
        {
            if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"the bot exited: {await bot.WaitAsync(Patience)}");
            try
            {
                last = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
                if (done(last)) return last;
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the bot is still starting.
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"the scrape never showed what was waited for; last:\n{last}");
    }

    private async Task<JsonElement> UntilStatusAsync(Func<JsonElement, bool> done, RunningCli bot)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"the bot exited: {await bot.WaitAsync(Patience)}");
            var result = await CliProcess.RunAsync([.. Embedded(), "status", "-o", "json"]);
            last = result.ToString();
            if (result.ExitCode == 0 && result.Json().TryGetProperty("bots", out var bots) && bots.GetArrayLength() == 1 && done(bots[0])) return bots[0].Clone();
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"'status' never showed what was waited for; last:\n{last}");
    }

    /// <summary>The one sample line starting with <paramref name="prefix"/> and containing <paramref name="containing"/>.</summary>
    private static string Line(string scrape, string prefix, string containing) =>
        scrape.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(containing, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no sample {prefix}…{containing}… in:\n{scrape}");

    /// <summary>Sum of every sample of <paramref name="metric"/> (all label sets); 0 when absent.</summary>
    private static double Value(string scrape, string metric) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith(metric + " ", StringComparison.Ordinal) || l.StartsWith(metric + "{", StringComparison.Ordinal))
            .Sum(SampleValue);

    // "name{labels} value [timestamp]" or "name value [timestamp]"
    private static double SampleValue(string line)
    {
        int end = line.Contains('{', StringComparison.Ordinal) ? line.IndexOf('}', StringComparison.Ordinal) + 1 : line.IndexOf(' ', StringComparison.Ordinal);
        return double.Parse(line[end..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
