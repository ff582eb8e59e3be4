using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Tests.Rest;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.Hardening;

/// <summary>
/// Malformed and hostile HTTP replies into the real REST client over 127.0.0.1, for a public read, a private read
/// and order placement. Each one ends in an <see cref="ExchangeException"/> that names the endpoint (never a raw
/// JSON, format or overflow exception, never a value made up), and placement never claims an outcome it cannot know.
/// </summary>
public sealed class RestHostileReplyTests : IAsyncLifetime
{
    private const string ApiKey = "hardening-key-0001";
    private const string Secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    private readonly HttpClient _http = new();
    private LoopbackKrakenServer _server = null!;
    private KrakenRestClient _client = null!;

    /// <summary>Hostile bodies, by name: status, content type, body.</summary>
    private static readonly Dictionary<string, Reply> Bodies = new()
    {
        ["truncated json"] = Reply.Raw(200, "application/json", """{"error":[],"result":{"XXBTZUSD":{"a":["3537"""),
        ["empty body"] = Reply.Raw(200, "application/json", ""),
        ["not json"] = Reply.Raw(200, "application/json", "hello"),
        ["json null"] = Reply.Raw(200, "application/json", "null"),
        ["json array"] = Reply.Raw(200, "application/json", "[1,2,3]"),
        ["html 200 page"] = Reply.Raw(200, "text/html", "<html><body><h1>Down for maintenance</h1></body></html>"),
        ["html 403 cloudflare page"] = Reply.Raw(403, "text/html", "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head></html>"),
        ["html 500 page"] = Reply.Raw(500, "text/html", "<html><body>Internal Server Error</body></html>"),
        ["result null"] = Reply.Raw(200, "application/json", """{"error":[],"result":null}"""),
        ["result of the wrong type"] = Reply.Raw(200, "application/json", """{"error":[],"result":[1,2,3]}"""),
        ["result missing"] = Reply.Raw(200, "application/json", """{"error":[]}"""),
        ["error not an array"] = Reply.Raw(200, "application/json", """{"error":"EGeneral:Internal error","result":{}}"""),
        ["error of numbers"] = Reply.Raw(200, "application/json", """{"error":[42],"result":{}}"""),
        ["nested 10000 deep"] = Reply.Raw(200, "application/json", """{"error":[],"result":""" + new string('[', 10_000) + new string(']', 10_000) + "}"),
        ["2 MB of garbage"] = Reply.Raw(200, "application/json", "{\"error\":[],\"result\":\"" + new string('A', 2 * 1024 * 1024)),
        ["utf-8 bom then json"] = Reply.Raw(200, "application/json", "\uFEFF{\"error\":[],\"result\":7}"),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string endpoint in (string[])["Ticker", "BalanceEx", "AddOrder"])
            foreach (string body in Bodies.Keys)
                data.Add(endpoint, body);
        return data;
    }

    public async Task InitializeAsync()
    {
        _server = await LoopbackKrakenServer.StartAsync(ApiKey, Secret);
        var options = new KrakenOptions { RestBaseUrl = _server.BaseUrl, RetryBackoff = TimeSpan.Zero, MaxReadAttempts = 2 };
        _client = new KrakenRestClient(_http, options, new CountingNonceSource(), new RecordingBudget(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), new CapturingLogger(), new KrakenCredentials(ApiKey, Secret));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_reply_becomes_a_clear_exchange_error(string endpoint, string body)
    {
        _server.Script(endpoint, Bodies[body]);

        var error = await Record.ExceptionAsync(() => Call(endpoint));

        var exchangeError = Assert.IsAssignableFrom<ExchangeException>(error);
        Assert.Contains($"Kraken {endpoint}", exchangeError.Message + " " + exchangeError.InnerException?.Message);
        Assert.DoesNotContain(Secret, exchangeError.ToString());
        if (endpoint == "AddOrder")
        {
            // None of these is a refusal Kraken sent: the order may have been placed, so the only honest answer is
            // "outcome unknown" (look it up before sending again), and it is not sent twice.
            Assert.IsType<OutcomeUnknownException>(exchangeError);
            Assert.Single(_server.RequestsTo("AddOrder"));
        }
    }

    [Theory]
    [InlineData("\"1e400\"")]
    [InlineData("\"99999999999999999999999999999999\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"1,5\"")]
    [InlineData("\" 1.5\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task A_balance_that_is_not_an_exact_decimal_is_refused_naming_the_field(string value)
    {
        _server.Script("BalanceEx", Reply.Ok("{\"ZUSD\":{\"balance\":" + value + ",\"hold_trade\":\"0\"}}"));

        var error = await Assert.ThrowsAsync<UnexpectedResponseException>(() => _client.GetBalanceExAsync());

        Assert.Contains("Kraken BalanceEx", error.Message);
        Assert.Contains("ZUSD", error.Message);
    }

    [Theory]
    [InlineData("\"1.5e2\"", "150")]
    [InlineData("\"1E-8\"", "0.00000001")]
    [InlineData("\"0.000000000000000000000000001\"", "0.000000000000000000000000001")]
    [InlineData("\"79228162514264337593543950335\"", "79228162514264337593543950335")]
    public async Task Exponent_notation_and_extreme_but_representable_values_are_read_exactly(string value, string expected)
    {
        _server.Script("BalanceEx", Reply.Ok("{\"ZUSD\":{\"balance\":" + value + ",\"hold_trade\":\"0\"}}"));

        var balances = await _client.GetBalanceExAsync();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(balances.Entries).Total);
    }

    private Task Call(string endpoint) => endpoint switch
    {
        "Ticker" => _client.GetTickerAsync(["XBTUSD"]),
        "BalanceEx" => _client.GetBalanceExAsync(),
        "AddOrder" => _client.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 1.25m, Price = 27500m,
            ClientOrderId = "0b2f6b4e-53c2-4d3e-9b1b-0d7c1f1f4a10",
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };
}
