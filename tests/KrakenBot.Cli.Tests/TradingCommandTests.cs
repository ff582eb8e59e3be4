using System.Globalization;
using System.Text.Json;

namespace KrakenBot.Cli.Tests;

/// <summary>balance, buy, sell, orders, cancel, cancel-all and history against one sandbox, credentials from the environment.</summary>
public sealed class TradingCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private async Task<decimal> BestBidAsync()
    {
        var book = (await sandbox.RunAsync("book", "BTC-USD", "--depth", "1", "-o", "json")).Json();
        return Dec(book.GetProperty("bids")[0], "price");
    }

    private async Task<JsonElement> BalanceOf(string asset)
    {
        var doc = (await sandbox.RunAsync("balance", "-o", "json")).Json();
        return doc.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == asset);
    }

    [Fact]
    public async Task Limit_order_rests_holds_funds_shows_in_orders_and_cancels()
    {
        var price = decimal.Round(await BestBidAsync() * 0.5m, 1);
        var placed = await sandbox.RunAsync("buy", "BTC-USD", "0.01", "--price", price.ToString(CultureInfo.InvariantCulture), "-o", "json");
        Assert.True(placed.ExitCode == 0, placed.ToString());
        var order = placed.Json();
        var id = order.GetProperty("order_id").GetString()!;
        Assert.Equal("open", order.GetProperty("status").GetString());
        Assert.True(Guid.TryParse(order.GetProperty("client_order_id").GetString(), out _));

        var usd = await BalanceOf("USD");
        Assert.True(Dec(usd, "held") >= price * 0.01m, $"held {Dec(usd, "held")}");
        Assert.Equal(Dec(usd, "total"), Dec(usd, "available") + Dec(usd, "held"));

        var open = (await sandbox.RunAsync("orders", "-o", "json")).Json().GetProperty("orders").EnumerateArray().ToList();
        var mine = Assert.Single(open, o => o.GetProperty("order_id").GetString() == id);
        Assert.Equal("BTC-USD", mine.GetProperty("pair").GetString());
        Assert.Equal(price, Dec(mine, "price"));

        var ordersTable = await sandbox.RunAsync("orders");
        Assert.Contains(id, ordersTable.StdOut);

        var cancelled = (await sandbox.RunAsync("cancel", id, "-o", "json")).Json();
        Assert.Equal(1, cancelled.GetProperty("cancelled").GetInt32());
        var after = (await sandbox.RunAsync("orders", "-o", "json")).Json().GetProperty("orders").EnumerateArray();
        Assert.DoesNotContain(after, o => o.GetProperty("order_id").GetString() == id);

        var history = (await sandbox.RunAsync("history", "-o", "json")).Json();
        var closed = history.GetProperty("orders").EnumerateArray().Single(o => o.GetProperty("order_id").GetString() == id);
        Assert.Equal("cancelled", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Market_order_fills_and_appears_in_history_and_balances()
    {
        var btcBefore = Dec(await BalanceOf("BTC"), "total");
        var result = await sandbox.RunAsync("buy", "XBTUSD", "0.002", "--type", "market", "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var order = result.Json();
        Assert.Equal("filled", order.GetProperty("status").GetString());
        Assert.Equal(0.002m, Dec(order, "filled"));
        var id = order.GetProperty("order_id").GetString()!;

        Assert.Equal(btcBefore + 0.002m, Dec(await BalanceOf("BTC"), "total"));
        var history = (await sandbox.RunAsync("history", "-o", "json")).Json();
        var fills = history.GetProperty("trades").EnumerateArray().Where(t => t.GetProperty("order_id").GetString() == id).ToList();
        Assert.Equal(0.002m, fills.Sum(f => Dec(f, "volume")));
        Assert.All(fills, f => Assert.Equal("buy", f.GetProperty("side").GetString()));

        var table = await sandbox.RunAsync("history");
        Assert.Contains(id, table.StdOut);
        Assert.Contains("Trades", table.StdOut);
    }

    [Fact]
    public async Task Sell_ioc_far_above_the_book_is_cancelled_unfilled()
    {
        var price = decimal.Round(await BestBidAsync() * 3m, 1);
        var order = (await sandbox.RunAsync("sell", "BTC/USD", "0.001", "--price", price.ToString(CultureInfo.InvariantCulture), "--tif", "ioc", "-o", "json")).Json();
        Assert.Equal("cancelled", order.GetProperty("status").GetString());
        Assert.Equal(0m, Dec(order, "filled"));
    }

    [Fact]
    public async Task Limit_maker_that_would_take_is_rejected_and_nothing_rests()
    {
        var price = decimal.Round(await BestBidAsync() * 1.5m, 1);
        var result = await sandbox.RunAsync("buy", "BTC-USD", "0.001", "--price", price.ToString(CultureInfo.InvariantCulture), "--type", "limit_maker", "-o", "json");
        // Kraken accepts a post-only order and then cancels it when it would take; either way it must not fill.
        if (result.ExitCode == 0)
        {
            Assert.Equal(0m, Dec(result.Json(), "filled"));
            Assert.NotEqual("open", result.Json().GetProperty("status").GetString());
        }
        else
        {
            Assert.Equal("order_rejected", result.Json().GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Cancel_all_cancels_every_open_order()
    {
        var price = decimal.Round(await BestBidAsync() * 0.4m, 1).ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < 2; i++) Assert.Equal(0, (await sandbox.RunAsync("buy", "BTC-USD", "0.001", "--price", price)).ExitCode);
        var result = (await sandbox.RunAsync("cancel-all", "-o", "json")).Json();
        Assert.True(result.GetProperty("cancelled").GetInt32() >= 2);
        Assert.Empty((await sandbox.RunAsync("orders", "-o", "json")).Json().GetProperty("orders").EnumerateArray());
        var table = await sandbox.RunAsync("cancel-all");
        Assert.Contains("Cancelled 0 open orders", table.StdOut);
    }

    [Fact]
    public async Task Balance_table_lists_assets()
    {
        var result = await sandbox.RunAsync("balance");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("USD", result.StdOut);
        Assert.Contains("ETH", result.StdOut);
        Assert.Contains("Available", result.StdOut);
    }

    [Fact]
    public async Task Trading_errors_have_their_own_category_and_exit_code()
    {
        var resting = decimal.Round(await BestBidAsync() * 0.9m, 1).ToString(CultureInfo.InvariantCulture);
        var funds = await sandbox.RunAsync("buy", "BTC-USD", "10", "--price", resting, "-o", "json");
        Assert.Equal(15, funds.ExitCode);
        Assert.Equal("insufficient_funds", funds.Json().GetProperty("error").GetString());

        var unknown = await sandbox.RunAsync("cancel", "OAAAAA-BBBBB-CCCCCC", "-o", "json");
        Assert.Equal(16, unknown.ExitCode);
        Assert.Equal("unknown_order", unknown.Json().GetProperty("error").GetString());

        var tooSmall = await sandbox.RunAsync("buy", "BTC-USD", "0.000000001", "--price", "100", "-o", "json");
        Assert.Equal(14, tooSmall.ExitCode);
        Assert.Equal("validation", tooSmall.Json().GetProperty("error").GetString());

        var noPrice = await sandbox.RunAsync("sell", "BTC-USD", "0.01", "-o", "json");
        Assert.Equal(2, noPrice.ExitCode);
        Assert.Contains("--price", noPrice.Json().GetProperty("message").GetString());

        var badAmount = await sandbox.RunAsync("buy", "BTC-USD", "1e3", "--price", "1");
        Assert.Equal(2, badAmount.ExitCode);
        Assert.Contains("AMOUNT", badAmount.StdErr);

        var badType = await sandbox.RunAsync("buy", "BTC-USD", "1", "--type", "stop", "-o", "json");
        Assert.Equal(2, badType.ExitCode);
        Assert.Equal("usage", badType.Json().GetProperty("error").GetString());
    }
}
