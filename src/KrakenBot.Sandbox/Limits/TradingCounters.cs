using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Limits;

/// <summary>
/// Kraken's trading-engine counter, one per pair for an account (API.md §3.2). Adds, amends and
/// edits cost a fixed point plus an age penalty; cancels cost only the penalty, which is larger
/// the younger the order. An operation that would pass the tier's threshold is refused with
/// <c>EOrder:Rate limit exceeded</c>; cancels are never refused, but their penalty counts.
/// </summary>
internal sealed class TradingCounters
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (decimal Value, long Ticks)> _counters = [];

    public TradingCounters(AccountTier tier, TimeProvider time)
    {
        _time = time;
        (Threshold, DecayPerSecond) = tier switch
        {
            AccountTier.Starter => (60m, 1m),
            AccountTier.Intermediate => (125m, 2.34m),
            _ => (180m, 3.75m),
        };
    }

    public decimal Threshold { get; }
    public decimal DecayPerSecond { get; }

    public decimal Value(PairInfo pair)
    {
        lock (_gate) return Current(pair.Index, _time.GetTimestamp());
    }

    /// <summary>Charges <paramref name="points"/> unless the counter would pass the threshold.</summary>
    public bool TryCharge(PairInfo pair, decimal points)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var value = Current(pair.Index, now);
            if (value + points > Threshold) return false;
            _counters[pair.Index] = (value + points, now);
            return true;
        }
    }

    /// <summary>Charges unconditionally (cancel penalties).</summary>
    public void Charge(PairInfo pair, decimal points)
    {
        if (points == 0m) return;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _counters[pair.Index] = (Current(pair.Index, now) + points, now);
        }
    }

    private decimal Current(int pair, long now)
    {
        if (!_counters.TryGetValue(pair, out var entry)) return 0m;
        var elapsed = (decimal)_time.GetElapsedTime(entry.Ticks, now).TotalSeconds;
        return Math.Max(0m, entry.Value - elapsed * DecayPerSecond);
    }

    /// <summary>Cancel penalty by the order's age (exactly 5 s falls in the "&lt;10 s" bracket).</summary>
    public static decimal CancelPenalty(TimeSpan age) => age.TotalSeconds switch
    {
        < 5 => 8m,
        < 10 => 6m,
        < 15 => 5m,
        < 45 => 4m,
        < 90 => 2m,
        < 300 => 1m,
        _ => 0m,
    };

    public static decimal AmendCost(TimeSpan age) => 1m + age.TotalSeconds switch
    {
        < 5 => 3m,
        < 10 => 2m,
        < 15 => 1m,
        _ => 0m,
    };

    public static decimal EditCost(TimeSpan age) => 1m + age.TotalSeconds switch
    {
        < 5 => 6m,
        < 10 => 5m,
        < 15 => 4m,
        < 45 => 2m,
        < 90 => 1m,
        _ => 0m,
    };
}
