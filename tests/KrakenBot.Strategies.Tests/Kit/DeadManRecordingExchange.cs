using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Tests.Kit;

/// <summary>An exchange that forwards everything to another and records how its dead man's switch is armed and released.</summary>
internal sealed class DeadManRecordingExchange(IExchange inner) : ForwardingExchange(inner), IDeadManSwitchControl
{
    public List<string> Log { get; } = [];

    public override async Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        Log.Add("cancel " + clientOrderId);
        await Inner.CancelOrderAsync(clientOrderId, cancellationToken);
    }

    public Task<IAsyncDisposable> ArmDeadManSwitchAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Log.Add($"arm {timeout.TotalSeconds:0}s");
        return Task.FromResult<IAsyncDisposable>(new Lease(Log));
    }

    private sealed class Lease(List<string> log) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            log.Add("disarm");
            return ValueTask.CompletedTask;
        }
    }
}
