using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using KrakenBot.Cli.Tests;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Dashboard.Tests;

/// <summary>
/// A quiet sandbox on 127.0.0.1 whose only other trader is the test (a maker key), and the built <c>krakenbot</c> running a
/// pure market making bot on it with <c>--dashboard</c>: every fill is one the test made, so what the page must show is
/// known exactly. The dashboard's URL is read from the bot's stderr as a user reads it from the terminal.
/// </summary>
public sealed partial class SandboxBot : IAsyncDisposable
{
    public const string BotKey = "dashboard-bot";
    public const string MakerKey = "dashboard-maker";
    public static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-dashboard-test-secret-0123456789"));
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    private SandboxBot(SandboxHost sandbox, string dataDir)
    {
        Sandbox = sandbox;
        DataDir = dataDir;
        Maker = new RawKrakenClient(sandbox.RestUri, MakerKey, Secret);
        Observer = new RawKrakenClient(sandbox.RestUri, BotKey, Secret, () => (long)sandbox.LastNonce(BotKey));
    }

    public SandboxHost Sandbox { get; }
    public string DataDir { get; }

    /// <summary>The other trader: rests the book's two sides and trades against the bot's quotes.</summary>
    internal RawKrakenClient Maker { get; }

    /// <summary>Reads the bot's own account on its key (never places orders).</summary>
    internal RawKrakenClient Observer { get; }

    /// <summary>The URL the bot printed (with <c>?token=…</c> when bound beyond loopback).</summary>
    public Task<string> Url => _url.Task;

    /// <summary>Everything the bot wrote to stderr so far.</summary>
    public string StdErr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    /// <summary>Starts the sandbox, rests a bid at 59900 and an ask at 60100 (mid 60000), and starts the bot.</summary>
    /// <param name="dashboardArgs">The dashboard options, e.g. <c>--dashboard 127.0.0.1:0 --dashboard-controls</c>.</param>
    public static Task<SandboxBot> StartAsync(params string[] dashboardArgs) =>
        LaunchAsync(config => ["start", "--config", config, "--headless", .. dashboardArgs]);

    /// <summary>The same sandbox and book, and <c>krakenbot ARGS</c> (e.g. the account dashboard) on the bot's key.</summary>
    public static Task<SandboxBot> StartCommandAsync(params string[] args) => LaunchAsync(_ => args);

    private static async Task<SandboxBot> LaunchAsync(Func<string, string[]> command)
    {
        var balances = new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 5m };
        var sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret, balances); // the test is the only other trader
        var dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-dashboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var bot = new SandboxBot(sandbox, dataDir);
        try
        {
            await QuietSandbox.Expect(bot.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
            await QuietSandbox.Expect(bot.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));
            string config = Path.Combine(dataDir, "dash_bot.yml");
            // Quotes 0.01 % around mid 60000: 59994 and 60006. Checked against a fresh proposal every second.
            await File.WriteAllTextAsync(config, """
                template_version: 24
                strategy: pure_market_making
                exchange: kraken
                market: BTC-USD
                bid_spread: 0.01
                ask_spread: 0.01
                order_refresh_time: 1
                order_amount: 0.01
                filled_order_delay: 1
                """);
            bot.Start(command(config));
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>The dashboard URL, once the bot printed it (fails with the bot's output if it exits or takes too long).</summary>
    public async Task<Uri> DashboardUrlAsync()
    {
        var done = await Task.WhenAny(_url.Task, _exited.Task).WaitAsync(Patience);
        if (done != _url.Task) throw new Xunit.Sdk.XunitException($"The bot exited before serving its dashboard:\n{StdErr}");
        return new Uri(await _url.Task);
    }

    /// <summary>Waits until the bot's stderr holds <paramref name="text"/> (lines arrive one by one, after the URL's).</summary>
    public async Task UntilStdErrAsync(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!StdErr.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _exited.Task.IsCompleted) throw new Xunit.Sdk.XunitException($"The bot never printed '{text}':\n{StdErr}");
            await Task.Delay(20);
        }
    }

    /// <summary>Runs a check; its failure carries what the bot wrote and its log, so a rare failure explains itself.</summary>
    public async Task ExplainedAsync(Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception e) when (e is Microsoft.Playwright.PlaywrightException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nbot stderr:\n{StdErr}\n{LogTails.Under(DataDir, "*.log", 60)}", e);
        }
    }

    /// <summary>Waits for the bot to exit and returns its exit code (a hang fails with what it wrote and its log).</summary>
    public async Task<int> ExitAsync()
    {
        try
        {
            return await _exited.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"krakenbot did not exit within {Patience.TotalSeconds} s; stderr:\n{StdErr}\n{LogTails.Under(DataDir, "*.log", 60)}");
        }
    }

    /// <summary>Asks for Ctrl+C (SIGINT), as a user stops a foreground command.</summary>
    public void Interrupt()
    {
        if (_process is { HasExited: false } p) Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
    }

    /// <summary>The bot's open orders on the exchange, read on its own key.</summary>
    internal async Task<List<string>> OpenOrderIdsAsync()
    {
        for (int attempt = 1; ; attempt++)
        {
            var reply = await Observer.PostAsync("OpenOrders");
            // Two programs on one key race for the nonce: a refused read is simply read again.
            if (attempt < 10 && RawKrakenClient.Errors(reply) == "EAPI:Invalid nonce") continue;
            Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
            return reply.GetProperty("result").GetProperty("open").EnumerateObject().Select(o => o.Name).Order().ToList();
        }
    }

    private void Start(string[] args)
    {
        // Through env --default-signal=INT: a test run started in the background by a non-interactive shell (a CI job,
        // `cmd &`) ignores SIGINT and its children inherit that, which .NET keeps; a terminal's Ctrl+C reaches a program
        // with SIGINT at its default, so that is how the bot is started (see Interrupt).
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(CliProcess.DllPath);
        foreach (var a in (string[])["--rest-url", Sandbox.RestUri.GetLeftPart(UriPartial.Authority), "--ws-url", Sandbox.WebSocketUri.ToString(),
                     "--ws-auth-url", Sandbox.WebSocketAuthUri.ToString(), "--data-dir", DataDir, .. args])
            start.ArgumentList.Add(a);
        foreach (var name in new[] { "KRAKENBOT_PASSWORD", "KRAKENBOT_DATA_DIR", "KRAKEN_SPOT_URL", "KRAKEN_WS_PUBLIC_URL", "KRAKEN_WS_AUTH_URL" })
            start.Environment.Remove(name);
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
            start.Environment[name] = CliProcess.NoInternetProxy;
        foreach (var name in new[] { "NO_PROXY", "no_proxy" }) start.Environment[name] = "127.0.0.1,localhost";
        start.Environment["KRAKEN_API_KEY"] = BotKey;
        start.Environment["KRAKEN_API_SECRET"] = Secret;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.Add(e.Data);
            if (DashboardLine().Match(e.Data) is { Success: true } m) _url.TrySetResult(m.Groups["url"].Value);
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the output readers
            _exited.TrySetResult(process.ExitCode);
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        process.StandardInput.Close();
        _process = process;
    }

    [GeneratedRegex(@"^Dashboard \(\w+\): (?<url>http://\S+)$")]
    private static partial Regex DashboardLine();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        if (_process is not null) await _process.WaitForExitAsync();
        _process?.Dispose();
        Maker.Dispose();
        Observer.Dispose();
        await Sandbox.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
