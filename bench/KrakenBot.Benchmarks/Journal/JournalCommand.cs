using System.Diagnostics;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Benchmarks.Journal;

/// <summary>
/// <c>journal --postgres CONNECTION [--writes N] [--nonces N] [--writers W]</c>: journal writes per second (each an order
/// intent committed durably) on a SQLite file and on PostgreSQL, one writer and W writers at once; and nonce values per
/// second: the SQLite journal's reservation source, PostgreSQL one statement per value, and a reserved block of 100;
/// and nonce turns per second (what each private REST call on a shared key pays on top of its HTTP round trip: the key's
/// advisory lock taken with the draw, released after the reply; here with nothing sent in between).
/// Each PostgreSQL run uses a schema of its own, dropped afterwards.
/// </summary>
internal static class JournalCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? postgres = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("KRAKENBOT_TEST_POSTGRES");
        int writes = int.Parse(Option(args, "--writes") ?? "2000");
        int nonces = int.Parse(Option(args, "--nonces") ?? "5000");
        int writers = int.Parse(Option(args, "--writers") ?? "4");
        if (postgres is null)
        {
            Console.Error.WriteLine("journal: give --postgres \"Host=127.0.0.1;Port=…;Username=…;Database=…\" (or set KRAKENBOT_TEST_POSTGRES).");
            return 2;
        }

        string directory = Path.Combine(Path.GetTempPath(), "krakenbot-journal-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string schema = "bench_" + Guid.NewGuid().ToString("N");
        string pg = postgres.TrimEnd(';') + ";Search Path=" + schema;
        try
        {
            Report("journal writes/s", "sqlite, 1 writer", await WritesAsync(Path.Combine(directory, "w.db"), writes, 1, "s1"));
            Report("journal writes/s", "postgres, 1 writer", await WritesAsync(pg, writes, 1, "p1"));
            Report("journal writes/s", $"postgres, {writers} writers (one journal each)", await WritesAsync(pg, writes, writers, "pw"));
            Report("nonce values/s", "sqlite, NonceSource + journal store (1 process)", await SqliteNoncesAsync(Path.Combine(directory, "n.db"), nonces));
            Report("nonce values/s", "postgres, 1 statement per value, 1 source", await SharedNoncesAsync(pg, nonces, 1, 1));
            Report("nonce values/s", $"postgres, 1 statement per value, {writers} sources at once", await SharedNoncesAsync(pg, nonces, writers, 1));
            Report("nonce values/s", "postgres, block of 100, 1 source", await SharedNoncesAsync(pg, nonces, 1, 100));
            Report("nonce values/s", $"postgres, block of 100, {writers} sources at once", await SharedNoncesAsync(pg, nonces, writers, 100));
            Report("nonce turns/s", "postgres, lock + draw, unlock (1 source)", await TurnsAsync(pg, nonces, 1));
            Report("nonce turns/s", $"postgres, lock + draw, unlock ({writers} sources at once)", await TurnsAsync(pg, nonces, writers));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            await using var connection = new Npgsql.NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        return 0;
    }

    private static async Task<double> WritesAsync(string journal, int total, int writers, string prefix)
    {
        var journals = new List<TradingJournal>();
        var accounts = new List<AccountJournal>();
        for (int w = 0; w < writers; w++)
        {
            var opened = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = journal });
            journals.Add(opened);
            accounts.Add(await opened.OpenAccountAsync(JournalAccount.Paper($"bench-{prefix}-{w}")));
        }

        var pair = new TradingPair("BTC", "USD");
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(accounts.Select((account, w) => Task.Run(async () =>
        {
            for (int i = 0; i < total / writers; i++)
            {
                var order = TrackedOrder.Create($"{prefix}-{w}-{i}", OrderRequest.Limit(pair, OrderSide.Buy, 0.01m, 50000m + i), now);
                await account.Orders.RecordCreatedAsync(order);
            }
        })));
        double perSecond = total / writers * writers / watch.Elapsed.TotalSeconds;
        foreach (var opened in journals)
        {
            await opened.DisposeAsync();
        }

        return perSecond;
    }

    private static async Task<double> SqliteNoncesAsync(string path, int total)
    {
        await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path });
        using var source = new NonceSource(TimeProvider.System, (await journal.OpenAccountAsync(JournalAccount.Kraken("BENCH"))).CreateNonceStore());
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < total; i++)
        {
            source.Next();
        }

        return total / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> SharedNoncesAsync(string journal, int total, int sources, int blockSize)
    {
        var journals = new List<TradingJournal>();
        var drawers = new List<SharedNonceSource>();
        for (int s = 0; s < sources; s++)
        {
            var opened = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = journal });
            journals.Add(opened);
            drawers.Add((await opened.OpenAccountAsync(JournalAccount.Kraken("BENCH"))).CreateSharedNonceSource(blockSize));
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(drawers.Select(source => Task.Run(() =>
        {
            for (int i = 0; i < total / sources; i++)
            {
                source.Next();
            }
        })));
        double perSecond = total / sources * sources / watch.Elapsed.TotalSeconds;
        foreach (var source in drawers)
        {
            source.Dispose();
        }

        foreach (var opened in journals)
        {
            await opened.DisposeAsync();
        }

        return perSecond;
    }

    private static async Task<double> TurnsAsync(string journal, int total, int sources)
    {
        var journals = new List<TradingJournal>();
        var drawers = new List<SharedNonceSource>();
        for (int s = 0; s < sources; s++)
        {
            var opened = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = journal });
            journals.Add(opened);
            drawers.Add((await opened.OpenAccountAsync(JournalAccount.Kraken("BENCH-TURNS"))).CreateSharedNonceSource());
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(drawers.Select(source => Task.Run(async () =>
        {
            for (int i = 0; i < total / sources; i++)
            {
                await using var turn = await source.TakeTurnAsync(CancellationToken.None);
            }
        })));
        double perSecond = total / sources * sources / watch.Elapsed.TotalSeconds;
        foreach (var source in drawers)
        {
            source.Dispose();
        }

        foreach (var opened in journals)
        {
            await opened.DisposeAsync();
        }

        return perSecond;
    }

    private static void Report(string what, string how, double perSecond) => Console.WriteLine($"{what,-18} {how,-52} {perSecond,10:N0}");

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
