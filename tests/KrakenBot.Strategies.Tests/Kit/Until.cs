namespace KrakenBot.Strategies.Tests.Kit;

/// <summary>Waits for a condition (polling), bounded by a generous timeout that only limits a failure.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {describe()}");
            }

            await Task.Delay(5);
        }
    }
}
