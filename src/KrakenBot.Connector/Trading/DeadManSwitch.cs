namespace KrakenBot.Connector.Trading;

/// <summary>
/// An exchange with a dead man's switch (Kraken's <c>cancel_all_orders_after</c>): while armed, the exchange cancels
/// every open order of the account if the connector stops re-arming it for <c>timeout</c> (the process died or lost its
/// connection). Paper trading accepts the call and does nothing: its orders live in this process anyway.
/// </summary>
public interface IDeadManSwitchControl
{
    /// <summary>
    /// Arms the switch and keeps it armed (re-armed every third of <paramref name="timeout"/>) until the returned lease
    /// is disposed; disposing it disarms the switch unless another lease, or the connector's own option, still holds it.
    /// </summary>
    /// <param name="timeout">Whole seconds, from 3 to under 86,400 (Kraken's range); Kraken recommends 60.</param>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is out of range.</exception>
    Task<IAsyncDisposable> ArmDeadManSwitchAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
