using System.Diagnostics;
using System.Globalization;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Benchmarks.Journal;

/// <summary>
/// <c>journal-amend [--events 10,1000,10000] [--amends 200] [--journal postgres://…]</c>: what recording one amend
/// costs when the order already has N events, as the order tracker records it (one transaction, committed durably),
/// on a SQLite file (or the given PostgreSQL). For each N an order is journaled (created, open), given N amend events in
/// one statement, read back once (a full replay, which also checks the rows agree), then amended <c>--amends</c> more
/// times alternately at two prices. Prints p50/p90/max of the record step (before commit) and of the commit, in µs.
/// </summary>
internal static class OrderChangeCostCommand
{
    private static readonly TradingPair Pair = new("BTC", "USD");
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        int[] counts = (Option(args, "--events") ?? "10,1000,10000").Split(',').Select(int.Parse).ToArray();
        int amends = int.Parse(Option(args, "--amends") ?? "200", CultureInfo.InvariantCulture);
        string? postgres = Option(args, "--journal");
        string directory = Path.Combine(Path.GetTempPath(), "krakenbot-journal-amend-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"{"events",8} {"record p50",11} {"p90",9} {"max",9} {"commit p50",11} {"p90",9} {"max",9}  (µs, {amends} amends)");
            foreach (int count in counts)
            {
                string journalPath = postgres ?? Path.Combine(directory, $"amend-{count}.db");
                await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = journalPath });
                var account = await journal.OpenAccountAsync(JournalAccount.Paper($"amend-{count}-{Guid.NewGuid():N}"));
                var order = await OrderWithEventsAsync(journal, account, count);
                var (record, commit) = AmendRepeatedly(account, order, amends);
                Console.WriteLine($"{count,8} {P(record, 50),11:F1} {P(record, 90),9:F1} {record[^1],9:F1} {P(commit, 50),11:F1} {P(commit, 90),9:F1} {commit[^1],9:F1}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    // The order created and open, then `count - 2` amend events written in one statement (recording them one by one
    // would replay the order each time on a journal that does so), read back through a full replay.
    private static async Task<TrackedOrder> OrderWithEventsAsync(TradingJournal journal, AccountJournal account, int count)
    {
        var order = TrackedOrder.Create("amend-" + Guid.NewGuid().ToString("N"), OrderRequest.Limit(Pair, OrderSide.Buy, 0.01m, 50000m), T0);
        await account.Orders.RecordCreatedAsync(order);
        order = order.TransitionTo(OrderState.Open, T0.AddSeconds(1));
        await account.Orders.RecordStateChangeAsync(order);
        string at = T0.AddSeconds(2).ToString("O", CultureInfo.InvariantCulture);
        using (var write = await journal.Database.BeginWriteAsync(CancellationToken.None))
        {
            long row = (long)write.Command("SELECT id FROM orders WHERE client_order_id = @client").With("@client", order.ClientOrderId).Scalar()!;
            write.Command("""
                    WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < @count)
                    INSERT INTO order_events (order_id, kind, at, state, amount, price)
                    SELECT @order, 'amended', @at, 'Open', '0.01', '50001' FROM n
                    """).With("@count", (long)Math.Max(count - 2, 1)).With("@order", row).With("@at", at).Run();
            write.Command("UPDATE orders SET price = '50001', updated_at = @at WHERE id = @order").With("@at", at).With("@order", row).Run();
            write.Commit();
        }

        return await account.Orders.GetByClientIdAsync(order.ClientOrderId)
            ?? throw new InvalidOperationException("The order was not read back.");
    }

    private static (double[] Record, double[] Commit) AmendRepeatedly(AccountJournal account, TrackedOrder order, int amends)
    {
        var record = new double[amends];
        var commit = new double[amends];
        for (int i = 0; i < amends; i++)
        {
            order = order.WithAmendment(i % 2 == 0 ? 50002m : 50001m, null, T0.AddSeconds(3 + i));
            long start = Stopwatch.GetTimestamp();
            using var transaction = account.BeginTransaction();
            if (!transaction.RecordAmended(order))
            {
                throw new InvalidOperationException($"Amend {i} was not recorded.");
            }

            long recorded = Stopwatch.GetTimestamp();
            transaction.Commit();
            long committed = Stopwatch.GetTimestamp();
            record[i] = Stopwatch.GetElapsedTime(start, recorded).TotalMicroseconds;
            commit[i] = Stopwatch.GetElapsedTime(recorded, committed).TotalMicroseconds;
        }

        Array.Sort(record);
        Array.Sort(commit);
        return (record, commit);
    }

    private static double P(double[] sorted, int percent) => sorted[Math.Min(sorted.Length - 1, sorted.Length * percent / 100)];

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
