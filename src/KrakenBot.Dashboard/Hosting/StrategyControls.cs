using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Dashboard.Hosting;

/// <summary>The controls of a running strategy: pause, resume and cancel all through its runner; stop as the host says.</summary>
/// <param name="runner">The strategy's runner.</param>
/// <param name="requestStop">Stops the bot the host's way (e.g. the CLI's orderly stop that confirms the orders are gone).</param>
public sealed class StrategyControls(StrategyRunner runner, Func<string, Task> requestStop) : IDashboardControls
{
    private const string Why = "from the dashboard";

    /// <inheritdoc />
    public async Task<string> PauseAsync(CancellationToken cancellationToken)
    {
        await runner.PauseAsync($"paused {Why}").ConfigureAwait(false);
        return "Paused: the strategy's orders are cancelled and it quotes no more until resumed.";
    }

    /// <inheritdoc />
    public async Task<string> ResumeAsync(CancellationToken cancellationToken)
    {
        await runner.ResumeAsync().ConfigureAwait(false);
        return "Resumed: the strategy quotes again.";
    }

    /// <inheritdoc />
    public async Task<string> CancelAllAsync(CancellationToken cancellationToken)
    {
        await runner.PauseAsync($"paused {Why} (cancel all)").ConfigureAwait(false);
        var pair = runner.Driver.Strategy.WatchedPairs.FirstOrDefault();
        int cancelled = await runner.Driver.Exchange.CancelAllAsync(pair, cancellationToken).ConfigureAwait(false);
        return $"Strategy paused; {cancelled} more order(s) on {pair?.ToString() ?? "every pair"} cancelled. Resume to quote again.";
    }

    /// <inheritdoc />
    public async Task<string> StopAsync(CancellationToken cancellationToken)
    {
        await requestStop($"stopped {Why}").ConfigureAwait(false);
        return "Stopping: the bot cancels its orders and exits.";
    }
}
