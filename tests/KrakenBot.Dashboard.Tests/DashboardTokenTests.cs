using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace KrakenBot.Dashboard.Tests;

/// <summary>
/// <c>krakenbot start --dashboard 0.0.0.0:0</c>: bound beyond loopback, so a token is generated and printed. No request
/// at all is answered without it (plain HTTP, every kind of path), a browser with a wrong token is refused, the right
/// one lands on the page with the token gone from the address bar, controls stay off, and nothing secret reaches the page.
/// </summary>
public sealed class DashboardTokenTests
{
    private static readonly string[] Paths = ["/", "/index.html", "/app.js", "/app.css", "/events", "/api/state", "/api/config", "/favicon.ico", "/no/such/page"];

    [Fact]
    public async Task Beyond_loopback_no_request_is_answered_without_the_token_and_a_browser_with_a_wrong_token_is_refused()
    {
        await using var bot = await SandboxBot.StartAsync("--dashboard", "0.0.0.0:0");
        var printed = await bot.DashboardUrlAsync();
        Assert.Equal("0.0.0.0", printed.Host);
        var token = Regex.Match(printed.Query, "^\\?token=(?<t>[A-Za-z0-9_-]{43})$").Groups["t"].Value;
        Assert.NotEmpty(token);
        await bot.UntilStdErrAsync("needs the token"); // the notice follows the URL's line
        string log = await File.ReadAllTextAsync(Path.Combine(bot.DataDir, "bots", "dash_bot", "bot.log"));
        Assert.DoesNotContain(token, log); // printed to the terminal only

        var site = new Uri($"http://127.0.0.1:{printed.Port}/");
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = site };
        string wrong = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        foreach (var path in Paths)
        {
            await RefusedAsync(http, HttpMethod.Get, path, null);
            await RefusedAsync(http, HttpMethod.Get, path + "?token=" + wrong, null);
            await RefusedAsync(http, HttpMethod.Get, path + "?token=", null);
            await RefusedAsync(http, HttpMethod.Get, path, m => m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", wrong));
            await RefusedAsync(http, HttpMethod.Get, path, m => m.Headers.Add("Cookie", $"krakenbot_dashboard_{printed.Port}={wrong}"));
            await RefusedAsync(http, HttpMethod.Head, path, null);
        }
        await RefusedAsync(http, HttpMethod.Post, "/api/control/pause", m => m.Headers.Add("Origin", site.GetLeftPart(UriPartial.Authority)));

        // With the token: the state, with nothing secret in it; a POST from another origin is still refused.
        using (var state = new HttpRequestMessage(HttpMethod.Get, "/api/state"))
        {
            state.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var reply = await http.SendAsync(state);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            string body = await reply.Content.ReadAsStringAsync();
            Assert.Contains("\"mode\":\"sandbox\"", body);
            foreach (var secret in new[] { token, SandboxBot.BotKey, SandboxBot.Secret, bot.DataDir }) Assert.DoesNotContain(secret, body);
        }
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/control/pause"))
        {
            crossSite.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            crossSite.Headers.Add("Origin", "http://attacker.example");
            using var reply = await http.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        }
        using (var landing = await http.GetAsync("/?token=" + token))
        {
            Assert.Equal(HttpStatusCode.SeeOther, landing.StatusCode);
            Assert.Equal("/", landing.Headers.Location!.ToString());
            var cookie = Assert.Single(landing.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var refused = await page.GotoAsync($"{site}?token={wrong}");
        Assert.Equal(401, refused!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("Refused: wrong or missing dashboard token");

        var loaded = await page.GotoAsync($"{site}?token={token}");
        Assert.Equal(200, loaded!.Status);
        Assert.Equal(site.ToString(), page.Url); // the token left the address bar
        await Expect(page.Locator("#mode")).ToHaveTextAsync("sandbox");
        await Expect(page.Locator("#ladder tr.own")).ToHaveCountAsync(2);
        await Expect(page.Locator("#controls")).ToBeHiddenAsync();
        var pageText = await page.ContentAsync();
        foreach (var secret in new[] { token, SandboxBot.BotKey, SandboxBot.Secret }) Assert.DoesNotContain(secret, pageText);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.cookie.length")); // the token's cookie is out of the script's reach

        // Controls are off: even the page's own POST is refused.
        var answer = await page.EvaluateAsync<string>("fetch('/api/control/pause', { method: 'POST' }).then(r => r.status + ' ' + r.statusText)");
        Assert.StartsWith("403", answer);
        Assert.Equal(2, (await bot.OpenOrderIdsAsync()).Count); // not paused: both quotes still rest
    }

    private static async Task RefusedAsync(HttpClient http, HttpMethod method, string path, Action<HttpRequestMessage>? setup)
    {
        using var request = new HttpRequestMessage(method, path);
        setup?.Invoke(request);
        using var reply = await http.SendAsync(request);
        string body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)reply.StatusCode} {body}");
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"mode\"", body);
        Assert.False(reply.Headers.Contains("Set-Cookie"), $"{method} {path} set a cookie");
    }
}
