using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Market;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>krakenbot sandbox</c>: runs the embedded sandbox exchange in the foreground (like the sandbox program) until
/// Ctrl+C, with its state under <c>DATA_DIR/sandbox</c>. Without <c>--api-key</c> it serves the CLI's built-in account,
/// which <c>--connector sandbox</c> also uses.
/// </summary>
internal static class SandboxCommand
{
    public sealed record Options(int Port, int? WebSocketAuthPort, IReadOnlyList<string> Keys, IReadOnlyList<string> Secrets, IReadOnlyList<string> Balances,
        string Tier, int Seed, string MarketActivity, string Market, int StopAfterSeconds);

    public static async Task<int> RunAsync(CommandContext ctx, Options o, CancellationToken ct)
    {
        if (o.Port is < 0 or > 65535) throw CliException.Usage($"--port must be a TCP port number (0-65535), not {o.Port}.");
        if (o.WebSocketAuthPort is < 0 or > 65535) throw CliException.Usage($"--ws-auth-port must be a TCP port number (0-65535), not {o.WebSocketAuthPort}.");
        // Next to the main port by default, like Kraken's two hosts side by side; a free main port gets a free auth port.
        var authPort = o.WebSocketAuthPort ?? (o.Port is 0 or 65535 ? 0 : o.Port + 1);
        if (authPort == o.Port && authPort != 0) throw CliException.Usage($"--ws-auth-port must differ from --port ({o.Port}).");
        if (o.Keys.Count != o.Secrets.Count) throw CliException.Usage($"Every --api-key needs its --api-secret ({o.Keys.Count} keys, {o.Secrets.Count} secrets).");
        if (o.MarketActivity is not ("on" or "off")) throw CliException.Usage($"--market-activity must be on or off, not '{o.MarketActivity}'.");
        if (!MarketPresets.Names.Contains(o.Market)) throw CliException.Usage($"--market must be one of {string.Join(", ", MarketPresets.Names)}, not '{o.Market}'.");
        var tier = o.Tier switch
        {
            "starter" => Sandbox.Accounts.AccountTier.Starter,
            "intermediate" => Sandbox.Accounts.AccountTier.Intermediate,
            "pro" => Sandbox.Accounts.AccountTier.Pro,
            _ => throw CliException.Usage($"--tier must be starter, intermediate or pro, not '{o.Tier}'."),
        };
        var balances = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in o.Balances)
        {
            var b = PaperCommands.ParseBalance(text);
            balances[b.Asset] = balances.GetValueOrDefault(b.Asset) + b.Total;
        }
        var accounts = new List<SandboxAccount>();
        if (o.Keys.Count == 0)
        {
            var account = SandboxDefaults.Account();
            accounts.Add(balances.Count == 0 ? account : new SandboxAccount { ApiKey = account.ApiKey, ApiSecret = account.ApiSecret, Balances = balances });
        }
        for (var i = 0; i < o.Keys.Count; i++)
            accounts.Add(new SandboxAccount { ApiKey = o.Keys[i], ApiSecret = o.Secrets[i], Balances = balances.Count == 0 ? SandboxDefaults.Balances() : new Dictionary<string, decimal>(balances) });

        var dir = SandboxDefaults.DataDirectory(ctx.Settings.DataDirectory);
        Directory.CreateDirectory(dir);
        SandboxHost host;
        try
        {
            host = await SandboxHost.StartAsync(new SandboxOptions
            {
                Port = o.Port, WebSocketAuthPort = authPort, Accounts = accounts, Tier = tier, Seed = o.Seed, MarketActivity = o.MarketActivity == "on", Market = o.Market,
                DataDirectory = dir,
            }, ct);
        }
        catch (ArgumentException e) { throw CliException.Usage(e.Message); }
        catch (IOException e) { throw CliException.Configuration($"The sandbox could not start: {e.Message}"); }

        await using (host)
        {
            if (ctx.Json)
            {
                ctx.Terminal.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("rest_url", host.RestUri.GetLeftPart(UriPartial.Authority));
                    w.WriteString("ws_url", host.WebSocketUri.ToString());
                    w.WriteString("ws_auth_url", host.WebSocketAuthUri.ToString());
                    w.WriteString("ws_auth_path_url", host.WebSocketAuthPathUri.ToString());
                    w.WriteString("data_dir", dir);
                    w.WriteString("market", o.MarketActivity == "on" ? o.Market : "off");
                    w.WriteStartArray("api_keys");
                    foreach (var a in accounts) w.WriteStringValue(a.ApiKey);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }, indented: false);
            }
            else
            {
                ctx.Terminal.Out.WriteLine(host.ReadyLine);
                ctx.Terminal.Out.Flush();
                ctx.Terminal.Notice($"Market: {(o.MarketActivity == "on" ? $"{o.Market} ({MarketPresets.Describe(o.Market)}), seed {o.Seed}" : "off")}.");
                ctx.Terminal.Notice($"Sandbox state: {dir}. API keys: {string.Join(", ", accounts.Select(a => a.ApiKey))}. Point krakenbot at it with " +
                    $"--rest-url {host.RestUri.GetLeftPart(UriPartial.Authority)} --ws-url {host.WebSocketUri} --ws-auth-url {host.WebSocketAuthUri}. Ctrl+C stops it.");
            }
            try
            {
                await Task.Delay(o.StopAfterSeconds > 0 ? TimeSpan.FromSeconds(o.StopAfterSeconds) : Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException) { }
            ctx.Terminal.Notice("sandbox stopping");
        }
        return 0;
    }
}
