using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Benchmarks.Exchange;

/// <summary>
/// Measures the connector against an in-process sandbox on 127.0.0.1 (Pro tier):
/// <list type="number">
/// <item>Fill latency: from an <c>executions</c> frame reaching the connector to the <see cref="FillRecorded"/> event,
/// journal write (SQLite, synchronous=FULL) included, p50/p99 over N fills (default 10,000): makers rest N asks, the
/// connector takes them with market orders of 100 fills each.</item>
/// <item>Order throughput: resting orders placed as fast as the caller can, acknowledged per second, first as a burst
/// (the trading counter is empty) and then sustained (the counter decays 3.75/s per pair on Pro), with no rate-limit
/// error.</item>
/// </list>
/// Usage: <c>dotnet run -c Release --project bench/KrakenBot.Benchmarks -- exchange [--fills 10000] [--sustain-seconds 20]</c>.
/// </summary>
internal static class ExchangeCommand
{
    private const int AsksPerMaker = 170;   // under the Pro trading counter (180): makers never wait
    private const int FillsPerOrder = 100;
    private const decimal Lot = 0.0001m;

    public static async Task<int> RunAsync(string[] args)
    {
        int fills = IntArg(args, "--fills", 10_000);
        int sustainSeconds = IntArg(args, "--sustain-seconds", 20);
        int makers = (fills + AsksPerMaker - 1) / AsksPerMaker;
        string directory = Path.Combine(Path.GetTempPath(), "krakenbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        var trader = NewAccount("trader", new() { ["USD"] = 100_000_000m, ["BTC"] = 10m });
        var makerAccounts = Enumerable.Range(0, makers).Select(i => NewAccount($"maker{i}", new() { ["BTC"] = 10m, ["USD"] = 1_000m })).ToList();
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Tier = AccountTier.Pro,
            Accounts = [trader.Account, .. makerAccounts.Select(m => m.Account)],
        });
        var kraken = new KrakenOptions
        {
            RestBaseUrl = sandbox.RestUri, WebSocketPublicUrl = sandbox.WebSocketUri, WebSocketAuthUrl = sandbox.WebSocketAuthUri,
            Tier = KrakenTier.Pro,
        };

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        Console.WriteLine($"sandbox {sandbox.RestUri}, {makers} maker accounts, {fills} fills, journal in {directory}");
        await using var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = kraken, Credentials = trader.Credentials, JournalPath = Path.Combine(directory, "journal.db"),
            ReconcileInterval = TimeSpan.FromMinutes(10),
            LoggerFactory = logging,
        });
        await exchange.StartAsync();

        // Throughput first, while every pair's trading counter is empty.
        await MeasureThroughputAsync(exchange, sustainSeconds);

        await RestAsksAsync(kraken, makerAccounts, fills);
        var (arrival, processing) = await MeasureFillLatencyAsync(exchange, fills);
        Report("fill latency, frame arrival -> FillRecorded (queueing behind earlier frames included)", arrival);
        Report("fill latency, start of applying the frame -> FillRecorded (parse, journal write, event)", processing);
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static async Task RestAsksAsync(KrakenOptions kraken, List<(SandboxAccount Account, KrakenCredentials Credentials)> makers, int fills)
    {
        using var http = new HttpClient();
        int left = fills;
        var tasks = new List<Task>();
        foreach (var maker in makers)
        {
            int count = Math.Min(AsksPerMaker, left);
            left -= count;
            var rest = new KrakenRestClient(http, kraken, new NonceSource(TimeProvider.System, new InMemoryNonceStore()),
                new RestRateBudget(KrakenTier.Pro, TimeProvider.System), TimeProvider.System, NullLogger.Instance, maker.Credentials);
            tasks.Add(Task.Run(async () =>
            {
                for (int i = 0; i < count; i++)
                    await rest.AddOrderAsync(new KrakenOrderRequest
                    {
                        Pair = "XBTUSD", Side = KrakenSide.Sell, OrderType = KrakenOrderType.Limit, Volume = Lot, Price = 60000m,
                    });
            }));
        }
        await Task.WhenAll(tasks);
    }

    private static void Report(string what, double[] latencies)
    {
        Array.Sort(latencies);
        Console.WriteLine(FormattableString.Invariant(
            $"{what}: n={latencies.Length} p50={Percentile(latencies, 0.50):0.000} ms p99={Percentile(latencies, 0.99):0.000} ms max={latencies[^1]:0.000} ms"));
    }

    private static async Task<(double[] Arrival, double[] Processing)> MeasureFillLatencyAsync(KrakenSpotExchange exchange, int fills)
    {
        var mapper = exchange.ExecutionMapper;
        var latencies = new double[fills];
        var processing = new double[fills];
        int seen = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Raised on the frame pump, right after the fill is journaled and published: now - frame arrival is the latency.
        // (EventRaised handlers run on their own delivery task, so they would measure that hop as well.)
        Action<Fill> onFill = _ =>
        {
            long now = Stopwatch.GetTimestamp();
            int index = Interlocked.Increment(ref seen) - 1;
            if (index < latencies.Length)
            {
                latencies[index] = (now - mapper.CurrentFrameTimestamp) * 1000.0 / Stopwatch.Frequency;
                processing[index] = (now - mapper.CurrentFrameStartedAt) * 1000.0 / Stopwatch.Frequency;
            }
            if (index == latencies.Length - 1) done.TrySetResult();
        };
        mapper.FillApplied += onFill;
        var started = Stopwatch.StartNew();
        // One taker order at a time: 100 fills is a burst of some 300 messages (executions and balances). All at once,
        // 10,000 fills would overflow the sandbox's per-client send queue, which then drops the client as too slow.
        for (int placed = 0; placed < fills; placed += FillsPerOrder)
        {
            int count = Math.Min(FillsPerOrder, fills - placed);
            await exchange.PlaceOrderAsync(OrderRequest.Market(new TradingPair("BTC", "USD"), OrderSide.Buy, count * Lot));
            while (Volatile.Read(ref seen) < placed + count) await Task.Delay(1);
        }
        await done.Task.WaitAsync(TimeSpan.FromMinutes(15));
        mapper.FillApplied -= onFill;
        Console.WriteLine(FormattableString.Invariant($"{fills} fills recorded ({fills / FillsPerOrder} market orders, one after the other) in {started.Elapsed.TotalSeconds:0.0} s ({fills / started.Elapsed.TotalSeconds:0} fills/s)"));
        return (latencies, processing);
    }

    private static async Task MeasureThroughputAsync(KrakenSpotExchange exchange, int sustainSeconds)
    {
        TradingPair[] pairs = [new("BTC", "USD"), new("ETH", "USD"), new("SOL", "USD"), new("DOGE", "USD")];
        decimal[] prices = [30000m, 1500m, 75m, 0.07m];
        decimal[] amounts = [0.0001m, 0.002m, 0.02m, 13m];
        decimal[] ticks = [0.1m, 0.01m, 0.01m, 0.0000001m];
        await Task.Yield();
        var ackTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        int failures = 0;
        EventHandler<ExchangeEvent> onEvent = (_, e) =>
        {
            if (e is OrderCancelled) lock (ackTimes) ackTimes.Add(clock.Elapsed.TotalSeconds);
            if (e is OrderFailed) Interlocked.Increment(ref failures);
        };
        exchange.EventRaised += onEvent;

        // IOC limit orders far from the market: each costs 1 on its pair's counter and ends at once (nothing rests, so the
        // open-orders limit does not interfere). Counted when Kraken reports them done.
        // Burst: 180 per pair fits the empty counters; then enough to keep every pair's counter busy for the window.
        int perPair = 180 + (int)Math.Ceiling(3.75 * sustainSeconds) + 10;
        for (int i = 0; i < perPair; i++)
            for (int p = 0; p < pairs.Length; p++)
                await exchange.PlaceOrderAsync(OrderRequest.Limit(pairs[p], OrderSide.Buy, amounts[p], prices[p] - i * ticks[p], TimeInForce.Ioc));
        double placedAt = clock.Elapsed.TotalSeconds;

        int burst = 180 * pairs.Length;
        while (Count(ackTimes) < burst) await Task.Delay(10);
        double burstEnd = Snapshot(ackTimes)[burst - 1];
        await Task.Delay(TimeSpan.FromSeconds(sustainSeconds));
        var acks = Snapshot(ackTimes);
        double windowEnd = burstEnd + sustainSeconds;
        int inWindow = acks.Count(t => t > burstEnd && t <= windowEnd);
        exchange.EventRaised -= onEvent;

        Console.WriteLine(FormattableString.Invariant(
            $"orders (IOC, never crossing): {perPair * pairs.Length} placed (returned to the caller) in {placedAt:0.000} s; burst: {burst} done on Kraken in {burstEnd:0.000} s ({burst / burstEnd:0} orders/s)"));
        Console.WriteLine(FormattableString.Invariant(
            $"sustained within the Pro budget over {sustainSeconds} s: {inWindow / (double)sustainSeconds:0.00} orders/s on {pairs.Length} pairs ({inWindow / (double)sustainSeconds / pairs.Length:0.00} per pair; Kraken's counter decays 3.75/s); failed orders: {failures}"));
    }

    private static int Count(List<double> list) { lock (list) return list.Count; }
    private static List<double> Snapshot(List<double> list) { lock (list) return [.. list]; }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

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
