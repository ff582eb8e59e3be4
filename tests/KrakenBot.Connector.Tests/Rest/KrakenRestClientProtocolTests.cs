using System.Net;
using System.Net.Sockets;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Tests.Socket;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>
/// The REST client against a Kraken-like Kestrel server on 127.0.0.1 that verifies every signature and nonce
/// independently and answers with scripted Kraken envelopes, gateway pages, truncated JSON or no reply at all.
/// </summary>
public sealed class KrakenRestClientProtocolTests : IAsyncLifetime
{
    private const string ApiKey = "test-public-key-0001";
    private const string Secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingBudget _budget = new();
    private readonly CapturingLogger _logger = new();
    private readonly HttpClient _http = new();
    private LoopbackKrakenServer _server = null!;
    private KrakenOptions _options = null!;
    private KrakenRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackKrakenServer.StartAsync(ApiKey, Secret);
        _options = new KrakenOptions { RestBaseUrl = _server.BaseUrl, RetryBackoff = TimeSpan.Zero, MaxReadAttempts = 3 };
        _client = CreateClient(_options, new KrakenCredentials(ApiKey, Secret));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private KrakenRestClient CreateClient(KrakenOptions options, KrakenCredentials? credentials)
        => new(_http, options, new CountingNonceSource(), _budget, _time, _logger, credentials);

    [Fact]
    public async Task Public_call_is_a_GET_with_query_and_no_credentials()
    {
        _server.Script("OHLC", Reply.Ok("""{"XXBTZUSD":[[1548115200,"3533.4","3543.7","3530.7","3539.4","3539.8","83.09287787",232]],"last":1548111600}"""));

        KrakenCandlePage page = await _client.GetOhlcAsync("XBTUSD", intervalMinutes: 60, since: 1548111000);

        Assert.Equal("83.09287787", KrakenPayloads.Exact(page.Candles[0].Volume));
        RecordedRequest request = Assert.Single(_server.Requests);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal("XBTUSD", request.Fields["pair"]);
        Assert.Equal("60", request.Fields["interval"]);
        Assert.Equal("1548111000", request.Fields["since"]);
        Assert.Null(request.ApiKey);
        Assert.Empty(_budget.Charges);
    }

    [Fact]
    public async Task Private_calls_are_signed_with_strictly_increasing_nonces_and_charged_per_kind()
    {
        _server.Script("BalanceEx", Reply.Ok("""{"ZUSD":{"balance":"100.5000","hold_trade":"0.5000"}}"""));
        _server.Script("TradesHistory", Reply.Ok("""{"trades":{},"count":0}"""));
        _server.Script("AddOrder", Reply.Ok("""{"descr":{"order":"buy 1.25000000 XBTUSD @ limit 37500.0"},"txid":["OUF4EM-FRGI2-MQMWZD"]}"""));
        _server.Script("AddOrderBatch", Reply.Ok("""{"orders":[{"txid":"OA","descr":{"order":"a"}},{"txid":"OB","descr":{"order":"b"}}]}"""));
        _server.Script("CancelOrder", Reply.Ok("""{"count":1}"""));
        _server.Script("CancelOrderBatch", Reply.Ok("""{"count":2}"""));
        _server.Script("CancelAllOrdersAfter", Reply.Ok("""{"currentTime":"2026-01-01T00:00:00Z","triggerTime":"2026-01-01T00:01:00Z"}"""));

        KrakenBalances balances = await _client.GetBalanceExAsync();
        await _client.GetTradesHistoryAsync();
        KrakenAddOrderResult added = await _client.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 1.25m, Price = 37500.0m,
            ClientOrderId = "6d1b345e-2821-40e2-ad83-4ecb18a06876", PostOnly = true, TimeInForce = KrakenTimeInForce.GoodTillCancelled,
        });
        var batch = await _client.AddOrderBatchAsync([
            new KrakenOrderRequest { Pair = "BTC/USD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.1m, Price = 1m },
            new KrakenOrderRequest { Pair = "BTC/USD", Side = KrakenSide.Sell, OrderType = KrakenOrderType.Limit, Volume = 0.2m, Price = 2m },
        ]);
        await _client.CancelOrderByClientOrderIdAsync("6d1b345e-2821-40e2-ad83-4ecb18a06876");
        Assert.Equal(2, await _client.CancelOrderBatchAsync(["OA", "OB"]));
        KrakenDeadManSwitch deadMan = await _client.CancelAllOrdersAfterAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(_server.Violations);
        RecordedRequest[] requests = [.. _server.Requests];
        Assert.Equal(7, requests.Length);
        Assert.All(requests, r => Assert.True(r.SignatureValid, $"{r.Endpoint} signature"));
        Assert.All(requests, r => Assert.Equal("POST", r.HttpMethod));
        for (int i = 1; i < requests.Length; i++) Assert.True(requests[i].Nonce > requests[i - 1].Nonce);

        // REST counter: BalanceEx 1, TradesHistory 2, trading calls nothing, CancelAllOrdersAfter 1.
        Assert.Equal(new[] { 1, 2, 1 }, _budget.Charges);

        Assert.Equal(100m, balances.GetSpotBalance("ZUSD").Available);
        Assert.Equal(new[] { "OUF4EM-FRGI2-MQMWZD" }, added.TxIds);
        Assert.Equal(new[] { "OA", "OB" }, batch.Select(b => b.TxId));
        Assert.Equal(TimeSpan.FromMinutes(1), deadMan.TriggerTime - deadMan.CurrentTime);

        RecordedRequest addOrder = _server.RequestsTo("AddOrder")[0];
        Assert.StartsWith("application/x-www-form-urlencoded", addOrder.ContentType);
        Assert.Equal("XBTUSD", addOrder.Fields["pair"]);
        Assert.Equal("buy", addOrder.Fields["type"]);
        Assert.Equal("limit", addOrder.Fields["ordertype"]);
        Assert.Equal("1.25", addOrder.Fields["volume"]);
        Assert.Equal("37500.0", addOrder.Fields["price"]);
        Assert.Equal("post", addOrder.Fields["oflags"]);
        Assert.Equal("GTC", addOrder.Fields["timeinforce"]);
        Assert.Equal("6d1b345e-2821-40e2-ad83-4ecb18a06876", addOrder.Fields["cl_ord_id"]);
        Assert.False(addOrder.Fields.ContainsKey("validate"));

        RecordedRequest batchRequest = _server.RequestsTo("AddOrderBatch")[0];
        Assert.StartsWith("application/json", batchRequest.ContentType);
        Assert.Equal("BTC/USD", batchRequest.Fields["pair"]);
        Assert.Contains("\"volume\":\"0.2\"", batchRequest.Body);
        Assert.Equal("6d1b345e-2821-40e2-ad83-4ecb18a06876", _server.RequestsTo("CancelOrder")[0].Fields["cl_ord_id"]);
        Assert.Equal("""["OA","OB"]""", _server.RequestsTo("CancelOrderBatch")[0].Fields["orders"]);
        Assert.Equal("60", _server.RequestsTo("CancelAllOrdersAfter")[0].Fields["timeout"]);
    }

    [Fact]
    public async Task Invalid_nonce_on_a_read_is_retried_once_with_a_fresh_nonce_and_signature()
    {
        _server.Script("Balance", Reply.Error("EAPI:Invalid nonce"), Reply.Ok("""{"ZUSD":"2970172.7962"}"""));

        var balances = await _client.GetBalanceAsync();

        Assert.Equal("2970172.7962", KrakenPayloads.Exact(balances["ZUSD"]));
        RecordedRequest[] attempts = _server.RequestsTo("Balance");
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[1].Nonce > attempts[0].Nonce);
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.Equal(new[] { 1, 1 }, _budget.Charges);
    }

    [Fact]
    public async Task Invalid_nonce_on_a_cancel_is_retried_once_but_not_twice()
    {
        _server.Script("CancelOrder", Reply.Error("EAPI:Invalid nonce"));

        var error = await Assert.ThrowsAsync<InvalidNonceException>(() => _client.CancelOrderAsync("OQCLML-BW3P3-BUCMWZ"));

        Assert.Equal("EAPI:Invalid nonce", error.ExchangeError);
        Assert.Equal(2, _server.RequestsTo("CancelOrder").Length);
        Assert.Contains("twice in a row", error.Message);
        Assert.Contains("another program is using this key", error.Message);
        Assert.Contains("its own API key", error.Message);
        Assert.Contains("nonce window", error.Message);
    }

    [Fact]
    public async Task A_read_overtaken_by_our_own_later_nonces_is_sent_again_and_is_no_sign_of_another_program()
    {
        // Each time the balance read reaches Kraken, another call of ours with a later nonce gets there first (concurrent
        // calls go on separate connections): Kraken refuses the read's nonce, twice. Both refusals are our own doing.
        using var overtaken = new SemaphoreSlim(0);
        Func<RecordedRequest, Reply> refusedOnceOvertaken = _ =>
        {
            Assert.True(overtaken.Wait(TestWait.Guard), "the overtaking call never came");
            return Reply.Error("EAPI:Invalid nonce");
        };
        _server.ScriptDynamic("Balance", refusedOnceOvertaken, refusedOnceOvertaken, _ => Reply.Ok("""{"ZUSD":"1.5"}"""));
        _server.Script("OpenOrders", Reply.Ok("""{"open":{}}"""), Reply.Ok("""{"open":{}}"""));

        var firstTry = _server.NextArrival("Balance");
        var read = _client.GetBalanceAsync();
        await firstTry.WaitAsync(TestWait.Guard);
        var secondTry = _server.NextArrival("Balance");
        await _client.GetOpenOrdersAsync(); // a later nonce, accepted while the read's is still on its way
        overtaken.Release();
        await secondTry.WaitAsync(TestWait.Guard);
        await _client.GetOpenOrdersAsync();
        overtaken.Release();

        var balances = await read.WaitAsync(TestWait.Guard);
        Assert.Equal("1.5", KrakenPayloads.Exact(balances["ZUSD"]));
        var attempts = _server.RequestsTo("Balance");
        Assert.Equal(3, attempts.Length);
        Assert.True(attempts[2].Nonce > attempts[1].Nonce && attempts[1].Nonce > attempts[0].Nonce);

        // Not counted towards "another program": a refusal of a call nobody of ours overtook is still one, not two, in a row.
        _server.Script("AddOrder", Reply.Error("EAPI:Invalid nonce"));
        var alone = await Assert.ThrowsAsync<InvalidNonceException>(() => _client.AddOrderAsync(LimitBuy()));
        Assert.DoesNotContain("twice in a row", alone.Message);
    }

    [Fact]
    public async Task Two_refused_nonces_in_a_row_across_calls_name_the_other_program_and_the_fix()
    {
        _server.Script("AddOrder", Reply.Error("EAPI:Invalid nonce"), Reply.Error("EAPI:Invalid nonce"));

        // One refusal can be a fluke: Kraken's own text, no diagnosis yet.
        var first = await Assert.ThrowsAsync<InvalidNonceException>(() => _client.AddOrderAsync(LimitBuy()));
        Assert.DoesNotContain("twice in a row", first.Message);

        var second = await Assert.ThrowsAsync<InvalidNonceException>(() => _client.AddOrderAsync(LimitBuy()));
        Assert.Contains("twice in a row", second.Message);
        Assert.Contains("another program is using this key", second.Message);
        Assert.Equal("EAPI:Invalid nonce", second.ExchangeError);
    }

    [Fact]
    public async Task An_accepted_call_between_two_refusals_resets_the_count()
    {
        _server.Script("AddOrder", Reply.Error("EAPI:Invalid nonce"), Reply.Error("EAPI:Invalid nonce"));
        _server.Script("Balance", Reply.Ok("""{"ZUSD":"1.0"}"""));

        await Assert.ThrowsAsync<InvalidNonceException>(() => _client.AddOrderAsync(LimitBuy()));
        await _client.GetBalanceAsync();
        var again = await Assert.ThrowsAsync<InvalidNonceException>(() => _client.AddOrderAsync(LimitBuy()));
        Assert.DoesNotContain("twice in a row", again.Message);
    }

    [Fact]
    public async Task Invalid_nonce_on_AddOrder_is_not_retried()
    {
        _server.Script("AddOrder", Reply.Error("EAPI:Invalid nonce"));

        await Assert.ThrowsAsync<InvalidNonceException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.Single(_server.RequestsTo("AddOrder"));
    }

    [Fact]
    public async Task Insufficient_funds_is_a_typed_exception_with_Kraken_text_and_no_retry()
    {
        _server.Script("AddOrder", Reply.Error("EOrder:Insufficient funds"));

        var error = await Assert.ThrowsAsync<InsufficientFundsException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.Equal("EOrder:Insufficient funds", error.ExchangeError);
        Assert.Contains("AddOrder", error.Message);
        Assert.Single(_server.RequestsTo("AddOrder"));
    }

    [Fact]
    public async Task Service_unavailable_on_a_read_is_retried_until_it_answers()
    {
        _server.Script("OpenOrders", Reply.Error("EService:Unavailable"), Reply.Error("EService:Unavailable"), Reply.Ok("""{"open":{}}"""));

        var orders = await _client.GetOpenOrdersAsync();

        Assert.Empty(orders);
        RecordedRequest[] attempts = _server.RequestsTo("OpenOrders");
        Assert.Equal(3, attempts.Length);
        Assert.Equal(3, attempts.Select(a => a.Nonce).Distinct().Count());
    }

    [Fact]
    public async Task Throttled_reply_blocks_the_budget_until_the_time_Kraken_gave_and_the_read_is_retried()
    {
        long until = _time.GetUtcNow().ToUnixTimeSeconds() + 1;
        _server.Script("OpenOrders", Reply.Error($"EService: Throttled: {until}"), Reply.Ok("""{"open":{}}"""));

        var call = _client.GetOpenOrdersAsync();
        while (!call.IsCompleted && _budget.ThrottledUntil.IsEmpty) await Task.Delay(5);
        _time.Advance(TimeSpan.FromSeconds(2));
        var orders = await call;

        Assert.Empty(orders);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(until), Assert.Single(_budget.ThrottledUntil));
        Assert.Equal(2, _server.RequestsTo("OpenOrders").Length);
    }

    [Fact]
    public async Task Service_unavailable_on_AddOrder_is_a_definite_refusal_not_retried()
    {
        _server.Script("AddOrder", Reply.Error("EService:Unavailable"));

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.True(error.IsRetrySafe);
        Assert.Equal("EService:Unavailable", error.ExchangeError);
        Assert.Single(_server.RequestsTo("AddOrder"));
    }

    [Fact]
    public async Task Html_502_page_on_a_read_becomes_service_unavailable_after_retries()
    {
        _server.Script("Time", Reply.Raw(502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>"));

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => _client.GetServerTimeAsync());

        Assert.Contains("HTTP 502", error.Message);
        Assert.Contains("502 Bad Gateway", error.Message);
        Assert.Equal(3, _server.RequestsTo("Time").Length);
    }

    [Fact]
    public async Task Html_502_page_on_AddOrder_means_outcome_unknown()
    {
        _server.Script("AddOrder", Reply.Raw(502, "text/html", "<html><head><title>502 Bad Gateway</title></head></html>"));

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.IsType<ServiceUnavailableException>(error.InnerException);
        Assert.Contains("look the order up", error.Message);
        Assert.Single(_server.RequestsTo("AddOrder"));
    }

    [Fact]
    public async Task Hung_reply_to_AddOrder_means_outcome_unknown_when_the_timeout_passes()
    {
        _server.Script("AddOrder", Reply.Hung());
        Task<RecordedRequest> arrived = _server.NextArrival("AddOrder");

        Task<KrakenAddOrderResult> call = _client.AddOrderAsync(LimitBuy());
        await arrived;
        Assert.False(call.IsCompleted);
        _time.Advance(_options.RequestTimeout);

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => call);
        Assert.Contains("AddOrder", error.Message);
        Assert.Single(_server.RequestsTo("AddOrder"));
    }

    [Fact]
    public async Task Truncated_json_on_a_read_names_the_endpoint_and_is_not_retried()
    {
        _server.Script("Ticker", Reply.Raw(200, "application/json", """{"error":[],"result":{"XXBTZUSD":{"a":["3537.50000","1","""));

        var error = await Assert.ThrowsAsync<UnexpectedResponseException>(() => _client.GetTickerAsync(["XBTUSD"]));

        Assert.Contains("Kraken Ticker", error.Message);
        Assert.Single(_server.RequestsTo("Ticker"));
    }

    [Fact]
    public async Task Truncated_json_on_AddOrder_means_outcome_unknown()
    {
        _server.Script("AddOrder", Reply.Raw(200, "application/json", """{"error":[],"result":{"descr":{"order":"buy"""));

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.IsType<UnexpectedResponseException>(error.InnerException);
    }

    [Fact]
    public async Task Wrong_typed_field_names_endpoint_and_field()
    {
        _server.Script("TradeBalance", Reply.Ok("""{"eb":"1","tb":"1","m":"0","n":"0","c":"0","v":"0","e":"1","mf":[1]}"""));

        var error = await Assert.ThrowsAsync<UnexpectedResponseException>(() => _client.GetTradeBalanceAsync());

        Assert.Contains("Kraken TradeBalance", error.Message);
        Assert.Contains("result.mf", error.Message);
    }

    [Fact]
    public async Task Rate_limit_tells_the_budget_and_the_read_waits_and_retries()
    {
        _server.Script("BalanceEx", Reply.Error("EAPI:Rate limit exceeded"), Reply.Ok("{}"));

        KrakenBalances balances = await _client.GetBalanceExAsync();

        Assert.Empty(balances.Entries);
        Assert.Equal(1, _budget.RateLimitSignals);
        Assert.Equal(new[] { 1, 1 }, _budget.Charges);
    }

    [Fact]
    public async Task Closed_orders_walker_follows_offsets_until_the_count()
    {
        _server.ScriptDynamic("ClosedOrders", request =>
        {
            int offset = request.Fields.TryGetValue("ofs", out var ofs) ? int.Parse(ofs) : 0;
            var orders = Enumerable.Range(offset, Math.Min(50, 120 - offset))
                .Select(i => $$"""
                    "O{{i:D5}}-AAAAA-AAAAAA":{"status":"closed","opentm":1700000000.5,"descr":{"order":"buy 1 XBTUSD @ market"},
                      "vol":"1.00000000","vol_exec":"1.00000000","cost":"{{i}}.5","fee":"0.1","price":"{{i}}.5"}
                    """);
            return Reply.Ok($$"""{"closed":{{{string.Join(',', orders)}}},"count":120}""");
        });

        var all = new List<KrakenOrder>();
        await foreach (KrakenOrder order in _client.GetAllClosedOrdersAsync()) all.Add(order);

        Assert.Equal(120, all.Select(o => o.TxId).Distinct().Count());
        Assert.Equal(new[] { "", "50", "100" }, _server.RequestsTo("ClosedOrders").Select(r => r.Fields.GetValueOrDefault("ofs", "")));
        Assert.Equal("119.5", KrakenPayloads.Exact(all[^1].Cost));
    }

    [Fact]
    public async Task QueryOrders_and_QueryTrades_are_sent_in_chunks_of_50_and_20()
    {
        _server.Script("QueryOrders", Reply.Ok("{}"));
        _server.Script("QueryTrades", Reply.Ok("{}"));
        string[] ids = [.. Enumerable.Range(0, 120).Select(i => $"O{i:D5}-AAAAA-AAAAAA")];

        await _client.QueryOrdersAsync(ids);
        await _client.QueryTradesAsync(ids[..45]);

        Assert.Equal(new[] { 50, 50, 20 }, _server.RequestsTo("QueryOrders").Select(r => r.Fields["txid"].Split(',').Length));
        Assert.Equal(new[] { 20, 20, 5 }, _server.RequestsTo("QueryTrades").Select(r => r.Fields["txid"].Split(',').Length));
        Assert.Equal(ids, _server.RequestsTo("QueryOrders").SelectMany(r => r.Fields["txid"].Split(',')));
    }

    [Fact]
    public async Task Connection_refused_is_a_network_error_saying_nothing_was_sent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = CreateClient(new KrakenOptions { RestBaseUrl = new Uri($"http://127.0.0.1:{port}"), RetryBackoff = TimeSpan.Zero },
            new KrakenCredentials(ApiKey, Secret));

        var error = await Assert.ThrowsAsync<NetworkException>(() => client.AddOrderAsync(LimitBuy()));

        Assert.True(error.IsRetrySafe);
        Assert.Contains("not sent", error.Message);
    }

    [Fact]
    public async Task Private_call_without_credentials_fails_before_sending()
    {
        var client = CreateClient(_options, credentials: null);

        var error = await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => client.GetBalanceAsync());

        Assert.Contains("no API credentials", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Logs_and_errors_never_contain_the_secret_key_or_signature()
    {
        _server.Script("Balance", Reply.Error("EAPI:Invalid nonce"), Reply.Error("EAPI:Invalid key"));
        _server.Script("AddOrder", Reply.Raw(502, "text/html", "<html>bad gateway</html>"));

        var auth = await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => _client.GetBalanceAsync());
        var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => _client.AddOrderAsync(LimitBuy()));

        string[] signatures = [.. _server.Requests.Select(r => r.ApiSign!)];
        Assert.Equal(3, signatures.Length);
        Assert.NotEmpty(_logger.Messages);
        foreach (string text in _logger.Messages.Append(auth.ToString()).Append(unknown.ToString()))
        {
            Assert.DoesNotContain(Secret[..16], text);
            Assert.DoesNotContain(ApiKey, text);
            Assert.DoesNotContain("nonce=", text);
            foreach (string signature in signatures) Assert.DoesNotContain(signature, text);
        }
    }

    [Fact]
    public async Task Amend_edit_cancel_all_validate_and_token_send_Kraken_fields()
    {
        _server.Script("AmendOrder", Reply.Ok("""{"amend_id":"TEZA4R-DSDGT-IJBOJK"}"""));
        _server.Script("EditOrder", Reply.Ok("""{"status":"ok","txid":"OFVXHJ-KPQ3B-VS7ELA","originaltxid":"OHYO67-6LP66-HMQ437","orders_cancelled":1,"descr":{"order":"x"}}"""));
        _server.Script("CancelAll", Reply.Ok("""{"count":4}"""));
        _server.Script("AddOrder", Reply.Ok("""{"descr":{"order":"buy 1.25000000 XBTUSD @ limit 27500"}}"""));
        _server.Script("GetWebSocketsToken", Reply.Ok("""{"token":"secret-ws-token","expires":900}"""));

        string amendId = await _client.AmendOrderAsync(new KrakenAmendOrderRequest { ClientOrderId = "my-order-1", LimitPrice = 30010.5m, PostOnly = true });
        KrakenEditOrderResult edit = await _client.EditOrderAsync(new KrakenEditOrderRequest { TxId = "OHYO67-6LP66-HMQ437", Pair = "XBTGBP", Price = 19500.0m, PostOnly = true });
        int cancelled = await _client.CancelAllAsync();
        KrakenAddOrderResult validated = await _client.AddOrderAsync(LimitBuy() with { ValidateOnly = true, ClientOrderId = null, UserRef = 42 });
        KrakenWebSocketToken token = await _client.GetWebSocketsTokenAsync();

        Assert.Empty(_server.Violations);
        Assert.Equal("TEZA4R-DSDGT-IJBOJK", amendId);
        var amend = _server.RequestsTo("AmendOrder")[0].Fields;
        Assert.Equal(("my-order-1", "30010.5", "true"), (amend["cl_ord_id"], amend["limit_price"], amend["post_only"]));
        Assert.False(amend.ContainsKey("txid"));
        var editFields = _server.RequestsTo("EditOrder")[0].Fields;
        Assert.Equal(("OHYO67-6LP66-HMQ437", "XBTGBP", "19500.0", "post"), (editFields["txid"], editFields["pair"], editFields["price"], editFields["oflags"]));
        Assert.Equal("OFVXHJ-KPQ3B-VS7ELA", edit.TxId);
        Assert.Equal(4, cancelled);
        Assert.Empty(validated.TxIds);
        var add = _server.RequestsTo("AddOrder")[0].Fields;
        Assert.Equal(("true", "42"), (add["validate"], add["userref"]));
        Assert.Equal("secret-ws-token", token.Token);
        // Only the token call uses the REST counter among these.
        Assert.Equal(new[] { 1 }, _budget.Charges);
    }

    [Fact]
    public async Task Hung_reply_to_CancelOrder_means_outcome_unknown()
    {
        _server.Script("CancelOrder", Reply.Hung());
        Task<RecordedRequest> arrived = _server.NextArrival("CancelOrder");

        Task<KrakenCancelResult> call = _client.CancelOrderAsync("OQCLML-BW3P3-BUCMWZ");
        await arrived;
        _time.Advance(_options.RequestTimeout);

        await Assert.ThrowsAsync<OutcomeUnknownException>(() => call);
        Assert.Single(_server.RequestsTo("CancelOrder"));
    }

    [Fact]
    public async Task Caller_cancelling_AddOrder_in_flight_gets_outcome_unknown_not_a_plain_cancellation()
    {
        _server.Script("AddOrder", Reply.Hung());
        Task<RecordedRequest> arrived = _server.NextArrival("AddOrder");
        using var cancellation = new CancellationTokenSource();

        Task<KrakenAddOrderResult> call = _client.AddOrderAsync(LimitBuy(), cancellation.Token);
        await arrived;
        cancellation.Cancel();

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => call);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task Caller_cancelling_a_read_gets_a_plain_cancellation()
    {
        _server.Script("Balance", Reply.Hung());
        Task<RecordedRequest> arrived = _server.NextArrival("Balance");
        using var cancellation = new CancellationTokenSource();

        Task<IReadOnlyDictionary<string, decimal>> call = _client.GetBalanceAsync(cancellation.Token);
        await arrived;
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Http_500_carrying_a_Kraken_error_envelope_maps_the_Kraken_error()
    {
        _server.Script("AddOrder", Reply.Raw(500, "application/json", """{"error":["EOrder:Post only order"]}"""));

        var error = await Assert.ThrowsAsync<OrderRejectedException>(() => _client.AddOrderAsync(LimitBuy() with { PostOnly = true }));

        Assert.True(error.IsPostOnlyRejection);
    }

    [Fact]
    public async Task Internal_error_on_AddOrder_means_outcome_unknown()
    {
        _server.Script("AddOrder", Reply.Error("EGeneral:Internal error"));

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.Equal("EGeneral:Internal error", Assert.IsType<ServiceUnavailableException>(error.InnerException).ExchangeError);
    }

    [Fact]
    public async Task Warnings_are_logged_and_do_not_fail_the_call()
    {
        _server.Script("AddOrder", new Reply(200, "application/json",
            """{"error":["WOrder:Something to note"],"result":{"descr":{"order":"buy"},"txid":["OABCDE-FGHIJ-KLMNOP"]}}"""));

        KrakenAddOrderResult result = await _client.AddOrderAsync(LimitBuy());

        Assert.Equal(new[] { "OABCDE-FGHIJ-KLMNOP" }, result.TxIds);
        Assert.Contains(_logger.Messages, m => m.Contains("WOrder:Something to note"));
    }

    [Fact]
    public async Task Bad_order_input_is_refused_before_sending_with_the_reason()
    {
        var both = await Assert.ThrowsAsync<ArgumentException>(() => _client.AddOrderAsync(LimitBuy() with { UserRef = 7 }));
        var gtd = await Assert.ThrowsAsync<ArgumentException>(() => _client.AddOrderAsync(LimitBuy() with { TimeInForce = KrakenTimeInForce.GoodTillDate }));
        var noPrice = await Assert.ThrowsAsync<ArgumentException>(() => _client.AddOrderAsync(LimitBuy() with { Price = null }));

        Assert.Contains("both a client order id and a userref", both.Message);
        Assert.Contains("ExpireAt", gtd.Message);
        Assert.Contains("needs a price", noPrice.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Connection_lost_mid_reply_to_AddOrder_means_outcome_unknown()
    {
        _server.Script("AddOrder", Reply.Broken("""{"error":[],"result":{"descr":"""));

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => _client.AddOrderAsync(LimitBuy()));

        Assert.Contains("Kraken AddOrder", error.Message);
        Assert.Single(_server.RequestsTo("AddOrder"));
    }

    [Fact]
    public async Task Connection_lost_mid_reply_to_a_read_is_retried()
    {
        _server.Script("Time", Reply.Broken("""{"error":[],"re"""), Reply.Ok("""{"unixtime":1546998654,"rfc1123":"Wed,  9 Jan 19 01:50:54 +0000"}"""));

        KrakenServerTime time = await _client.GetServerTimeAsync();

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1546998654), time.Time);
        Assert.Equal(2, _server.RequestsTo("Time").Length);
    }

    private static KrakenOrderRequest LimitBuy() => new()
    {
        Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 1.25m, Price = 27500m,
        ClientOrderId = "0b2f6b4e-53c2-4d3e-9b1b-0d7c1f1f4a10",
    };
}
