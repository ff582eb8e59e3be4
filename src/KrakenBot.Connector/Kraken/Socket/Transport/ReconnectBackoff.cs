namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Capped exponential backoff with jitter: attempt <c>n</c> (0-based) waits
/// <c>min(max, initial·2ⁿ) · (1 − jitter·r)</c> with <c>r</c> uniform in [0, 1) from the injected random source.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Random random)
{
    public TimeSpan GetDelay(int attempt)
    {
        // 2^30 · initial exceeds any sensible cap, so clamping the exponent avoids overflow without changing results.
        double exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        double capped = Math.Min(exponential, max.TotalMilliseconds);
        double factor = 1 - jitter * random.NextDouble();
        return TimeSpan.FromMilliseconds(capped * factor);
    }
}
