using System.Net;
using System.Text;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>Whatever a client sends, the answer is Kraken's error in Kraken's envelope: never a 500, never a hang.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("volume", "NaN", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "-1", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "1e3", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "Infinity", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "0.0000000000000000000000000000000000000001", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "99999999999999999999999999999999999", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "1.000000001", "EGeneral:Invalid arguments:volume")]
    [InlineData("volume", "0", "EGeneral:Invalid arguments:volume")]
    [InlineData("price", "abc", "EGeneral:Invalid arguments:price")]
    [InlineData("price", "60000.05", "EOrder:Tick size check failed")]
    [InlineData("type", "hold", "EGeneral:Invalid arguments:type")]
    [InlineData("ordertype", "settle-position", "EGeneral:Invalid arguments:ordertype")]
    [InlineData("pair", "NOPE", "EQuery:Unknown asset pair")]
    [InlineData("oflags", "post,bogus", "EGeneral:Invalid arguments:oflags")]
    [InlineData("timeinforce", "forever", "EGeneral:Invalid arguments:timeinforce")]
    [InlineData("stptype", "cancel-all", "EGeneral:Invalid arguments:stptype")]
    [InlineData("userref", "12x", "EGeneral:Invalid arguments:userref")]
    [InlineData("leverage", "5", "EGeneral:Invalid arguments:leverage")]
    [InlineData("volume", "0.00001", "EOrder:Order minimum not met")]
    public async Task Malformed_order_fields_are_named(string field, string value, string expected)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var fields = new Dictionary<string, string> { ["pair"] = "XBTUSD", ["type"] = "buy", ["ordertype"] = "limit", ["price"] = "60000", ["volume"] = "1" };
        fields[field] = value;
        var response = await sandbox.Client().Post("AddOrder", fields.Select(kv => (kv.Key, kv.Value)).ToArray());
        Assert.Equal(expected, response.Error());
    }

    [Theory]
    [InlineData("volume")]
    [InlineData("pair")]
    [InlineData("type")]
    [InlineData("price")]
    public async Task Missing_required_fields_are_named(string missing)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var fields = new Dictionary<string, string> { ["pair"] = "XBTUSD", ["type"] = "buy", ["ordertype"] = "limit", ["price"] = "60000", ["volume"] = "1" };
        fields.Remove(missing);
        Assert.Equal("EGeneral:Invalid arguments:" + missing, (await sandbox.Client().Post("AddOrder", fields.Select(kv => (kv.Key, kv.Value)).ToArray())).Error());
    }

    [Fact]
    public async Task Malformed_json_is_invalid_arguments()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var nonce = client.NextNonce().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.Send("AddOrder", nonce, "{\"nonce\":" + nonce + ",\"pair\":", "application/json");
        Assert.StartsWith("EGeneral:Invalid arguments", response.Error());
        var array = await client.Send("Balance", nonce, "[1,2,3]", "application/json");
        Assert.StartsWith("EGeneral:Invalid arguments", array.Error());
        var deep = await client.Send("Balance", nonce, new string('[', 5000), "application/json");
        Assert.StartsWith("EGeneral:Invalid arguments", deep.Error());
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_krakens_envelope()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var nonce = client.NextNonce().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = "nonce=" + nonce + "&pad=" + new string('x', 200_000);
        var response = await client.SendRaw("Balance", nonce, body, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("EGeneral:Invalid arguments", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_methods_and_paths()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        Assert.Equal("EGeneral:Unknown method", (await sandbox.Client().Post("Withdraw")).Error());
        foreach (var path in new[] { "/0/public/", "/0/private/", "/1/public/Time", "/" })
        {
            var response = await sandbox.Http.PostAsync(path, new StringContent("", Encoding.UTF8));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("EGeneral:Unknown method", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Garbage_form_encoding_and_bad_query_values()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var nonce = client.NextNonce().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.Send("Balance", nonce, "nonce=" + nonce + "&orders[0=1", "application/x-www-form-urlencoded");
        Assert.StartsWith("EGeneral:Invalid arguments", response.Error());
        Assert.Equal("EGeneral:Invalid arguments:count", (await sandbox.Public("Trades", "pair=XBTUSD&count=-5")).Error());
        Assert.Equal("EGeneral:Invalid arguments:since", (await sandbox.Public("Spread", "pair=XBTUSD&since=NaN")).Error());
        Assert.Equal("EGeneral:Invalid arguments:ofs", (await client.Post("ClosedOrders", ("ofs", "-1"))).Error());
        Assert.Equal("EGeneral:Invalid arguments:txid", (await client.Post("QueryOrders")).Error());
    }
}
