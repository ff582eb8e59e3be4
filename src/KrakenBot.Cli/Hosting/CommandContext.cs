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

    /// <summary>Runs <paramref name="work"/> behind a spinner when a person is watching; silently otherwise.</summary>
    public async Task<T> BusyAsync<T>(string what, Func<Task<T>> work)
    {
        if (!Terminal.IsInteractive || Json) return await work().ConfigureAwait(false);
        T result = default!;
        await Terminal.Console.Status().StartAsync(what, async _ => result = await work().ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }
}
