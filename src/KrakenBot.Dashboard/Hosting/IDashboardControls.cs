namespace KrakenBot.Dashboard.Hosting;

/// <summary>What the dashboard's buttons do (only when controls are enabled). Each returns a line for the page.</summary>
public interface IDashboardControls
{
    /// <summary>Pauses the strategy: its orders are cancelled and it stops quoting.</summary>
    Task<string> PauseAsync(CancellationToken cancellationToken);

    /// <summary>Resumes quoting after a pause.</summary>
    Task<string> ResumeAsync(CancellationToken cancellationToken);

    /// <summary>Cancels every open order on the dashboard's pair (pausing the strategy first, so it does not quote again).</summary>
    Task<string> CancelAllAsync(CancellationToken cancellationToken);

    /// <summary>Stops the bot (its orders cancelled) the way <c>krakenbot stop</c> does.</summary>
    Task<string> StopAsync(CancellationToken cancellationToken);
}
