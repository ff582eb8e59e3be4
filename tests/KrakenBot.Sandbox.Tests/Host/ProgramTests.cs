using System.Diagnostics;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Sandbox.Tests.Host;

public sealed class ProgramTests
{
    private const string DemoSecret = "a3Jha2VuYm90LWRlbW8tc2VjcmV0";

    [Fact]
    public void The_readme_command_line_parses()
    {
        var (options, error) = CommandLine.Parse(["--port", "7070", "--api-key", "demo", "--api-secret", DemoSecret, "--balance", "USD=100000", "--balance", "BTC=10"]);
        Assert.Null(error);
        Assert.Equal(7070, options!.Port);
        Assert.Equal(7071, options.WebSocketAuthPort);
        var account = Assert.Single(options.Accounts);
        Assert.Equal("demo", account.ApiKey);
        Assert.Equal(100000m, account.Balances["USD"]);
        Assert.Equal(10m, account.Balances["BTC"]);
        Assert.Equal(AccountTier.Intermediate, options.Tier);
        Assert.True(options.MarketActivity);
        Assert.Equal("classic", options.Market);
    }

    [Fact]
    public void Several_accounts_and_every_option()
    {
        var (options, error) = CommandLine.Parse(["--api-key", "a", "--api-secret", DemoSecret, "--api-key", "b", "--api-secret", DemoSecret,
            "--tier", "pro", "--seed", "9", "--market-activity", "off", "--market", "volatile", "--data-dir", "/tmp/x", "--port", "0"]);
        Assert.Null(error);
        Assert.Equal(["a", "b"], options!.Accounts.Select(a => a.ApiKey).ToArray());
        Assert.Equal(AccountTier.Pro, options.Tier);
        Assert.Equal(9, options.Seed);
        Assert.False(options.MarketActivity);
        Assert.Equal("volatile", options.Market);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(0, options.WebSocketAuthPort);
    }

    [Fact]
    public void The_private_websocket_port_can_be_chosen_but_not_shared_with_the_main_port()
    {
        Assert.Equal(9000, CommandLine.Parse(["--api-key", "a", "--api-secret", DemoSecret, "--ws-auth-port", "9000"]).Options!.WebSocketAuthPort);
        Assert.Contains("must differ from --port", CommandLine.Parse(["--api-key", "a", "--api-secret", DemoSecret, "--port", "7100", "--ws-auth-port", "7100"]).Error);
    }

    [Theory]
    [InlineData("--port", "seventy", "--port")]
    [InlineData("--ws-auth-port", "70000", "--ws-auth-port")]
    [InlineData("--tier", "gold", "--tier")]
    [InlineData("--balance", "USD", "--balance")]
    [InlineData("--balance", "USD=-5", "--balance")]
    [InlineData("--market-activity", "maybe", "--market-activity")]
    [InlineData("--market", "wild", "--market must be one of classic, calm, normal, volatile")]
    [InlineData("--api-secret", "not base64!", "--api-secret")]
    [InlineData("--frobnicate", "1", "unknown argument")]
    public void Bad_arguments_are_named(string name, string value, string expectedInMessage)
    {
        var (options, error) = CommandLine.Parse(["--api-key", "a", "--api-secret", DemoSecret, name, value]);
        Assert.Null(options);
        Assert.Contains(expectedInMessage, error);
        Assert.DoesNotContain(DemoSecret, error);
    }

    [Fact]
    public void Keys_and_secrets_must_pair_up()
    {
        Assert.Contains("--api-key", CommandLine.Parse([]).Error);
        Assert.Contains("needs its --api-secret", CommandLine.Parse(["--api-key", "a"]).Error);
        Assert.Contains("different", CommandLine.Parse(["--api-key", "a", "--api-secret", DemoSecret, "--api-key", "a", "--api-secret", DemoSecret]).Error);
    }

    [Fact]
    public void The_secret_never_shows_in_an_account_description()
    {
        var account = new SandboxAccount { ApiKey = "demo", ApiSecret = DemoSecret };
        Assert.DoesNotContain(DemoSecret, account.ToString());
    }

    [Fact]
    public async Task A_port_in_use_fails_to_start_and_frees_everything()
    {
        await using var first = await SandboxHost.StartAsync(new SandboxOptions { Accounts = [new SandboxAccount { ApiKey = "k", ApiSecret = DemoSecret }] });
        var options = new SandboxOptions { Port = first.RestUri.Port, Accounts = [new SandboxAccount { ApiKey = "k", ApiSecret = DemoSecret }] };
        await Assert.ThrowsAnyAsync<IOException>(() => SandboxHost.StartAsync(options));
    }

    [Fact]
    public async Task Bad_account_settings_are_named()
    {
        var badSecret = new SandboxOptions { Accounts = [new SandboxAccount { ApiKey = "k", ApiSecret = "%%%" }] };
        Assert.Contains("not valid base64", (await Assert.ThrowsAsync<ArgumentException>(() => SandboxHost.StartAsync(badSecret))).Message);
        var badAsset = new SandboxOptions { Accounts = [new SandboxAccount { ApiKey = "k", ApiSecret = DemoSecret, Balances = new Dictionary<string, decimal> { ["GOLD"] = 1m } }] };
        Assert.Contains("Unknown asset 'GOLD'", (await Assert.ThrowsAsync<ArgumentException>(() => SandboxHost.StartAsync(badAsset))).Message);
        var tooPrecise = new SandboxOptions { Accounts = [new SandboxAccount { ApiKey = "k", ApiSecret = DemoSecret, Balances = new Dictionary<string, decimal> { ["USD"] = 1.00001m } }] };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SandboxHost.StartAsync(tooPrecise));
    }

    private static Process Launch(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "KrakenBot.Sandbox.dll");
        // A process started in the background by a non-interactive shell (a CI job, `cmd &`) ignores SIGINT, and its
        // children inherit that; .NET rightly keeps an inherited SIG_IGN for SIGINT. The program is started with
        // SIGINT at its default, as a terminal would, so the test checks the program and not how the test was started.
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task The_program_prints_the_ready_line_serves_and_stops_on_a_signal(string signal)
    {
        using var process = Launch("--port", "0", "--api-key", "demo", "--api-secret", DemoSecret, "--balance", "USD=100000", "--balance", "BTC=10", "--market-activity", "off");
        // stderr is read all along: a pipe nobody reads can fill and block the program's writes (its shutdown too).
        var stderr = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.NotNull(line);
        var match = System.Text.RegularExpressions.Regex.Match(line!,
            @"^sandbox ready rest=http://127\.0\.0\.1:(\d+) ws=ws://127\.0\.0\.1:\1/v2 ws-auth=(ws://127\.0\.0\.1:(\d+)/v2) ws-auth-path=ws://127\.0\.0\.1:\1/v2-auth$");
        Assert.True(match.Success, line);
        Assert.NotEqual(match.Groups[1].Value, match.Groups[3].Value);

        // The private WebSocket address from the ready line accepts a connection and greets it like Kraken.
        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri(match.Groups[2].Value), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
            var buffer = new byte[4096];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal("status", JsonDocument.Parse(buffer.AsMemory(0, received.Count)).RootElement.GetProperty("channel").GetString());
        }

        using var http = new HttpClient();
        var time = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{match.Groups[1].Value}/0/public/Time")).RootElement;
        Assert.Empty(time.GetProperty("error").EnumerateArray());

        Assert.Equal(0, Kill(process.Id, signal));
        var rest = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill();
            Assert.Fail($"The sandbox did not stop within 2 minutes of SIG{signal}. stdout: {await rest} stderr: {await stderr}");
        }
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("sandbox stopping", await stderr);
    }

    [Fact]
    public async Task Bad_arguments_exit_with_code_2()
    {
        using var process = Launch("--api-key", "demo", "--api-secret", DemoSecret, "--tier", "platinum");
        var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--tier must be starter, intermediate or pro", stderr);
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
