using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Sandbox.Limits;

/// <summary>
/// Kraken's REST call counter per API key (API.md §3.1): each call adds its cost, the counter
/// decays continuously at the tier's rate, and a call that would take it over the tier's maximum
/// is refused with <c>EAPI:Rate limit exceeded</c>.
/// </summary>
internal sealed class RestCallCounter
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private decimal _value;
    private long _updatedTicks;

    public RestCallCounter(AccountTier tier, TimeProvider time)
    {
        _time = time;
        (Maximum, DecayPerSecond) = tier switch
        {
            AccountTier.Starter => (15m, 0.33m),
            AccountTier.Intermediate => (20m, 0.5m),
            _ => (20m, 1m),
        };
        _updatedTicks = time.GetTimestamp();
    }

    public decimal Maximum { get; }
    public decimal DecayPerSecond { get; }

    /// <summary>The counter now, after decay.</summary>
    public decimal Value
    {
        get { lock (_gate) { Decay(); return _value; } }
    }

    /// <summary>Adds <paramref name="cost"/> unless that would exceed the maximum.</summary>
    public bool TryCharge(int cost)
    {
        lock (_gate)
        {
            Decay();
            if (_value + cost > Maximum) return false;
            _value += cost;
            return true;
        }
    }

    private void Decay()
    {
        var now = _time.GetTimestamp();
        var elapsed = (decimal)_time.GetElapsedTime(_updatedTicks, now).TotalSeconds;
        _updatedTicks = now;
        _value = Math.Max(0m, _value - elapsed * DecayPerSecond);
    }
}
