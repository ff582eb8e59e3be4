using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Market.Flow;
using KrakenBot.Sandbox.Matching;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Market;

/// <summary>An order-flow market on a bare exchange and a fake clock, with every action recorded and the BTC/USD book sampled.</summary>
internal sealed class FlowMarketRun : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private FlowMarketRun(FakeTimeProvider clock, ExchangeEngine exchange, OrderFlowMarket market)
    {
        Clock = clock;
        Exchange = exchange;
        Market = market;
    }

    public FakeTimeProvider Clock { get; }
    public ExchangeEngine Exchange { get; }
    public OrderFlowMarket Market { get; }
    public List<FlowAction> Actions { get; } = [];
    public PairEngine Btc => Exchange.Engines[0];

    public static FlowMarketRun Create(MarketPreset preset, int seed, bool history = false, TimeSpan? historyLength = null)
    {
        var clock = new FakeTimeProvider(Start);
        var exchange = new ExchangeEngine(MarketCatalog.CreateDefault(), clock, seed);
        var market = new OrderFlowMarket(exchange, preset, new FlowRandomSource(seed, 1), clock, TimeSpan.FromMilliseconds(250))
        {
            WritesHistory = history,
            HistoryLength = historyLength ?? TimeSpan.FromHours(24),
        };
        var run = new FlowMarketRun(clock, exchange, market);
        market.Observer = run.Actions.Add;
        market.Start();
        return run;
    }

    public static FlowMarketRun Create(string preset, int seed, bool history = false) => Create(MarketPresets.Find(preset), seed, history);

    /// <summary>Moves the clock one timer period at a time, so the market steps as it would live.</summary>
    public void Advance(TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromMilliseconds(250)) Clock.Advance(TimeSpan.FromMilliseconds(250));
    }

    /// <summary>One BTC/USD book sample per second over <paramref name="duration"/>.</summary>
    public List<BookSample> Sample(TimeSpan duration)
    {
        var samples = new List<BookSample>();
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromSeconds(1))
        {
            Advance(TimeSpan.FromSeconds(1));
            samples.Add(BookSample.Of(Btc.Snapshot(200), Market.Regime));
        }
        return samples;
    }

    public void Dispose()
    {
        Market.Dispose();
        Exchange.Dispose();
    }
}

/// <summary>The BTC/USD book at one moment: touch, depth within 0.1 % of the mid on each side, the regime.</summary>
internal readonly record struct BookSample(decimal Bid, decimal Ask, decimal BidDepth, decimal AskDepth, VolatilityRegime Regime)
{
    public decimal Mid => (Bid + Ask) / 2;
    public decimal Spread => Ask - Bid;

    public static BookSample Of(BookSnapshot book, VolatilityRegime regime)
    {
        var bid = book.Bids[0].Price;
        var ask = book.Asks[0].Price;
        var mid = (bid + ask) / 2;
        var bidDepth = book.Bids.Where(l => l.Price >= mid * 0.999m).Sum(l => l.Quantity);
        var askDepth = book.Asks.Where(l => l.Price <= mid * 1.001m).Sum(l => l.Quantity);
        return new BookSample(bid, ask, bidDepth, askDepth, regime);
    }
}

internal static class Stats
{
    public static double Median(this IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Quantile(this IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
    }

    public static double StdDev(this IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Standard deviation of one-second log returns of the mid, in bps per square-root second.</summary>
    public static double RealisedVolBps(IReadOnlyList<BookSample> samples)
    {
        var returns = new List<double>();
        for (var i = 1; i < samples.Count; i++) returns.Add(Math.Log((double)(samples[i].Mid / samples[i - 1].Mid)) * 10_000);
        return returns.StdDev();
    }
}
