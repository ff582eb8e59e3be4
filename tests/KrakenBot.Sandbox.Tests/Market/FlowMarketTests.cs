using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Market.Flow;
using Xunit.Abstractions;

namespace KrakenBot.Sandbox.Tests.Market;

/// <summary>
/// The seeded order-flow market on a fake clock: the same seed gives the same market, the presets go from calm to
/// volatile as they say, every book stays two-sided and on the tick, and a fresh market writes its last day.
/// </summary>
public sealed class FlowMarketTests(ITestOutputHelper output)
{
    [Fact]
    public void The_same_seed_gives_the_same_market_and_another_seed_another()
    {
        using var first = FlowMarketRun.Create(MarketPresets.Find(MarketPresets.Normal), 7, history: true, historyLength: TimeSpan.FromHours(2));
        using var again = FlowMarketRun.Create(MarketPresets.Find(MarketPresets.Normal), 7, history: true, historyLength: TimeSpan.FromHours(2));
        using var other = FlowMarketRun.Create(MarketPresets.Find(MarketPresets.Normal), 8, history: true, historyLength: TimeSpan.FromHours(2));
        foreach (var run in new[] { first, again, other }) run.Advance(TimeSpan.FromMinutes(3));

        Assert.Contains(first.Actions, a => a.Kind == FlowActionKind.History);
        Assert.Contains(first.Actions, a => a.Kind == FlowActionKind.Take);
        Assert.Equal(first.Actions, again.Actions);
        Assert.Equal(Book(first), Book(again));
        Assert.Equal(first.Btc.Read(e => e.Stats.LastPrice), again.Btc.Read(e => e.Stats.LastPrice));
        Assert.NotEqual(first.Actions, other.Actions);
        Assert.NotEqual(Book(first), Book(other));
    }

    [Fact]
    public void Presets_go_from_calm_to_volatile_as_described()
    {
        var figures = new[] { MarketPresets.Calm, MarketPresets.Normal, MarketPresets.Volatile }.Select(Measure).ToArray();
        foreach (var f in figures) output.WriteLine(f.ToString());
        var (calm, normal, wild) = (figures[0], figures[1], figures[2]);

        // BTC/USD at today's prices, a spread of about the preset's description.
        Assert.All(figures, f => Assert.InRange(f.FirstMid, 80_000m, 110_000m));
        Assert.InRange(calm.MedianSpread, 0.1, 2.0);
        Assert.InRange(normal.MedianSpread, 0.5, 4.0);
        Assert.InRange(wild.MedianSpread, 2.0, 10.0);
        Assert.True(calm.MedianSpread < normal.MedianSpread && normal.MedianSpread < wild.MedianSpread);
        Assert.True(calm.Volatility < normal.Volatility && normal.Volatility < wild.Volatility);
        Assert.True(calm.Takes < normal.Takes && normal.Takes < wild.Takes);
        Assert.True(calm.Sweeps <= normal.Sweeps && normal.Sweeps < wild.Sweeps);
        Assert.True(calm.MedianDepth > normal.MedianDepth && normal.MedianDepth > wild.MedianDepth);
        Assert.True(wild.MedianDepth > 0.2, $"volatile: {wild.MedianDepth} BTC within 0.1 % of the mid");
    }

    [Fact]
    public void Every_book_stays_two_sided_uncrossed_and_on_the_tick()
    {
        using var run = FlowMarketRun.Create(MarketPresets.Volatile, 3);
        for (var second = 0; second < 600; second++)
        {
            run.Advance(TimeSpan.FromSeconds(1));
            foreach (var engine in run.Exchange.Engines)
            {
                var book = engine.Snapshot(5);
                Assert.True(book.Bids.Length > 0 && book.Asks.Length > 0, $"{engine.Pair.Id} one-sided at {second} s");
                Assert.True(book.Bids[0].Price < book.Asks[0].Price, $"{engine.Pair.Id} crossed at {second} s: {book.Bids[0].Price} / {book.Asks[0].Price}");
                Assert.All(book.Bids.Concat(book.Asks), l => Assert.Equal(0m, l.Price % engine.Pair.TickSize));
            }
        }
        Assert.Contains(run.Actions, a => a.Kind == FlowActionKind.Sweep);
    }

    [Fact]
    public void A_fresh_market_writes_its_last_day_into_the_tape_ending_where_it_quotes()
    {
        using var run = FlowMarketRun.Create(MarketPresets.Normal, 11, history: true);
        var (last, candles, volume, first) = run.Btc.Read(e =>
        {
            var minutes = e.Stats.Candles(0);
            var sum = 0m;
            for (var i = 0; i < minutes.Count; i++) sum += minutes[i].Volume;
            return (e.Stats.LastPrice, minutes.Count, sum, DateTimeOffset.FromUnixTimeSeconds(minutes[0].Time));
        });
        var book = run.Btc.Snapshot(1);
        var mid = (book.Bids[0].Price + book.Asks[0].Price) / 2;

        Assert.True(candles >= 1400, $"{candles} one-minute candles in the last day");
        Assert.True(first <= FlowMarketRun.Start.AddHours(-23.9), $"oldest candle {first:O}");
        Assert.True(volume > 10m, $"{volume} BTC traded in a day");
        Assert.True(Math.Abs(last - mid) / mid < 0.001m, $"last {last}, mid {mid}");
        Assert.DoesNotContain(run.Actions, a => a.Kind == FlowActionKind.History && a.Time >= FlowMarketRun.Start);
    }

    private static string Book(FlowMarketRun run)
    {
        var book = run.Btc.Snapshot(40);
        return string.Join(";", book.Bids.Concat(book.Asks).Select(l => $"{l.Price}x{l.Quantity}"));
    }

    private static PresetFigures Measure(string preset)
    {
        using var run = FlowMarketRun.Create(preset, 42);
        run.Advance(TimeSpan.FromMinutes(1));
        run.Actions.Clear();
        var samples = run.Sample(TimeSpan.FromMinutes(10));
        return new PresetFigures(
            preset,
            samples[0].Mid,
            samples.Select(s => (double)s.Spread).Median(),
            samples.Select(s => (double)Math.Min(s.BidDepth, s.AskDepth)).Median(),
            Stats.RealisedVolBps(samples),
            run.Actions.Count(a => a.Kind == FlowActionKind.Take && a.PairIndex == 0),
            run.Actions.Count(a => a.Kind == FlowActionKind.Sweep && a.PairIndex == 0));
    }

    private sealed record PresetFigures(string Preset, decimal FirstMid, double MedianSpread, double MedianDepth, double Volatility, int Takes, int Sweeps);
}
