using BenchmarkDotNet.Running;
using KrakenBot.Benchmarks.EndToEnd;
using KrakenBot.Benchmarks.Exchange;
using KrakenBot.Benchmarks.Replay;

namespace KrakenBot.Benchmarks;

internal static class Program
{
    /// <summary>
    /// <c>replay --file FRAMES.jsonl …</c> runs the replay benchmark; <c>exchange [--fills N]</c> runs the
    /// connector-against-sandbox measurement; <c>backtest [--records N] [--runs R]</c> the backtester's replay speed;
    /// <c>journal --postgres CONNECTION</c> journal writes and nonce values per second on SQLite and PostgreSQL;
    /// <c>journal-amend [--events 10,1000,10000]</c> the cost of journaling one amend of an order that has N events;
    /// <c>e2e --file FRAMES.jsonl</c> runs KrakenBot's and ccxt's socket clients against a loopback server
    /// (<c>e2e-client</c> is KrakenBot's side, started by it); anything else goes to BenchmarkDotNet (e.g. <c>--filter *Book*</c>,
    /// <c>--list flat</c>), which runs any [Benchmark] class in this assembly.
    /// </summary>
    /// <remarks>A named class in a namespace: the referenced Sandbox has a global top-level <c>Program</c>.</remarks>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "replay")
        {
            return ReplayCommand.Run(args.AsSpan(1));
        }
        if (args.Length > 0 && args[0] == "strategy")
        {
            return Strategy.StrategyLatencyCommand.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        if (args.Length > 0 && args[0] == "journal")
        {
            return Journal.JournalCommand.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        if (args.Length > 0 && args[0] == "journal-amend")
        {
            return Journal.OrderChangeCostCommand.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        if (args.Length > 0 && args[0] == "backtest")
        {
            return Backtest.BacktestSpeedCommand.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        if (args.Length > 0 && args[0] == "e2e")
        {
            return EndToEndCommand.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        if (args.Length > 0 && args[0] == "e2e-client")
        {
            return KrakenBotClient.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        if (args.Length > 0 && args[0] == "exchange")
        {
            return ExchangeCommand.RunAsync(args.AsSpan(1).ToArray()).GetAwaiter().GetResult();
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
