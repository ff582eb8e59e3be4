using System.Text.Json;
using KrakenBot.Sandbox;

namespace KrakenBot.Cli.Tests;

/// <summary>One bot's data directory on the sandbox, driven the way a user does: <c>krakenbot start</c> as a process,
/// <c>status</c>/<c>history</c>/<c>stop</c> from other processes, each naming the bot.</summary>
internal sealed class BotDir
{
    private readonly SandboxHost _sandbox;
    private readonly string _dataDir;
    private readonly string _botId;
    private readonly Dictionary<string, string> _env;

    public BotDir(SandboxHost sandbox, string dataDir, string botId, string apiKey, string secret)
    {
        _sandbox = sandbox;
        _dataDir = dataDir;
        _botId = botId;
        _env = new Dictionary<string, string> { ["KRAKEN_API_KEY"] = apiKey, ["KRAKEN_API_SECRET"] = secret };
        Directory.CreateDirectory(dataDir);
    }

    private string[] Endpoint() =>
        ["--rest-url", _sandbox.RestUri.GetLeftPart(UriPartial.Authority), "--ws-url", _sandbox.WebSocketUri.ToString(),
         "--ws-auth-url", _sandbox.WebSocketAuthUri.ToString(), "--data-dir", _dataDir];

    public Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync([.. Endpoint(), .. args], null, _env);

    public RunningCli Start(string config, params string[] extra) =>
        CliProcess.Start([.. Endpoint(), "start", "--config", config, "--headless", "--id", _botId, .. extra], _env);

    public async Task<JsonElement> HistoryAsync()
    {
        var result = await RunAsync("history", "--bot", _botId, "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("bots")[0].Clone();
    }

    /// <summary><c>start --config</c> with no id: a strategy group, whose members take their files' names.</summary>
    public RunningCli StartGroup(string config) => CliProcess.Start([.. Endpoint(), "start", "--config", config, "--headless"], _env);

    public Task<JsonElement> UntilStatusAsync(Func<JsonElement, bool> done, RunningCli bot, TimeSpan patience) => UntilAsync("status", done, bot, patience);

    public Task<JsonElement> UntilHistoryAsync(Func<JsonElement, bool> done, RunningCli bot, TimeSpan patience) => UntilAsync("history", done, bot, patience);

    private async Task<JsonElement> UntilAsync(string command, Func<JsonElement, bool> done, RunningCli bot, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"bot '{_botId}' exited: {await bot.WaitAsync(patience)}");
            var result = await RunAsync(command, "--bot", _botId, "-o", "json");
            last = result.ToString();
            if (result.ExitCode == 0 && result.Json().TryGetProperty("bots", out var bots) && bots.GetArrayLength() == 1 && done(bots[0]))
                return bots[0].Clone();
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"'{command} --bot {_botId}' never showed what was waited for; last:\n{last}");
    }
}
