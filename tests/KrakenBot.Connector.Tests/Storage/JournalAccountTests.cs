using System.Text;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class JournalAccountTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_kraken_account_is_named_by_a_fingerprint_of_the_key_never_the_key()
    {
        const string apiKey = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
        var account = JournalAccount.Kraken(apiKey);

        Assert.Equal("kraken", account.Venue);
        Assert.Matches("^kraken:[0-9a-f]{16}$", account.Scope);
        Assert.DoesNotContain(apiKey[..8], account.Scope);
        Assert.Equal(account, JournalAccount.Kraken(apiKey));
        Assert.NotEqual(account, JournalAccount.Kraken(apiKey + "x"));
    }

    [Fact]
    public async Task The_key_never_reaches_the_file()
    {
        const string apiKey = "PUBLIC-KEY-THAT-MUST-NOT-BE-STORED";
        await using (var journal = await _directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(apiKey));
            account.CreateNonceStore().Save(42);
            await account.Orders.RecordCreatedAsync(NewBuy("c-1"));
        }

        byte[] file = File.ReadAllBytes(_directory.JournalPath);
        Assert.DoesNotContain(apiKey, Encoding.UTF8.GetString(file));
        Assert.Contains(JournalAccount.Kraken(apiKey).Scope, Encoding.UTF8.GetString(file));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a:b")]
    public void A_bad_paper_account_name_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => JournalAccount.Paper(name));
        Assert.Contains("paper account name", error.Message);
    }

    [Fact]
    public async Task Accounts_in_one_journal_do_not_see_each_others_rows()
    {
        await using var journal = await _directory.OpenAsync();
        var live = await journal.OpenAccountAsync(JournalAccount.Kraken("KEY"));
        var paper = await journal.OpenAccountAsync(JournalAccount.Paper("default"));
        var order = NewBuy("c-1");
        var fill = FillOf(order, "T1", 1m, 100m);
        await live.Orders.RecordCreatedAsync(order);
        await live.Orders.RecordFillAsync(order.ApplyFill(fill, T0.AddSeconds(1)), fill);
        await live.AdvanceTradeCursorAsync(new TradeCursor("T1", T0));

        Assert.Null(await paper.Orders.GetByClientIdAsync("c-1"));
        Assert.Null(await paper.Fills.GetAsync("T1"));
        Assert.Empty(await paper.Fills.GetAfterAsync(0));
        Assert.Empty((await paper.Orders.GetHistoryAsync(new HistoryQuery())).Items);
        Assert.Null(await paper.GetTradeCursorAsync());

        // The same client id and trade id may exist in another account.
        Assert.True(await paper.Orders.RecordCreatedAsync(order));
        Assert.True(await paper.Fills.RecordAsync(fill));
    }

    [Fact]
    public async Task The_trade_cursor_only_moves_forward()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        Assert.Null(await account.GetTradeCursorAsync());

        Assert.True(await account.AdvanceTradeCursorAsync(new TradeCursor("T2", T0.AddMinutes(2))));
        Assert.False(await account.AdvanceTradeCursorAsync(new TradeCursor("T1", T0.AddMinutes(1))));
        Assert.False(await account.AdvanceTradeCursorAsync(new TradeCursor("T2", T0.AddMinutes(2))));
        Assert.Equal(new TradeCursor("T2", T0.AddMinutes(2)), await account.GetTradeCursorAsync());

        Assert.True(await account.AdvanceTradeCursorAsync(new TradeCursor("T3", T0.AddMinutes(3))));
        Assert.Equal("T3", (await account.GetTradeCursorAsync())!.TradeId);
    }

    [Fact]
    public async Task Paper_balances_persist_and_a_reset_replaces_them_all()
    {
        var account = JournalAccount.Paper("demo");
        await using (var journal = await _directory.OpenAsync())
        {
            var balances = (await journal.OpenAccountAsync(account)).PaperBalances;
            await balances.ResetAsync([new Balance("USD", 10_000m, 0m), new Balance("BTC", 0.5m, 0m)]);
            await balances.SaveAsync([new Balance("USD", 9_000m, 1_000m)]);
        }

        await using (var journal = await _directory.OpenAsync())
        {
            var balances = (await journal.OpenAccountAsync(account)).PaperBalances;
            Assert.Equal([new Balance("BTC", 0.5m, 0m), new Balance("USD", 9_000m, 1_000m)], await balances.GetAsync());

            await balances.ResetAsync([new Balance("EUR", 500m, 0m)]);
            Assert.Equal([new Balance("EUR", 500m, 0m)], await balances.GetAsync());
        }
    }
}
