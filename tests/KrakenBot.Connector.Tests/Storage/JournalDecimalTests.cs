using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class JournalDecimalTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("0.00000001", "12345678.12345678", "0.00000001")]
    [InlineData("12345678.12345678", "0.00000001", "0.0000000000000000000000000001")]
    [InlineData("1.50", "65000.10", "0.260")]
    [InlineData("79228162514264.337593543950335", "1", "79228162514264.337593543950335")]
    public async Task Decimals_come_back_exact_with_their_scale_after_a_reopen(string amountText, string priceText, string feeText)
    {
        decimal amount = decimal.Parse(amountText, System.Globalization.CultureInfo.InvariantCulture);
        decimal price = decimal.Parse(priceText, System.Globalization.CultureInfo.InvariantCulture);
        decimal fee = decimal.Parse(feeText, System.Globalization.CultureInfo.InvariantCulture);
        var order = NewBuy("c-1", amount, price);
        var fill = FillOf(order, "T1", amount, price, fee, "USD");
        order = order.ApplyFill(fill, T0.AddSeconds(1));
        await using (var journal = await _directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Paper("p"));
            await account.Orders.RecordCreatedAsync(NewBuy("c-1", amount, price));
            await account.Orders.RecordFillAsync(order, fill);
            await account.PaperBalances.SaveAsync([new Balance("BTC", amount, fee)]);
        }

        await using var reopened = await _directory.OpenAsync();
        var restored = await reopened.OpenAccountAsync(JournalAccount.Paper("p"));
        var loaded = await restored.Orders.GetByClientIdAsync("c-1");
        AssertSameOrder(order, loaded);
        Assert.Equal(amountText, loaded!.Request.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(priceText, loaded.Request.Price!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(feeText, loaded.Fills[0].FeeAmount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var balance = Assert.Single(await restored.PaperBalances.GetAsync());
        Assert.Equal(amountText, balance.Available.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(feeText, balance.Held.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Money_columns_hold_plain_decimal_text_and_refuse_a_real_number()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        var order = NewBuy("c-1", 0.00000001m, 12345678.12345678m);
        var fill = FillOf(order, "T1", 0.00000001m, 12345678.12345678m);
        await account.Orders.RecordCreatedAsync(order);
        await account.Orders.RecordFillAsync(order.ApplyFill(fill, T0.AddSeconds(1)), fill);

        using var raw = _directory.RawConnection();
        Assert.Equal("text|text|text", OrderJournalRulesTests.Scalar(raw, "SELECT typeof(amount) || '|' || typeof(price) || '|' || typeof(filled_amount) FROM orders"));
        Assert.Equal("12345678.12345678", OrderJournalRulesTests.Scalar(raw, "SELECT price FROM fills"));
        // A REAL written by mistake becomes text like '1.0e-08' in a STRICT TEXT column; the CHECK refuses it.
        var error = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => OrderJournalRulesTests.Execute(raw, "UPDATE fills SET price = 1e-8"));
        Assert.Contains("CHECK constraint failed", error.Message);
        Assert.Equal("12345678.12345678", OrderJournalRulesTests.Scalar(raw, "SELECT price FROM fills"));
    }
}
