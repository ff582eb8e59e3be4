using System.Text;
using KrakenBot.Sandbox.Tests.Rest;

namespace KrakenBot.Sandbox.Tests.Hardening;

/// <summary>
/// Hostile authentication headers on a private REST call: each gets Kraken's own error (API.md §2: unknown key →
/// <c>EAPI:Invalid key</c>, bad signature → <c>EAPI:Invalid signature</c>), never a server error, and none moves the
/// key's nonce, so the honest owner's next call with that nonce still goes through.
/// </summary>
public class AuthenticationHeaderTests
{
    public static TheoryData<string, string?, string?, string> Cases() => new()
    {
        { "no API-Key header", null, "sign", "EAPI:Invalid key" },
        { "empty API-Key", "", "sign", "EAPI:Invalid key" },
        { "API-Key of another case", TestSandbox.Key.ToUpperInvariant(), "sign", "EAPI:Invalid key" },
        { "no API-Sign header", TestSandbox.Key, null, "EAPI:Invalid signature" },
        { "empty API-Sign", TestSandbox.Key, "", "EAPI:Invalid signature" },
        { "API-Sign not base64", TestSandbox.Key, "!!!not-base64!!!", "EAPI:Invalid signature" },
        { "API-Sign too short", TestSandbox.Key, Convert.ToBase64String(new byte[10]), "EAPI:Invalid signature" },
        { "API-Sign 10 KB long", TestSandbox.Key, new string('A', 10_240), "EAPI:Invalid signature" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_header_gets_krakens_error_and_burns_no_nonce(string name, string? key, string? signature, string expected)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        const string nonce = "1800000000000";
        const string body = "nonce=" + nonce;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/0/private/Balance")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (key is not null) request.Headers.TryAddWithoutValidation("API-Key", key);
        if (signature is not null) request.Headers.TryAddWithoutValidation("API-Sign", signature);

        using var response = await sandbox.Http.SendAsync(request);
        var reply = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{name}: HTTP {(int)response.StatusCode}");
        Assert.Equal(expected, reply.Error());
        Assert.Empty((await sandbox.Client().Send("Balance", nonce, body, "application/x-www-form-urlencoded")).Errors());
    }
}
