using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Api.Rest;

namespace KrakenBot.Sandbox.Tests.Rest;

public sealed class AuthenticationTests
{
    private static JsonElement Vector() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "kraken-vectors.json"))).RootElement.GetProperty("spot_rest_signature");

    [Fact]
    public void Sandbox_signature_matches_krakens_official_vector()
    {
        var v = Vector();
        Span<byte> sig = stackalloc byte[64];
        ApiSignature.Compute(Convert.FromBase64String(v.Str("api_secret")), v.Str("uri_path"), v.Str("nonce"), Encoding.UTF8.GetBytes(v.Str("post_body")), sig);
        Assert.Equal(v.Str("expected_api_sign"), Convert.ToBase64String(sig));
        // and the test's independent signer agrees, so the HTTP tests below sign correctly
        Assert.Equal(v.Str("expected_api_sign"), TestSigner.Sign(v.Str("api_secret"), v.Str("uri_path"), v.Str("nonce"), v.Str("post_body")));
    }

    [Fact]
    public async Task The_official_vector_request_is_accepted_over_http()
    {
        var v = Vector();
        await using var sandbox = await TestSandbox.StartAsync(accounts: [TestSandbox.Account("vector", v.Str("api_secret"))]);
        var client = sandbox.Client("vector", v.Str("api_secret"));
        var response = await client.Send("AddOrder", v.Str("nonce"), v.Str("post_body"), "application/x-www-form-urlencoded", v.Str("expected_api_sign"));
        var result = response.Ok();
        Assert.Equal("buy 1.25000000 XBTUSD @ limit 37500.0", result.GetProperty("descr").Str("order"));
        Assert.Matches("^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$", result.GetProperty("txid")[0].GetString());
    }

    [Fact]
    public async Task A_wrong_secret_is_an_invalid_signature_and_does_not_burn_the_nonce()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var forger = sandbox.Client(TestSandbox.Key, Convert.ToBase64String(new byte[64]));
        var honest = sandbox.Client();
        var nonce = "1800000000000";
        Assert.Equal("EAPI:Invalid signature", (await forger.Send("Balance", nonce, "nonce=" + nonce, "application/x-www-form-urlencoded")).Error());
        Assert.Empty((await honest.Send("Balance", nonce, "nonce=" + nonce, "application/x-www-form-urlencoded")).Errors());
    }

    [Fact]
    public async Task A_replayed_or_lower_nonce_is_refused()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        Assert.Empty((await client.Send("Balance", "500", "nonce=500", "application/x-www-form-urlencoded")).Errors());
        Assert.Equal("EAPI:Invalid nonce", (await client.Send("Balance", "500", "nonce=500", "application/x-www-form-urlencoded")).Error());
        Assert.Equal("EAPI:Invalid nonce", (await client.Send("Balance", "499", "nonce=499", "application/x-www-form-urlencoded")).Error());
        Assert.Equal("EAPI:Invalid nonce", (await client.Send("Balance", "x", "nonce=abc", "application/x-www-form-urlencoded")).Error());
        Assert.Empty((await client.Send("Balance", "501", "nonce=501", "application/x-www-form-urlencoded")).Errors());
    }

    [Fact]
    public async Task Unknown_key_and_tampered_body_are_refused()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var stranger = sandbox.Client("nobody", TestSandbox.Secret);
        Assert.Equal("EAPI:Invalid key", (await stranger.Post("Balance")).Error());

        var client = sandbox.Client();
        var signature = TestSigner.Sign(TestSandbox.Secret, "/0/private/Balance", "42", "nonce=42");
        Assert.Equal("EAPI:Invalid signature", (await client.Send("Balance", "42", "nonce=42&asset=XBT", "application/x-www-form-urlencoded", signature)).Error());
    }

    [Fact]
    public async Task Json_bodies_are_signed_over_the_exact_json_text()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var body = """{"nonce": 1700000000999, "pair":"XBTUSD", "type":"buy", "ordertype":"limit", "price":"30000.0", "volume": 0.5}""";
        var result = (await client.Send("AddOrder", "1700000000999", body, "application/json")).Ok();
        Assert.Equal("buy 0.50000000 XBTUSD @ limit 30000.0", result.GetProperty("descr").Str("order"));
    }

    [Fact]
    public async Task Restricted_keys_get_permission_denied()
    {
        await using var sandbox = await TestSandbox.StartAsync(accounts:
        [
            TestSandbox.Account("reader", TestSandbox.Secret, ApiPermissions.QueryFunds),
            TestSandbox.Account("trader", TestSandbox.Secret, ApiPermissions.ModifyTrades | ApiPermissions.QueryOpenTrades),
        ]);
        var reader = sandbox.Client("reader");
        Assert.Empty((await reader.Post("Balance")).Errors());
        Assert.Equal("EGeneral:Permission denied", (await reader.Post("OpenOrders")).Error());
        Assert.Equal("EGeneral:Permission denied", (await reader.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Error());
        Assert.Equal("EGeneral:Permission denied", (await reader.Post("GetWebSocketsToken")).Error());
        var info = (await reader.Post("GetApiKeyInfo")).Ok();
        Assert.Equal(new[] { "query-funds" }, info.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToArray());

        var trader = sandbox.Client("trader");
        Assert.Equal("EGeneral:Permission denied", (await trader.Post("Balance")).Error());
        Assert.Equal("EGeneral:Permission denied", (await trader.Post("ClosedOrders")).Error());
        Assert.Empty((await trader.Post("CancelAll")).Errors()); // create & modify may cancel
        Assert.Equal("EGeneral:Permission denied", (await trader.Post("EditOrder", ("txid", "OABCDE-FGHIJ-KLMNOP"), ("pair", "XBTUSD"))).Error());
    }
}
