namespace KrakenBot.Connector.PaperTrade;

// Good-till-date orders: a timer per resting order, expiring it on the work loop.
public sealed partial class PaperExchange
{
    private void ArmExpiry(string clientOrderId, DateTimeOffset expiry)
    {
        var due = expiry - _time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            Post(PaperWork.Of(() => ExpireAsync(clientOrderId)));
            return;
        }

        var timer = _time.CreateTimer(_ => Post(PaperWork.Of(() => ExpireAsync(clientOrderId))), null, due, Timeout.InfiniteTimeSpan);
        if (_expiryTimers.TryRemove(clientOrderId, out var old))
        {
            old.Dispose();
        }

        _expiryTimers[clientOrderId] = timer;
    }
}
