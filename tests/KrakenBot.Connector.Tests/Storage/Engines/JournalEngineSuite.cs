using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// What every journal engine must do, run against each (a SQLite file, a PostgreSQL schema) through the public API
/// only: the same orders, fills, documents and marks come back, the same rules refuse the same writes.
/// </summary>
public abstract class JournalEngineSuite : IAsyncLifetime
{
    /// <summary>The journal string (a path or a connection string) this test's journal lives at.</summary>
    protected abstract string Journal { get; }

    /// <summary>Sets the stored schema version past what this build knows, as a newer KrakenBot would leave it.</summary>
    protected abstract Task MarkSchemaNewerAsync(int version);

    /// <summary>The newest schema version of this engine.</summary>
    protected abstract int LatestSchemaVersion { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected Task<TradingJournal> OpenAsync(bool readOnly = false) =>
        TradingJournal.OpenAsync(new TradingJournalOptions { Path = Journal, ReadOnly = readOnly });

    [EngineFact]
    public async Task An_order_round_trips_through_every_change_and_a_reopen()
    {
        var order = NewBuy("c-1", amount: 1.50m, price: 100.10m);
        await using (var journal = await OpenAsync())
        {
            var orders = (await journal.OpenAccountAsync(Paper)).Orders;
            Assert.True(await orders.RecordCreatedAsync(order));
            order = order.WithExchangeOrderId("OABC-1", T0.AddSeconds(1));
            Assert.True(await orders.RecordExchangeOrderIdAsync(order));
            order = order.TransitionTo(OrderState.Open, T0.AddSeconds(2));
            Assert.True(await orders.RecordStateChangeAsync(order));
            var fill = FillOf(order, "T-1", 0.5m, 100.10m, fee: 0.0125m);
            order = order.ApplyFill(fill, T0.AddSeconds(3));
            Assert.True(await orders.RecordFillAsync(order, fill));
            Assert.False(await orders.RecordFillAsync(order, fill)); // the same trade again changes nothing
        }

        await using var reopened = await OpenAsync();
        var account = await reopened.OpenAccountAsync(Paper);
        AssertSameOrder(order, await account.Orders.GetByClientIdAsync("c-1"));
        AssertSameOrder(order, await account.Orders.GetByExchangeIdAsync("OABC-1"));
        Assert.Equal(["c-1"], (await account.Orders.GetOpenAsync()).Select(o => o.ClientOrderId));
        var fills = await account.Fills.GetAfterAsync(0);
        Assert.Equal(["T-1"], fills.Select(f => f.Fill.TradeId));
        Assert.Equal("0.0125", fills[0].Fill.FeeAmount.ToString());
    }

    [EngineFact]
    public async Task A_client_order_id_reused_for_another_order_is_refused_and_the_first_kept()
    {
        await using var journal = await OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        await orders.RecordCreatedAsync(NewBuy("c-1", amount: 1m));
        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordCreatedAsync(NewBuy("c-1", amount: 2m)));
        Assert.Equal(1m, (await orders.GetByClientIdAsync("c-1"))!.Request.Amount);
    }

    [EngineFact]
    public async Task An_exchange_id_cannot_belong_to_two_orders()
    {
        await using var journal = await OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var first = NewBuy("c-1");
        var second = NewBuy("c-2");
        await orders.RecordCreatedAsync(first);
        await orders.RecordCreatedAsync(second);
        await orders.RecordExchangeOrderIdAsync(first.WithExchangeOrderId("O-1", T0));
        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordExchangeOrderIdAsync(second.WithExchangeOrderId("O-1", T0)));
        Assert.Null((await orders.GetByClientIdAsync("c-2"))!.ExchangeOrderId);
    }

    [EngineFact]
    public async Task Accounts_are_kept_apart()
    {
        await using var journal = await OpenAsync();
        var a = await journal.OpenAccountAsync(JournalAccount.Kraken("KEY-A"));
        var b = await journal.OpenAccountAsync(JournalAccount.Kraken("KEY-B"));
        await a.Orders.RecordCreatedAsync(NewBuy("same-id"));
        await b.Orders.RecordCreatedAsync(NewBuy("same-id", amount: 3m));
        Assert.Equal(1m, (await a.Orders.GetByClientIdAsync("same-id"))!.Request.Amount);
        Assert.Equal(3m, (await b.Orders.GetByClientIdAsync("same-id"))!.Request.Amount);
    }

    [EngineFact]
    public async Task History_pages_newest_first_without_gaps_or_repeats()
    {
        await using var journal = await OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        for (int i = 0; i < 7; i++)
        {
            await orders.RecordCreatedAsync(NewBuy($"c-{i}", at: T0.AddMinutes(i)));
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await orders.GetHistoryAsync(new HistoryQuery { PageSize = 3, PageToken = token });
            seen.AddRange(page.Items.Select(o => o.ClientOrderId));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"c-{i}"), seen);
    }

    [EngineFact]
    public async Task Documents_save_atomically_list_by_prefix_and_delete()
    {
        await using var journal = await OpenAsync();
        await journal.Documents.SaveAsync("strategy:b", new Dictionary<string, string?> { ["state"] = "{\"x\":1}", ["pnl"] = "12.5" });
        await journal.Documents.SaveAsync("strategy:a", new Dictionary<string, string?> { ["state"] = "{}" });
        await journal.Documents.SaveAsync("other", new Dictionary<string, string?> { ["k"] = "v" });
        await journal.Documents.SaveAsync("strategy:b", new Dictionary<string, string?> { ["pnl"] = null, ["state"] = "{\"x\":2}" });

        Assert.Equal(["strategy:a", "strategy:b"], await journal.Documents.ListScopesAsync("strategy:"));
        var b = await journal.Documents.GetAllAsync("strategy:b");
        Assert.Equal("{\"x\":2}", b["state"]);
        Assert.False(b.ContainsKey("pnl"));
        await journal.Documents.DeleteScopeAsync("strategy:b");
        Assert.Empty(await journal.Documents.GetAllAsync("strategy:b"));
    }

    [EngineFact]
    public async Task Paper_balances_and_the_trade_cursor_keep_exact_values()
    {
        await using var journal = await OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        await account.PaperBalances.ResetAsync([new Balance("USD", 10000.0100m, 0m), new Balance("BTC", 1.00000001m, 0.5m)]);
        await account.PaperBalances.SaveAsync([new Balance("USD", 9000.0100m, 1000m)]);
        var balances = await account.PaperBalances.GetAsync();
        Assert.Equal(["BTC=1.00000001/0.5", "USD=9000.0100/1000"], balances.Select(x => $"{x.Asset}={x.Available}/{x.Held}"));

        Assert.True(await account.AdvanceTradeCursorAsync(new TradeCursor("T-2", T0.AddMinutes(2))));
        Assert.False(await account.AdvanceTradeCursorAsync(new TradeCursor("T-1", T0.AddMinutes(1)))); // older: ignored
        Assert.Equal("T-2", (await account.GetTradeCursorAsync())!.TradeId);
    }

    [EngineFact]
    public async Task The_nonce_mark_never_goes_down_and_survives_a_reopen()
    {
        var key = JournalAccount.Kraken("API-KEY-1");
        await using (var journal = await OpenAsync())
        {
            var store = (await journal.OpenAccountAsync(key)).CreateNonceStore();
            store.Save(5_000);
            store.Save(4_000);
            Assert.Equal(5_000, store.Load());
            store.SaveLastIssued(4_500, reservedMark: 5_000); // a clean stop brings the reservation down
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(4_500, (await reopened.OpenAccountAsync(key)).CreateNonceStore().Load());
    }

    [EngineFact]
    public async Task A_reader_sees_what_the_writer_recorded_and_cannot_write()
    {
        await using var writer = await OpenAsync();
        await (await writer.OpenAccountAsync(Paper)).Orders.RecordCreatedAsync(NewBuy("c-1"));
        await using var reader = await OpenAsync(readOnly: true);
        var orders = (await reader.OpenAccountAsync(Paper)).Orders;
        Assert.NotNull(await orders.GetByClientIdAsync("c-1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => orders.RecordCreatedAsync(NewBuy("c-2")));
    }

    [EngineFact]
    public async Task A_journal_written_by_a_newer_version_is_refused_and_left_as_it_is()
    {
        await using (var journal = await OpenAsync())
        {
            await (await journal.OpenAccountAsync(Paper)).Orders.RecordCreatedAsync(NewBuy("c-1"));
        }

        await MarkSchemaNewerAsync(LatestSchemaVersion + 1);
        var refused = await Assert.ThrowsAsync<JournalSchemaException>(() => OpenAsync());
        Assert.Contains("newer KrakenBot", refused.Message);
        Assert.Contains($"schema version {LatestSchemaVersion + 1}", refused.Message);
    }
}
