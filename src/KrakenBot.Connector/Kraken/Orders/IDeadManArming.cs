namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// How a connector's dead man's switch reaches Kraken. Kraken keeps one switch per key (<c>cancel_all_orders_after</c>
/// covers every order of the key), so a connector alone on its key arms and disarms it as it likes, while a member of a
/// fleet on the key must agree with the others (<see cref="Storage.Internal.Postgres.PostgresDeadManArbiter"/>).
/// </summary>
internal interface IDeadManArming
{
    /// <summary>Arms the switch (or re-arms it) so that it holds at least <paramref name="timeout"/> from now.</summary>
    Task ArmAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// This connector no longer needs the switch: disarms it unless another connector on the key still does. True when
    /// it was disarmed, false when it was left armed for the others.
    /// </summary>
    Task<bool> ReleaseAsync(CancellationToken cancellationToken);
}

/// <summary>A connector alone on its key: the switch is its own, armed with its timeout and disarmed (0) when it stops.</summary>
internal sealed class SoleDeadManArming(TradingChannel channel) : IDeadManArming
{
    public Task ArmAsync(TimeSpan timeout, CancellationToken cancellationToken) => channel.CancelAllOrdersAfterAsync(timeout, cancellationToken);

    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        await channel.CancelAllOrdersAfterAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
