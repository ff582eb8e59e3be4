using System.Text.RegularExpressions;
using KrakenBot.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KrakenBot.Dashboard.Tests;

/// <summary>
/// <c>krakenbot dashboard</c>: an account's dashboard without a strategy. On the sandbox it shows the book, an order the
/// trader placed elsewhere (another program on the same key), its fill as it happens, and cancel-all (confirmed) takes
/// the account's orders off the book; on paper trading it says so.
/// </summary>
public sealed class DashboardAccountTests
{
    [Fact]
    public async Task The_account_dashboard_shows_the_book_an_order_placed_elsewhere_its_fill_and_cancel_all_clears_the_book()
    {
        await using var account = await SandboxBot.StartCommandAsync("dashboard", "127.0.0.1:0", "--pair", "BTC-USD", "--dashboard-controls");
        var url = await account.DashboardUrlAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        page.Dialog += async (_, d) => await d.AcceptAsync();
        await page.GotoAsync(url.ToString());
        await Expect(page.Locator("#mode")).ToHaveTextAsync("sandbox");
        await Expect(page.Locator("#status")).ToHaveTextAsync("account");
        await Expect(Ladder(page, "59900")).ToHaveCountAsync(1);
        await Expect(Ladder(page, "60100")).ToHaveCountAsync(1);

        // Another program on the same key rests two bids: the dashboard marks them as the account's own.
        await QuietSandbox.Expect(account.Observer.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59950"), ("volume", "0.01")));
        await QuietSandbox.Expect(account.Observer.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59940"), ("volume", "0.02")));
        await Expect(page.Locator("#ladder tr.own td.price")).ToHaveTextAsync([new Regex(@"^59950(\.0+)?$"), new Regex(@"^59940(\.0+)?$")]);
        await Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(2);

        // The maker sells into the first: the fill shows up as it happens.
        await QuietSandbox.Expect(account.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "59950"),
            ("volume", "0.01"), ("timeinforce", "IOC")));
        var fills = page.Locator("#fills tbody tr");
        await Expect(fills).ToHaveCountAsync(1);
        await Expect(fills.Locator("td").Nth(2)).ToHaveTextAsync(new Regex(@"^59950(\.0+)?$"));
        await Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(1);

        // Cancel all (confirmed): the account's remaining order leaves the exchange.
        await page.ClickAsync("#cancel-all");
        await Expect(page.Locator("#control-result")).ToContainTextAsync("1 order(s) on BTC-USD cancelled");
        await Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(0);
        Assert.Empty(await account.OpenOrderIdsAsync());

        account.Interrupt(); // Ctrl+C ends it cleanly
        Assert.Equal(0, await account.ExitAsync());
    }

    [Fact]
    public async Task A_paper_account_dashboard_is_labelled_paper_and_opens_a_backtest_report_from_a_file()
    {
        await using var paper = await SandboxBot.StartCommandAsync("--connector", "kraken_paper_trade", "dashboard", "--pair", "BTC-USD");
        var url = await paper.DashboardUrlAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(url.ToString());
        await Expect(page.Locator("#mode")).ToHaveTextAsync("paper");
        await Expect(page.Locator("#mode")).ToHaveClassAsync(new Regex(@"\bpaper\b"));
        await Expect(Ladder(page, "60100")).ToHaveCountAsync(1); // paper trades on the real (sandbox) book
        await Expect(page.Locator("#health-deadman")).ToContainTextAsync("not used (paper trading");
        await Expect(page.Locator("#controls")).ToBeHiddenAsync();

        // A backtest report (krakenbot backtest --report), read in the browser from a file.
        await page.ClickAsync("a[href='/report.html']");
        await page.SetInputFilesAsync("#file", Path.Combine(AppContext.BaseDirectory, "Data", "sandbox-btcusd-30s.pmm-report.json"));
        await Expect(page.Locator("#report-title")).ToContainTextAsync("golden · pure_market_making · BTC-USD");
        await Expect(page.Locator("#summary dd[data-name='Total P&L']")).ToHaveTextAsync("118.10 USD");
        await Expect(page.Locator("#summary dd[data-name='Trades']")).ToHaveTextAsync("18 (6 buys, 12 sells)");
        await Expect(page.Locator("#report-fills tbody tr")).ToHaveCountAsync(18);
        await Expect(page.Locator("#report-fills tbody tr").First.Locator("td").Nth(2)).ToHaveTextAsync("59989.4");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "notes.json", MimeType = "application/json", Buffer = "{\"x\": 1}"u8.ToArray() });
        await Expect(page.Locator("#error")).ToHaveTextAsync(new Regex("^notes.json is not a backtest report: .*krakenbot backtest --report FILE$"));
        await Expect(page.Locator("#report")).ToBeHiddenAsync();
    }

    private static ILocator Ladder(IPage page, string price) =>
        page.Locator("#ladder td.price", new() { HasTextRegex = new Regex($"^{price}(\\.0+)?$") });
}
