using KrakenBot.Cli.Output;
using Spectre.Console;

namespace KrakenBot.Cli.Hosting;

/// <summary>What a command handler gets: the streams, the merged settings and the (lazily opened) exchange session.</summary>
internal sealed class CommandContext
{
    private readonly Func<CancellationToken, Task<ConnectorSession>> _session;

    public CommandContext(Terminal terminal, CliSettings settings, Func<CancellationToken, Task<ConnectorSession>> session)
    {
        Terminal = terminal;
        Settings = settings;
        _session = session;
    }

    public Terminal Terminal { get; }
    public CliSettings Settings { get; }
    public bool Json => Settings.Json;

    /// <summary>Opens the exchange session on first use (starting the embedded sandbox for <c>--connector sandbox</c>).</summary>
    public Task<ConnectorSession> SessionAsync(CancellationToken cancellationToken) => _session(cancellationToken);

    /// <summary>
    /// How tables show amounts and prices: at the precisions of the session's markets catalog. JSON output does not
    /// need it (it keeps every digit). Formatting never fails a command: without the catalog (e.g. offline, for the paper
    /// account's balances) amounts are shown exactly.
    /// </summary>
    public async Task<DisplayFormat> DisplayAsync(CancellationToken cancellationToken)
    {
        if (Json) return DisplayFormat.Exact;
        try
        {
            return new DisplayFormat(await (await SessionAsync(cancellationToken).ConfigureAwait(false)).CatalogAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException && ErrorReporter.Classify(e).Category is "network" or "service_unavailable" or "unexpected_response" or "rate_limit")
        {
            return DisplayFormat.Exact;
        }
    }

    /// <summary>Runs <paramref name="work"/> behind a spinner when a person is watching; silently otherwise.</summary>
    public async Task<T> BusyAsync<T>(string what, Func<Task<T>> work)
    {
        if (!Terminal.IsInteractive || Json) return await work().ConfigureAwait(false);
        T result = default!;
        await Terminal.Console.Status().StartAsync(what, async _ => result = await work().ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }
}
