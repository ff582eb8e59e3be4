using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class JournalHistoryPagingTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>25 orders, alternating BTC-USD / ETH-EUR, one minute apart, each with one fill.</summary>
    private static async Task<AccountJournal> SeedAsync(TradingJournal journal)
    {
        var account = await journal.OpenAccountAsync(Paper);
        for (int i = 0; i < 25; i++)
        {
            var pair = i % 2 == 0 ? BtcUsd : EthEur;
            var order = NewBuy($"c-{i:D2}", 1m, 100m + i, T0.AddMinutes(i), pair);
            await account.Orders.RecordCreatedAsync(order);
            var fill = FillOf(order, $"T{i:D2}", 0.5m, 100m + i, at: T0.AddMinutes(i).AddSeconds(30));
            await account.Orders.RecordFillAsync(order.ApplyFill(fill, T0.AddMinutes(i).AddSeconds(30)), fill);
        }

        return account;
    }

    private static async Task<List<List<string>>> AllPagesAsync(OrderJournal orders, HistoryQuery query)
    {
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var page = await orders.GetHistoryAsync(query with { PageToken = token });
            pages.Add(page.Items.Select(o => o.ClientOrderId).ToList());
            token = page.NextPageToken;
        }
        while (token is not null);

        return pages;
    }

    [Fact]
    public async Task Order_history_pages_newest_first_without_gaps_or_repeats()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await SeedAsync(journal);

        var pages = await AllPagesAsync(account.Orders, new HistoryQuery { PageSize = 10 });

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        var expected = Enumerable.Range(0, 25).Reverse().Select(i => $"c-{i:D2}");
        Assert.Equal(expected, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task History_pages_carry_the_orders_with_their_fills()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await SeedAsync(journal);

        var newest = (await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = 1 })).Items.Single();

        Assert.Equal("c-24", newest.ClientOrderId);
        Assert.Equal("T24", Assert.Single(newest.Fills).TradeId);
        Assert.Equal(OrderState.PartiallyFilled, newest.State);
    }

    [Fact]
    public async Task History_filters_by_pair_and_time_range()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await SeedAsync(journal);

        var query = new HistoryQuery { Pair = EthEur, From = T0.AddMinutes(5), Until = T0.AddMinutes(15), PageSize = 2 };
        var pages = await AllPagesAsync(account.Orders, query);

        Assert.Equal(["c-13", "c-11", "c-09", "c-07", "c-05"], pages.SelectMany(p => p));
        Assert.Equal(3, pages.Count);
    }

    [Fact]
    public async Task Orders_recorded_while_paging_do_not_shift_the_pages()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await SeedAsync(journal);

        var first = await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = 10 });
        await account.Orders.RecordCreatedAsync(NewBuy("c-new", at: T0.AddHours(1)));
        var second = await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = 10, PageToken = first.NextPageToken });

        Assert.Equal("c-24", first.Items[0].ClientOrderId);
        Assert.Equal("c-14", second.Items[0].ClientOrderId);
    }

    [Fact]
    public async Task Orders_created_at_the_same_instant_page_in_a_stable_order()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        for (int i = 0; i < 7; i++)
        {
            await orders.RecordCreatedAsync(NewBuy($"same-{i}", at: T0));
        }

        var pages = await AllPagesAsync(orders, new HistoryQuery { PageSize = 3 });

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"same-{i}"), pages.SelectMany(p => p));
    }

    [Fact]
    public async Task Fill_history_pages_newest_first_by_execution_time_and_filters_by_pair()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await SeedAsync(journal);

        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await account.Fills.GetHistoryAsync(new HistoryQuery { Pair = BtcUsd, PageSize = 4, PageToken = token });
            ids.AddRange(page.Items.Select(f => f.Fill.TradeId));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 25).Where(i => i % 2 == 0).Reverse().Select(i => $"T{i:D2}"), ids);
    }

    [Fact]
    public async Task A_page_token_the_journal_did_not_issue_is_refused_clearly()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => account.Orders.GetHistoryAsync(new HistoryQuery { PageToken = "page-2" }));
        Assert.Contains("page-2", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HistoryQuery { PageSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HistoryQuery { PageSize = HistoryQuery.MaxPageSize + 1 });
    }
}
