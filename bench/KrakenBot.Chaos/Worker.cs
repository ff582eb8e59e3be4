using System.Globalization;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Chaos;

/// <summary>
/// The child process (<c>--worker</c>): the real connector with its SQLite journal, running workload steps
/// <c>--from</c>..<c>--orders</c>. It may be killed at any moment. It talks to the harness by lines on stdout
/// (<see cref="WorkerProtocol"/>) and waits for <c>settle</c> on stdin once the workload is done.
/// </summary>
internal static class Worker
{
    /// <summary>The API secret reaches the worker by environment, never on its command line.</summary>
    public const string SecretVariable = "KRAKENBOT_CHAOS_SECRET";

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> args)
    {
        int seed = int.Parse(args["--seed"], CultureInfo.InvariantCulture);
        int from = int.Parse(args["--from"], CultureInfo.InvariantCulture);
        int orders = int.Parse(args["--orders"], CultureInfo.InvariantCulture);
        string secret = Environment.GetEnvironmentVariable(SecretVariable)
            ?? throw new InvalidOperationException($"The worker needs the API secret in {SecretVariable}.");
        var rest = new Uri(args["--rest"]);
        var options = new KrakenExchangeOptions
        {
            Kraken = new KrakenOptions
            {
                RestBaseUrl = rest,
                WebSocketPublicUrl = new Uri($"ws://{rest.Authority}/v2"),
                WebSocketAuthUrl = new Uri($"ws://{rest.Authority}/v2-auth"),
                Tier = KrakenTier.Pro,
                RequestTimeout = TimeSpan.FromSeconds(3),
            },
            Credentials = new KrakenCredentials(args["--key"], secret),
            JournalPath = args["--journal"],
            SocketRequestTimeout = TimeSpan.FromSeconds(2),
            ReconcileInterval = TimeSpan.FromSeconds(15),
            SocketTransport = new SocketTransportOptions { ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(500) },
        };

        Console.Error.WriteLine($"{DateTime.UtcNow:O} starting at step {from}");
        await using var exchange = KrakenSpotExchange.Create(options);
        await StartWithRetriesAsync(exchange);
        Console.Error.WriteLine($"{DateTime.UtcNow:O} started");
        var books = new IOrderBookView?[Workload.Pairs.Length];
        for (int p = 0; p < books.Length; p++)
        {
            try { books[p] = await exchange.WatchOrderBookAsync(Workload.Pairs[p], 10); }
            catch (ExchangeException) { books[p] = null; } // the reference price stands in
        }
        WorkerProtocol.Send(WorkerProtocol.Ready);

        var placed = new List<string>();
        for (int step = from; step < orders; step++)
        {
            var random = Workload.RandomFor(seed, step);
            int pairIndex = random.Next(Workload.Pairs.Length);
            var rule = exchange.GetTradingRule(Workload.Pairs[pairIndex]);
            decimal mid = books[pairIndex]?.MidPrice ?? Workload.ReferencePrices[pairIndex];
            var (_, request) = Workload.Order(random, pairIndex, mid, rule);
            string? id = null;
            try
            {
                id = await exchange.PlaceOrderAsync(request);
                placed.Add(id);
            }
            catch (ExchangeException)
            {
                // Refused before sending (rules, balance, market status): a clean outcome, nothing to track.
            }
            // Wait for the outcome (acknowledged, refused or found by reconciliation) so faults hit orders in flight.
            for (int waited = 0; id is not null && exchange.GetOrder(id)?.State == OrderState.PendingCreate && waited < 1000; waited++) await Task.Delay(5);
            WorkerProtocol.Send($"{WorkerProtocol.Placed} {step} {(id is null ? 0 : 1)}");
            await CancelOrAmendSomethingAsync(exchange, random, placed);
        }
        WorkerProtocol.Send(WorkerProtocol.Done);

        // The harness switches every fault off, then says so.
        while (Console.ReadLine() is { } line && line != WorkerProtocol.Settle) { }
        await SettleAsync(exchange);
        // Report balances until told to stop: the harness compares each report with the sandbox.
        var stop = Task.Run(() => { while (Console.ReadLine() is { } l && l != WorkerProtocol.Stop) { } });
        while (!stop.IsCompleted)
        {
            foreach (var balance in exchange.Balances.Values.OrderBy(b => b.Asset, StringComparer.Ordinal))
                WorkerProtocol.Send(string.Create(CultureInfo.InvariantCulture, $"{WorkerProtocol.Balance} {balance.Asset} {balance.Total} {balance.Held}"));
            WorkerProtocol.Send(WorkerProtocol.BalancesEnd);
            await Task.WhenAny(stop, Task.Delay(300));
        }
        await exchange.StopAsync();
        return 0;
    }

    private static async Task StartWithRetriesAsync(KrakenSpotExchange exchange)
    {
        // Faults keep running while a restarted worker starts: a refused start is retried, as a supervisor would.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await exchange.StartAsync();
                return;
            }
            catch (ExchangeException ex) when (attempt < 50)
            {
                Console.Error.WriteLine($"start attempt {attempt} failed: {ex.Category}: {ex.Message}");
                await Task.Delay(200);
            }
        }
    }

    private static async Task CancelOrAmendSomethingAsync(KrakenSpotExchange exchange, Random random, List<string> placed)
    {
        int roll = random.Next(100);
        if (roll >= 30 || placed.Count < 10) return;
        // Mostly orders a few steps old: Kraken charges young cancels heavily against the per-pair trading counter.
        string target = placed[random.Next(Math.Max(0, placed.Count - 40), placed.Count - 5)];
        var order = exchange.GetOrder(target);
        if (order is null || order.IsTerminal || order.State == OrderState.PendingCreate) return;
        try
        {
            if (roll < 22) await exchange.CancelOrderAsync(target);
            else await exchange.AmendOrderAsync(target, newAmount: exchange.GetTradingRule(order.Request.Pair).QuantizeAmount(order.Request.Amount * 1.5m));
        }
        catch (ExchangeException)
        {
            // Refused or already done: the order stays tracked; reconciliation confirms its real state.
        }
        catch (NotSupportedException)
        {
            // Amending is not available in this connector build yet (issue 5 in progress).
        }
    }

    /// <summary>Cancels what still rests so the end state is quiet, and reconciles until every order is settled.</summary>
    private static async Task SettleAsync(KrakenSpotExchange exchange)
    {
        for (int round = 0; round < 100; round++)
        {
            Console.Error.WriteLine($"{DateTime.UtcNow:O} settle round {round}: {exchange.OpenOrders.Count} open");
            try
            {
                if (exchange.OpenOrders.Any(o => o.State != OrderState.PendingCreate)) await exchange.CancelAllAsync();
                // Cancellations confirm over the stream; only what is still unresolved needs a reconciliation.
                for (int waited = 0; exchange.OpenOrders.Count > 0 && waited < 40; waited++) await Task.Delay(50);
                if (exchange.OpenOrders.Count == 0) break;
                await exchange.ReconcileAsync();
            }
            catch (ExchangeException ex)
            {
                Console.Error.WriteLine($"settle round {round}: {ex.Category}: {ex.Message}");
                await Task.Delay(200);
            }
        }
        await exchange.ReconcileAsync();
        Console.Error.WriteLine($"{DateTime.UtcNow:O} settled: {exchange.OpenOrders.Count} open");
    }
}

/// <summary>The lines worker and harness exchange.</summary>
internal static class WorkerProtocol
{
    public const string Ready = "ready";
    public const string Placed = "placed";
    public const string Done = "done";
    public const string Settle = "settle";
    public const string Balance = "balance";
    public const string BalancesEnd = "balances-end";
    public const string Stop = "stop";

    private static readonly Lock Gate = new();

    public static void Send(string line)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
