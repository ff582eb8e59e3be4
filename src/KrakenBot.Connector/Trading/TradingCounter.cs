namespace KrakenBot.Connector.Trading;

/// <summary>
/// An exchange that models Kraken's per-pair trading rate counter (shared by REST, WebSocket and FIX): each add,
/// amend or cancel adds to it, it decays continuously, and a request that would take it over its maximum is refused by
/// Kraken with <c>EOrder:Rate limit exceeded</c>. A strategy reads the headroom to pace itself instead of waiting on
/// the counter. Implemented by the live connector (its model of the real counter) and by paper trading (the same
/// model, charged by simulated requests).
/// </summary>
public interface ITradingRateCounter
{
    /// <summary>The pair's counter now, as modelled (requests already waiting on it are included).</summary>
    TradingCounterReading GetTradingCounter(TradingPair pair);
}

/// <summary>One reading of a pair's trading counter.</summary>
/// <param name="Level">Points on the counter now (may exceed <paramref name="Max"/> after an oversized batch cancel).</param>
/// <param name="Max">The most the counter may hold (60 / 125 / 180 for Starter / Intermediate / Pro).</param>
/// <param name="DecayPerSecond">How many points it loses per second.</param>
public readonly record struct TradingCounterReading(decimal Level, decimal Max, decimal DecayPerSecond)
{
    /// <summary>Points that can be spent now without waiting (never negative).</summary>
    public decimal Headroom => Level >= Max ? 0m : Max - Level;

    /// <summary>How long until a transaction of <paramref name="cost"/> fits (zero when it fits now).</summary>
    public TimeSpan TimeUntilFits(decimal cost)
    {
        decimal excess = Level + Math.Min(cost, Max) - Max;
        return excess <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)decimal.Ceiling(excess / DecayPerSecond * TimeSpan.TicksPerSecond));
    }
}
