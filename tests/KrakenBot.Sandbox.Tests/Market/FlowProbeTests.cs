using System.Diagnostics;
using KrakenBot.Sandbox.Market.Flow;
using Xunit.Abstractions;

namespace KrakenBot.Sandbox.Tests.Market;

public sealed class FlowProbeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("calm")]
    [InlineData("normal")]
    [InlineData("volatile")]
    public void Probe(string preset)
    {
        var watch = Stopwatch.StartNew();
        using var run = FlowMarketRun.Create(preset, 42, history: true);
        output.WriteLine($"start {watch.ElapsedMilliseconds} ms, history prints {run.Actions.Count(a => a.Kind == FlowActionKind.History)}");
        run.Actions.Clear();
        run.Advance(TimeSpan.FromMinutes(5));
        var samples = run.Sample(TimeSpan.FromMinutes(60));
        output.WriteLine($"run {watch.ElapsedMilliseconds} ms");
        var spreads = samples.Select(s => (double)s.Spread).ToList();
        output.WriteLine($"spread median {spreads.Median():F2} p90 {spreads.Quantile(0.9):F2} p99 {spreads.Quantile(0.99):F2} max {spreads.Max():F2}");
        var depth = samples.Select(s => (double)Math.Min(s.BidDepth, s.AskDepth)).ToList();
        output.WriteLine($"depth(min side) median {depth.Median():F2} p10 {depth.Quantile(0.1):F2}");
        output.WriteLine($"mid first {samples[0].Mid} last {samples[^1].Mid} vol {Stats.RealisedVolBps(samples):F3} bps/sqrt s");
        var takes = run.Actions.Where(a => a.Kind == FlowActionKind.Take && a.PairIndex == 0).Select(a => (double)a.Quantity).ToList();
        output.WriteLine($"takes {takes.Count} median {takes.Median():F5} logsd {takes.Select(x => Math.Log(x)).ToList().StdDev():F3}");
        output.WriteLine($"sweeps {run.Actions.Count(a => a.Kind == FlowActionKind.Sweep && a.PairIndex == 0)} regimes {string.Join(",", run.Actions.Where(a => a.Kind == FlowActionKind.Regime).Select(a => a.Regime!.Name))}");
        output.WriteLine($"actions {run.Actions.Count} places {run.Actions.Count(a => a.Kind == FlowActionKind.Place)} trades {run.Btc.Read(e => e.Stats.Trades.Count)}");
        var ticker = run.Btc.Read(e => (e.Stats.LastPrice, e.Stats.Candles(0).Count));
        output.WriteLine($"last {ticker.LastPrice} candles {ticker.Count}");
        foreach (var e in run.Exchange.Engines)
        {
            var b = e.Snapshot(1);
            output.WriteLine($"{e.Pair.Id} bid {b.Bids[0].Price} ask {b.Asks[0].Price} ({b.Bids[0].Quantity}/{b.Asks[0].Quantity})");
        }
    }
}
