using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Backtest.Replay;

/// <summary>What a backtest replays and under which conditions.</summary>
public sealed record BacktestOptions
{
    /// <summary>The recording's directory (<c>krakenbot record --out</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Replay from this arrival time (inclusive); the recording's start when null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Replay until this arrival time (exclusive); the recording's end when null.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The simulated account's balances at the start.</summary>
    public IReadOnlyDictionary<string, decimal> StartingBalances { get; init; } = new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 0.2m };

    /// <summary>Maker fee in percent (Kraken's Starter tier: 0.25).</summary>
    public decimal MakerFeePercent { get; init; } = 0.25m;

    /// <summary>Taker fee in percent (Kraken's Starter tier: 0.40).</summary>
    public decimal TakerFeePercent { get; init; } = 0.40m;

    /// <summary>
    /// Time from an order, amend or cancel to the exchange acting on it (the paper matching model's latency). At least
    /// 1 ms: the replay moves the clock, so actions land between market events in one order only.
    /// </summary>
    public TimeSpan OrderLatency { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often equity, mid and inventory are sampled for the report and picture (simulated time); null: about 600
    /// samples over the replayed span, at least 1 s apart.
    /// </summary>
    public TimeSpan? SampleInterval { get; init; }

    /// <summary>Checks the values; throws naming the first bad one.</summary>
    /// <exception cref="ExchangeValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ExchangeValidationException("Name the recording's directory (--data DIR).");
        if (!Directory.Exists(DataDirectory)) throw new ExchangeValidationException($"The recording directory '{DataDirectory}' does not exist: record one with 'krakenbot record'.");
        if (From is { } from && To is { } to && to <= from) throw new ExchangeValidationException($"--to ({to:O}) must come after --from ({from:O}).");
        if (MakerFeePercent is < 0 or > 5) throw new ExchangeValidationException($"The maker fee is {MakerFeePercent} %: it must be between 0 and 5 %.");
        if (TakerFeePercent is < 0 or > 5) throw new ExchangeValidationException($"The taker fee is {TakerFeePercent} %: it must be between 0 and 5 %.");
        if (OrderLatency < TimeSpan.FromMilliseconds(1) || OrderLatency > TimeSpan.FromSeconds(10))
            throw new ExchangeValidationException($"The order latency is {OrderLatency.TotalMilliseconds} ms: it must be between 1 ms and 10 s.");
        if (SampleInterval is { } sample && sample < TimeSpan.FromSeconds(1)) throw new ExchangeValidationException("The sample interval must be at least 1 s.");
    }
}
