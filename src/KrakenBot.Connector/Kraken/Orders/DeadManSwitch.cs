using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Kraken's dead man's switch (<c>cancel_all_orders_after</c>), opt-in: re-armed every third of its timeout while the
/// connector runs, so that if the bot crashes or is cut off, Kraken cancels every open order when the timeout runs
/// out. Released on a clean stop: disarmed (timeout 0) when the connector is alone on its key, left armed while another
/// member of its fleet still needs it (<see cref="IDeadManArming"/>).
/// </summary>
internal sealed class DeadManSwitch : IAsyncDisposable
{
    private readonly IDeadManArming _arming;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public DeadManSwitch(IDeadManArming arming, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        if (timeout < TimeSpan.FromSeconds(3) || timeout >= TimeSpan.FromDays(1) || timeout.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The dead man's switch timeout is whole seconds from 3 to under 86400.");
        _arming = arming;
        _timeout = timeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>When the switch was last armed successfully.</summary>
    public DateTimeOffset? LastArmed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _arming.ArmAsync(_timeout, cancellationToken).ConfigureAwait(false);
        LastArmed = _time.GetUtcNow();
        _loop = Task.Run(() => KeepArmedAsync(_stop.Token));
    }

    private async Task KeepArmedAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_timeout / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await _arming.ArmAsync(_timeout, stop).ConfigureAwait(false);
                    LastArmed = _time.GetUtcNow();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning("Could not re-arm the dead man's switch ({Reason}); Kraken cancels all orders if this lasts {Timeout}.",
                        ex.Message, _timeout);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        try
        {
            if (!await _arming.ReleaseAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _logger.LogInformation("The dead man's switch is left armed: other members of the fleet on this key still need it.");
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Could not disarm the dead man's switch ({Reason}); it fires after {Timeout} unless re-armed.", ex.Message, _timeout);
        }
        _stop.Dispose();
    }
}
