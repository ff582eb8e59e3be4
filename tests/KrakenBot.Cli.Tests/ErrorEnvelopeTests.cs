using System.Net;
using System.Net.Sockets;

namespace KrakenBot.Cli.Tests;

/// <summary>Bad arguments, bad configuration and unreachable exchanges: one envelope, one exit code per category.</summary>
public sealed class ErrorEnvelopeTests
{
    private static readonly string DataDir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", "errors-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("tickr BTC-USD")]
    [InlineData("book")]
    [InlineData("book BTC-USD --depth many")]
    [InlineData("status --connector binance")]
    [InlineData("buy BTC-USD 1 --tif day")]
    [InlineData("connect coinbase")]
    public async Task Bad_arguments_are_usage_errors_with_exit_code_2(string line)
    {
        var args = line.Split(' ');
        var json = await CliProcess.RunAsync([.. args, "-o", "json", "--data-dir", DataDir]);
        Assert.Equal(2, json.ExitCode);
        var doc = json.Json();
        Assert.Equal("usage", doc.GetProperty("error").GetString());
        Assert.Contains("--help", doc.GetProperty("message").GetString());
        Assert.Equal(2, doc.EnumerateObject().Count());

        var table = await CliProcess.RunAsync([.. args, "--data-dir", DataDir]);
        Assert.Equal(2, table.ExitCode);
        Assert.Equal("", table.StdOut);
        Assert.StartsWith("error (usage):", table.StdErr);
    }

    [Fact]
    public async Task Plain_http_to_a_remote_host_is_refused_as_configuration()
    {
        var result = await CliProcess.RunAsync("status", "-o", "json", "--rest-url", "http://api.example.com", "--data-dir", DataDir);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("configuration", result.Json().GetProperty("error").GetString());
        Assert.Contains("loopback", result.Json().GetProperty("message").GetString());

        var env = await CliProcess.RunAsync(["status", "-o", "json", "--data-dir", DataDir], null,
            new Dictionary<string, string> { ["KRAKEN_WS_PUBLIC_URL"] = "ws://ws.example.com/v2" });
        Assert.Equal(3, env.ExitCode);
        Assert.Contains("WebSocketPublicUrl", env.Json().GetProperty("message").GetString());
    }

    [Fact]
    public async Task No_credentials_and_no_endpoint_says_so_and_offers_the_sandbox()
    {
        var result = await CliProcess.RunAsync("balance", "-o", "json", "--data-dir", DataDir);
        Assert.Equal(3, result.ExitCode);
        var message = result.Json().GetProperty("message").GetString()!;
        Assert.Contains("connect kraken", message);
        Assert.Contains("KRAKEN_API_KEY", message);
        Assert.Contains("--connector sandbox", message);
    }

    [Fact]
    public async Task Unreachable_exchange_is_a_network_error()
    {
        // A port that was free a moment ago: nothing listens there.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var result = await CliProcess.RunAsync("status", "-o", "json", "--rest-url", $"http://127.0.0.1:{port}", "--data-dir", DataDir);
        Assert.Equal(19, result.ExitCode);
        Assert.Equal("network", result.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var result = await CliProcess.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "status", "pairs", "ticker", "book", "trades", "candles", "connect", "balance", "buy", "sell", "cancel", "cancel-all", "orders", "history", "paper", "sandbox", "demo" })
            Assert.Contains(command, result.StdOut);
    }
}
