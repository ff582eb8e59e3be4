using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Keys;
using KrakenBot.Cli.Output;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Trading.Errors;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>connect kraken</c>: asks for the API key and secret (masked), checks the key and each permission against the
/// exchange, and only then saves them encrypted with a password. <c>connect kraken_paper_trade</c> selects paper
/// trading (in the shell) and creates the paper account when it has none.
/// </summary>
internal static class ConnectCommand
{
    // Everything the CLI's commands may use: checked once here, so a one-shot command does not spend its rate budget re-checking.
    private static readonly KrakenPermissions RequiredPermissions = KrakenPermissions.Trading;

    public static async Task<int> RunAsync(CliApp app, CommandContext ctx, string exchange, CancellationToken ct)
    {
        switch (exchange)
        {
            case ConnectorNames.Kraken: return await ConnectKrakenAsync(app, ctx, ct);
            case ConnectorNames.KrakenPaperTrade:
                // The market stays the one chosen last (Kraken's, or the sandbox's): its session, sandbox included, keeps running.
                app.SelectShellConnector(ConnectorKind.KrakenPaperTrade);
                await PaperCommands.EnsureAccountAsync(ctx, ct);
                Report(ctx, ConnectorNames.KrakenPaperTrade, null);
                return 0;
            case ConnectorNames.Sandbox:
                app.SelectShellConnector(ConnectorKind.Sandbox);
                Report(ctx, ConnectorNames.Sandbox, null);
                return 0;
            default:
                throw CliException.Usage($"Unknown exchange '{exchange}': use kraken, kraken_paper_trade or sandbox.");
        }
    }

    private static async Task<int> ConnectKrakenAsync(CliApp app, CommandContext ctx, CancellationToken ct)
    {
        var terminal = ctx.Terminal;
        var apiKey = terminal.Prompt("Enter your kraken API key >>>", secret: false)?.Trim();
        if (string.IsNullOrEmpty(apiKey)) throw CliException.Usage("No API key given: nothing was saved.");
        var secret = terminal.Prompt("Enter your kraken secret key >>>", secret: true)?.Trim();
        if (string.IsNullOrEmpty(secret)) throw CliException.Usage("No secret key given: nothing was saved.");

        KrakenCredentials credentials;
        try { credentials = new KrakenCredentials(apiKey, secret); }
        catch (ArgumentException e) { throw new CliException("authentication", e.Message + " Nothing was saved."); }

        await using var session = await ConnectorSession.OpenAsync(ctx.Settings with { Connector = ConnectorKind.Kraken }, terminal, ct);
        var client = await session.ClientForAsync(credentials, ct);
        IReadOnlyList<KrakenPermissionInfo> missing;
        try
        {
            missing = await ctx.BusyAsync("Checking the key with Kraken…", () => KrakenKeyCheck.CheckAsync(client, RequiredPermissions, ct));
        }
        catch (ExchangeAuthenticationException e)
        {
            throw new CliException("authentication", $"Kraken did not accept this API key ({e.ExchangeError ?? e.Message}). Check that you copied the key and secret exactly. Nothing was saved.", e);
        }
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing);
            throw new CliException("permission",
                $"The API key is missing {(missing.Count == 1 ? "this permission" : "these permissions")}: {names}. Enable {(missing.Count == 1 ? "it" : "them")} for the key on Kraken's API settings page and run 'connect kraken' again. Nothing was saved.");
        }

        var password = PasswordPrompt.New(ctx.Settings, terminal);
        var path = KeyFile.PathFor(ctx.Settings.DataDirectory, ConnectorNames.Kraken);
        KeyFile.Save(path, credentials.ApiKey, secret, password);
        app.SelectShellConnector(ConnectorKind.Kraken);
        await app.ResetShellSessionAsync();
        Report(ctx, ConnectorNames.Kraken, path);
        return 0;
    }

    private static void Report(CommandContext ctx, string connector, string? keyFile)
    {
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("connected", connector);
                if (keyFile is not null) w.WriteString("key_file", keyFile);
                w.WriteStartArray("permissions");
                if (keyFile is not null)
                    foreach (var p in KrakenPermissionInfo.All)
                        if (RequiredPermissions.HasFlag(p.Permission)) w.WriteStringValue(p.Code);
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }
        ctx.Terminal.Console.WriteLine($"You are now connected to {connector}.");
    }
}
