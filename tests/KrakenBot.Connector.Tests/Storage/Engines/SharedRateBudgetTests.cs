using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.RateLimits;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// Rate budgets of one key booked through PostgreSQL by several journals (each with its own connection pool, as
/// separate processes would be) on one fake clock: what one books, the others wait for.
/// </summary>
public sealed class SharedRateBudgetTests : IAsyncLifetime, IRequiresPostgres
{
    private static readonly JournalAccount Key = JournalAccount.Kraken("FLEET-BUDGET-KEY");
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private readonly (string Schema, string Journal) _target = TestPostgres.NewSchema();
    private readonly List<TradingJournal> _journals = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var journal in _journals)
        {
            await journal.DisposeAsync();
        }

        await TestPostgres.DropSchemaAsync(_target.Schema);
    }

    [EngineFact]
    public async Task A_rest_call_waits_for_the_calls_another_process_made_on_the_key()
    {
        var clock = BudgetTestKit.NewClock();
        var first = RestRateBudget.Shared(KrakenTier.Pro, clock, await OpenAccountAsync());
        var second = RestRateBudget.Shared(KrakenTier.Pro, clock, await OpenAccountAsync());

        for (int i = 0; i < 20; i++)
        {
            await first.WaitAsync(1, CancellationToken.None); // Pro: 20 fit at once
        }

        Assert.Equal(20m, second.Level);
        var waiting = second.WaitAsync(1, CancellationToken.None).AsTask();
        await BudgetTestKit.AssertPending(waiting, "a call over the shared counter");

        clock.Advance(TimeSpan.FromSeconds(1)); // Pro decays 1/s: room for exactly one
        await BudgetTestKit.AssertCompletes(waiting, "the call once the counter decayed");
        await BudgetTestKit.AssertPending(first.WaitAsync(1, CancellationToken.None).AsTask(), "the first process's next call");
    }

    [EngineFact]
    public async Task A_pair_counter_is_shared_and_another_pair_is_not()
    {
        var clock = BudgetTestKit.NewClock();
        var first = TradingRateBudget.Shared(KrakenTier.Pro, clock, await OpenAccountAsync());
        var second = TradingRateBudget.Shared(KrakenTier.Pro, clock, await OpenAccountAsync());

        await first.WaitAsync(BtcUsd, 180m, CancellationToken.None);

        Assert.Equal(180m, second.LevelOf(BtcUsd));
        await BudgetTestKit.AssertCompletes(second.WaitAsync(new TradingPair("ETH", "USD"), 1m, CancellationToken.None).AsTask(), "another pair's order");
        var waiting = second.WaitAsync(BtcUsd, 1m, CancellationToken.None).AsTask();
        await BudgetTestKit.AssertPending(waiting, "an order over the shared pair counter");

        clock.Advance(TimeSpan.FromSeconds(1) / 3.75); // Pro decays 3.75/s
        await BudgetTestKit.AssertCompletes(waiting, "the order once the counter decayed");
    }

    [EngineFact]
    public async Task Kraken_refusing_one_process_fills_the_counter_for_all()
    {
        var clock = BudgetTestKit.NewClock();
        var first = RestRateBudget.Shared(KrakenTier.Pro, clock, await OpenAccountAsync());
        var second = RestRateBudget.Shared(KrakenTier.Pro, clock, await OpenAccountAsync());

        first.OnRateLimitExceeded();

        await BudgetTestKit.AssertPending(second.WaitAsync(1, CancellationToken.None).AsTask(), "the other process's call");
    }

    private async Task<AccountJournal> OpenAccountAsync()
    {
        var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = _target.Journal });
        _journals.Add(journal);
        return await journal.OpenAccountAsync(Key);
    }
}
