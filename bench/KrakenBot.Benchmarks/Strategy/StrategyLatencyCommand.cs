using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Benchmarks.Strategy;

/// <summary>
/// Reaction time of pure market making on the live connector, in process against the sandbox on 127.0.0.1: from the
/// moment the last byte of a public book frame that moves the reference price is read off the socket to the moment the
/// <c>amend_order</c> request is written to the private socket (socket read → parse, apply, checksum → book changed →
/// host loop → PMM proposal, tolerance, diff → AmendOrderAsync → validation, trading counter → WebSocket write).
/// A maker account moves the mid by adding and cancelling a bid inside the spread; PMM (1 level, tolerance 0) amends
/// both quotes each time. The clock of the sandbox and the connector is shifted 20 s ahead between moves so trading
/// counters decay (10,000 amends in a minute would otherwise be throttled, which is the point of the counter).
/// Usage: <c>dotnet run -c Release --project bench/KrakenBot.Benchmarks -- strategy [--moves 10000] [--warmup 200] [--gap-ms 5]</c>.
/// </summary>
internal static class StrategyLatencyCommand
{
    private const decimal MakerBid = 59990m;
    private const decimal MakerAsk = 60010m;
    private const decimal MoverBid = 59995m;

    public static async Task<int> RunAsync(string[] args)
    {
        int moves = IntArg(args, "--moves", 10_000);
        int warmup = IntArg(args, "--warmup", 200);
        int gapMs = IntArg(args, "--gap-ms", 5);
        string directory = Path.Combine(Path.GetTempPath(), "krakenbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var clock = new ShiftedClock(shiftTimestamps: false);
        var sandboxClock = new ShiftedClock(shiftTimestamps: true);
        var trader = NewAccount("trader", new() { ["USD"] = 1_000_000m, ["BTC"] = 10m });
        var maker = NewAccount("maker", new() { ["USD"] = 10_000_000m, ["BTC"] = 100m });
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Tier = AccountTier.Pro, Accounts = [trader.Account, maker.Account], TimeProvider = sandboxClock,
        });
        var kraken = new KrakenOptions
        {
            RestBaseUrl = sandbox.RestUri, WebSocketPublicUrl = sandbox.WebSocketUri, WebSocketAuthUrl = sandbox.WebSocketAuthUri, Tier = KrakenTier.Pro,
        };
        using var http = new HttpClient();
        var makerRest = new KrakenRestClient(http, kraken, new NonceSource(TimeProvider.System, new InMemoryNonceStore()),
            new RestRateBudget(KrakenTier.Pro, clock), clock, NullLogger.Instance, maker.Credentials);
        await Limit(makerRest, KrakenSide.Buy, MakerBid);
        await Limit(makerRest, KrakenSide.Sell, MakerAsk);

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var timing = new TimingConnector();
        await using var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = kraken, Credentials = trader.Credentials, JournalPath = Path.Combine(directory, "journal.db"), TimeProvider = clock,
            ReconcileInterval = TimeSpan.FromMinutes(10), LoggerFactory = logging, WebSocketConnector = timing,
        });
        await exchange.StartAsync();
        var pair = new TradingPair("BTC", "USD");
        var strategy = new PureMarketMaking(new PureMarketMakingConfig
        {
            Market = pair, BidSpread = 0.001m, AskSpread = 0.001m, OrderAmount = 0.001m, OrderRefreshTime = TimeSpan.FromSeconds(1),
            OrderRefreshTolerance = 0m,
        });
        var driver = new StrategyDriver(exchange, strategy,
            new StrategyHostOptions { StrategyId = "bench", DeadManSwitchTimeout = null, TickInterval = TimeSpan.FromSeconds(1) },
            new JournalStrategyStateStore(exchange.Journal!), clock, logging.CreateLogger("strategy"));
        long changedAt = 0;
        var view = await exchange.WatchOrderBookAsync(pair);
        view.Changed += (_, _) =>
        {
            if (Volatile.Read(ref timing.BookFrameAt) != 0 && Volatile.Read(ref changedAt) == 0)
            {
                Volatile.Write(ref changedAt, Stopwatch.GetTimestamp());
            }
        };
        await using var runner = new StrategyRunner(driver, clock, logging.CreateLogger("runner"));
        await runner.StartAsync();
        await WaitAsync(() => exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 2, "two quotes resting");

        var changed = new double[moves];
        var first = new double[moves];
        var second = new double[moves];
        var firstAllocated = new List<double>(moves); // bytes, when the frame and the amend were on one thread
        var firstOnCpu = new List<double>(moves); // microseconds on a core, likewise
        var withCollection = new List<double>();
        var withJit = new List<double>();
        string? moverTxid = null;
        var total = Stopwatch.StartNew();
        for (int move = -warmup; move < moves; move++)
        {
            // Let the previous move's echoes (our amended quotes' own book updates, executions) pass: one frame, quiet loop.
            await Task.Delay(gapMs);
            ShiftedClock.Jump(TimeSpan.FromSeconds(20));
            int before;
            lock (timing.AmendsWritten)
            {
                before = timing.AmendsWritten.Count;
            }

            Volatile.Write(ref timing.BookFrameAt, 0);
            Volatile.Write(ref changedAt, 0);

            timing.Needle = Encoding.ASCII.GetBytes(MoverBid.ToString(CultureInfo.InvariantCulture));
            if (moverTxid is null)
            {
                moverTxid = await Limit(makerRest, KrakenSide.Buy, MoverBid);
            }
            else
            {
                await makerRest.CancelOrderAsync(moverTxid);
                moverTxid = null;
            }

            decimal mid = moverTxid is null ? (MakerBid + MakerAsk) / 2 : (MoverBid + MakerAsk) / 2;
            decimal buy = decimal.Floor(mid * 0.999m * 10) / 10;
            await timing.AmendsWrittenAsync(before + 2).WaitAsync(TimeSpan.FromSeconds(30));
            await WaitAsync(() => exchange.OpenOrders.Count(o => o.State == OrderState.Open && o.Request.Side == OrderSide.Buy && o.Request.Price == buy) == 1
                                  && driver.Orders.InFlight == 0,
                $"the amends of move {move} acknowledged");
            if (move >= 0)
            {
                long frame = Volatile.Read(ref timing.BookFrameAt);
                var frameMark = timing.BookFrameMark;
                changed[move] = Micros(Volatile.Read(ref changedAt) - frame);
                AmendWrite one, two;
                lock (timing.AmendsWritten)
                {
                    (one, two) = (timing.AmendsWritten[before], timing.AmendsWritten[before + 1]);
                }

                first[move] = Micros(one.At - frame);
                second[move] = Micros(two.At - frame);
                if (one.Mark.Thread == frameMark.Thread)
                {
                    firstAllocated.Add(one.Mark.ThreadAllocated - frameMark.ThreadAllocated);
                    firstOnCpu.Add((one.Mark.ThreadCpuNanos - frameMark.ThreadCpuNanos) / 1000.0);
                }

                if (one.Mark.Collections != frameMark.Collections) withCollection.Add(first[move]);
                if (one.Mark.JitCompiled != frameMark.JitCompiled) withJit.Add(first[move]);
            }
        }

        Console.WriteLine(FormattableString.Invariant($"{moves} moves (+{warmup} warm-up) in {total.Elapsed.TotalSeconds:0.0} s; amends {strategy.Amends}, cancels {strategy.Cancels}, stretched {strategy.RefreshesStretched}"));
        Report("book frame read -> book view Changed raised (parse, apply, checksum)", changed);
        Report("book frame read -> first amend_order written", first);
        Report("book frame read -> second amend_order written", second);
        Report("book frame read -> first amend_order written, on-CPU time of the reacting thread", [.. firstOnCpu]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first amend: {firstAllocated.Count} on the frame's thread, allocating p50={Percentile(Sorted(firstAllocated), 0.5):0} max={(firstAllocated.Count == 0 ? 0 : firstAllocated.Max()):0} bytes; " +
            $"{withCollection.Count} with a GC inside (p50={Percentile(Sorted(withCollection), 0.5):0.0} us), {withJit.Count} with a JIT compile inside (p50={Percentile(Sorted(withJit), 0.5):0.0} us)"));
        await runner.StopAsync();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static void Report(string what, double[] micros)
    {
        Array.Sort(micros);
        Console.WriteLine(FormattableString.Invariant(
            $"{what}: n={micros.Length} p50={Percentile(micros, 0.50):0.0} p90={Percentile(micros, 0.90):0.0} p99={Percentile(micros, 0.99):0.0} p99.9={Percentile(micros, 0.999):0.0} max={micros[^1]:0.0} us"));
    }

    private static double[] Sorted(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<string> Limit(KrakenRestClient rest, KrakenSide side, decimal price)
    {
        var result = await rest.AddOrderAsync(new KrakenOrderRequest { Pair = "XBTUSD", Side = side, OrderType = KrakenOrderType.Limit, Volume = 1m, Price = price });
        return result.TxIds[0];
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("Gave up waiting for " + what);
            await Task.Delay(1);
        }
    }

    private static (SandboxAccount Account, KrakenCredentials Credentials) NewAccount(string name, Dictionary<string, decimal> balances)
    {
        string key = $"{name}-{Guid.NewGuid():N}";
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        return (new SandboxAccount { ApiKey = key, ApiSecret = secret, Balances = balances }, new KrakenCredentials(key, secret));
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
