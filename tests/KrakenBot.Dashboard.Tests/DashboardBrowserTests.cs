using System.Net;
using System.Text.RegularExpressions;
using KrakenBot.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KrakenBot.Dashboard.Tests;

/// <summary>
/// <c>krakenbot start --dashboard 127.0.0.1:0 --dashboard-controls</c> on a quiet sandbox, looked at in headless
/// chromium: the page loads, shows the book with the bot's own quotes marked, a fill the test makes appears in the
/// fills list and moves the P&amp;L, health is shown, pause (confirmed) takes the quotes off and no new order follows
/// while the bot's clock runs on, resume brings them back, cancel all pauses and clears, and stop ends the bot with
/// nothing left on the book. Every control is in the bot's log.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly Regex Bid = new(@"^59994(\.0+)?$");
    private static readonly Regex Ask = new(@"^60006(\.0+)?$");

    [Fact]
    public async Task The_page_shows_book_and_own_orders_a_fill_moves_the_pnl_pause_stops_new_orders_and_stop_ends_the_bot()
    {
        await using var bot = await SandboxBot.StartAsync("--dashboard", "127.0.0.1:0", "--dashboard-controls");
        var url = await bot.DashboardUrlAsync();
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal("", url.Query); // loopback: no token

        // A page of another site that a DNS name rebound to 127.0.0.1 would carry its own Host: refused.
        using (var http = new HttpClient())
        {
            using var rebound = new HttpRequestMessage(HttpMethod.Get, url);
            rebound.Headers.Host = "attacker.example";
            using var refused = await http.SendAsync(rebound);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var problems = new List<string>(); // script errors and CSP violations show here
        page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add(m.Text); };
        page.PageError += (_, e) => { lock (problems) problems.Add(e); };
        var dialogs = new List<string>();
        page.Dialog += async (_, d) =>
        {
            lock (dialogs) dialogs.Add(d.Message);
            await d.AcceptAsync();
        };

        var response = await page.GotoAsync(url.ToString());
        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'self'", await response.HeaderValueAsync("content-security-policy"));
        await Expect(page.Locator("#mode")).ToHaveTextAsync("sandbox");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        await Expect(page.Locator("#status")).ToHaveTextAsync("running");
        await Expect(page.Locator("#health-ready")).ToHaveTextAsync("Connector ready");
        await Expect(page.Locator("#health-book")).ToContainTextAsync("Book exact");
        await Expect(page.Locator("#health-deadman")).ToContainTextAsync("armed: the exchange cancels every order 60 s after the bot goes silent");
        await Expect(page.Locator("#health-rate")).ToContainTextAsync("Trading rate counter");

        // The book: the maker's 59900 / 60100 and the bot's two quotes, marked as its own, asks above bids.
        await Expect(Ladder(page, "59900")).ToHaveCountAsync(1);
        await Expect(Ladder(page, "60100")).ToHaveCountAsync(1);
        var own = page.Locator("#ladder tr.own");
        await Expect(own).ToHaveCountAsync(2);
        await bot.ExplainedAsync(() => Expect(own.Locator("td.price")).ToHaveTextAsync([Ask, Bid]));
        var orders = page.Locator("#orders tbody tr");
        await Expect(orders).ToHaveCountAsync(2);
        await Expect(orders.Locator("td:nth-child(2)")).ToHaveTextAsync(new[] { "buy", "sell" }, new() { UseInnerText = true });
        await Expect(page.Locator("#fills-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#pnl-trades")).ToHaveTextAsync(new Regex(@"^0 "));
        string totalBefore = (await page.Locator("#pnl-total").TextContentAsync())!;

        // The maker sells into the bot's bid: the fill shows up, and the P&L moves.
        await QuietSandbox.Expect(bot.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "59994"),
            ("volume", "0.01"), ("timeinforce", "IOC")));
        var fills = page.Locator("#fills tbody tr");
        await Expect(fills).ToHaveCountAsync(1);
        await Expect(fills.Locator("td").Nth(1)).ToHaveTextAsync("buy");
        await Expect(fills.Locator("td").Nth(2)).ToHaveTextAsync(Bid);
        await Expect(fills.Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^0\.010*$"));
        await Expect(fills.Locator("td").Nth(5)).ToHaveTextAsync("maker");
        await Expect(page.Locator("#pnl-trades")).ToHaveTextAsync(new Regex(@"^1 \(1 buys, 0 sells\)$"));
        await Expect(page.Locator("#pnl-total")).Not.ToHaveTextAsync(totalBefore);
        await Expect(page.Locator("#fills-empty")).ToBeHiddenAsync();

        // Quotes come back a second after the fill.
        await Expect(own).ToHaveCountAsync(2);
        if (Environment.GetEnvironmentVariable("KRAKENBOT_DASHBOARD_SCREENSHOT") is { Length: > 0 } shot)
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });

        // Pause (confirmed): the quotes go, and while the bot's clock runs three refresh periods on, none comes back,
        // although the market moved (a running bot would quote around the new mid).
        await page.ClickAsync("#pause");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-status", "paused");
        await Expect(orders).ToHaveCountAsync(0);
        await Expect(own).ToHaveCountAsync(0);
        await Expect(page.Locator("#reason")).ToContainTextAsync("paused from the dashboard");
        Assert.Contains(dialogs, d => d.StartsWith("Pause the strategy?", StringComparison.Ordinal));
        string places = (await page.Locator("body").GetAttributeAsync("data-places"))!;
        long pausedAt = long.Parse((await page.Locator("body").GetAttributeAsync("data-time"))!);
        await QuietSandbox.Expect(bot.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59950"), ("volume", "0.5")));
        await Expect(Ladder(page, "59950")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("t => Number(document.body.dataset.time) >= t", pausedAt + 3000);
        Assert.Equal(places, await page.Locator("body").GetAttributeAsync("data-places"));
        await Expect(orders).ToHaveCountAsync(0);
        Assert.Empty(await bot.OpenOrderIdsAsync());

        // Resume: quoting again, around the new mid.
        await page.ClickAsync("#resume");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-status", "running");
        await Expect(orders).ToHaveCountAsync(2);

        // Cancel all (confirmed): the strategy is paused first, so nothing comes back.
        await page.ClickAsync("#cancel-all");
        await Expect(page.Locator("#control-result")).ToContainTextAsync("Strategy paused");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-status", "paused");
        await Expect(orders).ToHaveCountAsync(0);
        Assert.Contains(dialogs, d => d.StartsWith("Cancel every open order", StringComparison.Ordinal));
        lock (problems) Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Stop (confirmed): the bot cancels its orders and exits 0; every control is in its log.
        await page.ClickAsync("#stop");
        Assert.Equal(0, await bot.ExitAsync());
        Assert.Empty(await bot.OpenOrderIdsAsync());
        Assert.Contains(dialogs, d => d.StartsWith("Stop the bot?", StringComparison.Ordinal));
        string log = await File.ReadAllTextAsync(Path.Combine(bot.DataDir, "bots", "dash_bot", "bot.log"));
        foreach (var action in new[] { "pause", "resume", "cancel-all", "stop" }) Assert.Contains($"Dashboard control: {action} asked", log);
        Assert.Contains("stopped from the dashboard", log);
    }

    private static ILocator Ladder(IPage page, string price) =>
        page.Locator("#ladder td.price", new() { HasTextRegex = new Regex($"^{price}(\\.0+)?$") });
}
