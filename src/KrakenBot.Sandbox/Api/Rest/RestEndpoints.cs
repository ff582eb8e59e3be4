using System.Buffers;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>
/// Kraken's spot REST API on <c>/0/public/*</c> and <c>/0/private/*</c>. Every answer is HTTP 200
/// with Kraken's <c>{"error":[…],"result":…}</c> envelope (except the injected 502 fault);
/// nothing a client sends can produce a 500 or a hang.
/// </summary>
internal static class RestEndpoints
{
    private sealed record PrivateMethod(RestHandler Handler, Func<ApiPermissions, bool> Allowed, int RestCost, bool PlacesOrders = false);

    private static readonly Dictionary<string, RestHandler> Public = new(StringComparer.Ordinal)
    {
        ["Time"] = PublicHandlers.Time,
        ["SystemStatus"] = PublicHandlers.SystemStatus,
        ["Assets"] = PublicHandlers.Assets,
        ["AssetPairs"] = PublicHandlers.AssetPairs,
        ["Ticker"] = PublicHandlers.Ticker,
        ["OHLC"] = PublicHandlers.Ohlc,
        ["Depth"] = PublicHandlers.Depth,
        ["Trades"] = PublicHandlers.Trades,
        ["Spread"] = PublicHandlers.Spread,
    };

    private static bool Has(ApiPermissions granted, ApiPermissions needed) => (granted & needed) == needed;

    private static readonly Dictionary<string, PrivateMethod> Private = new(StringComparer.Ordinal)
    {
        ["Balance"] = new(AccountHandlers.Balance, p => Has(p, ApiPermissions.QueryFunds), 1),
        ["BalanceEx"] = new(AccountHandlers.BalanceEx, p => Has(p, ApiPermissions.QueryFunds), 1),
        ["TradeBalance"] = new(AccountHandlers.TradeBalance, p => Has(p, ApiPermissions.QueryOpenTrades), 1),
        ["TradeVolume"] = new(AccountHandlers.TradeVolume, p => Has(p, ApiPermissions.QueryFunds), 1),
        ["GetWebSocketsToken"] = new(AccountHandlers.GetWebSocketsToken, p => Has(p, ApiPermissions.CreateWsToken), 1),
        ["GetApiKeyInfo"] = new(AccountHandlers.GetApiKeyInfo, _ => true, 1),
        ["OpenOrders"] = new(OrderQueryHandlers.OpenOrders, p => Has(p, ApiPermissions.QueryOpenTrades), 1),
        ["QueryOrders"] = new(OrderQueryHandlers.QueryOrders, p => Has(p, ApiPermissions.QueryOpenTrades) || Has(p, ApiPermissions.QueryClosedTrades), 1),
        ["ClosedOrders"] = new(OrderQueryHandlers.ClosedOrders, p => Has(p, ApiPermissions.QueryClosedTrades), 1),
        ["TradesHistory"] = new(OrderQueryHandlers.TradesHistory, p => Has(p, ApiPermissions.QueryClosedTrades), 2),
        ["QueryTrades"] = new(OrderQueryHandlers.QueryTrades, p => Has(p, ApiPermissions.QueryClosedTrades), 1),
        // Trading calls use the per-pair trading counter instead of the REST counter (API.md §3.1).
        ["AddOrder"] = new(TradingHandlers.AddOrder, p => Has(p, ApiPermissions.ModifyTrades), 0, PlacesOrders: true),
        ["AddOrderBatch"] = new(TradingHandlers.AddOrderBatch, p => Has(p, ApiPermissions.ModifyTrades | ApiPermissions.CloseTrades), 0, PlacesOrders: true),
        ["AmendOrder"] = new(TradingHandlers.AmendOrder, p => Has(p, ApiPermissions.ModifyTrades) || Has(p, ApiPermissions.CloseTrades), 0),
        ["EditOrder"] = new(TradingHandlers.EditOrder, p => Has(p, ApiPermissions.ModifyTrades | ApiPermissions.CloseTrades), 0, PlacesOrders: true),
        ["CancelOrder"] = new(TradingHandlers.CancelOrder, p => Has(p, ApiPermissions.ModifyTrades) || Has(p, ApiPermissions.CloseTrades), 0),
        ["CancelAll"] = new(TradingHandlers.CancelAll, p => Has(p, ApiPermissions.ModifyTrades) || Has(p, ApiPermissions.CloseTrades), 0),
        ["CancelOrderBatch"] = new(TradingHandlers.CancelOrderBatch, p => Has(p, ApiPermissions.ModifyTrades) || Has(p, ApiPermissions.CloseTrades), 0),
        ["CancelAllOrdersAfter"] = new(TradingHandlers.CancelAllOrdersAfter, p => Has(p, ApiPermissions.ModifyTrades) || Has(p, ApiPermissions.CloseTrades), 0),
    };

    public static void Map(WebApplication app, SandboxContext sandbox)
    {
        app.Map("/0/public/{method}", http => HandlePublic(http, sandbox));
        app.Map("/0/private/{method}", http => HandlePrivate(http, sandbox));
    }

    /// <summary>Anything that is not an endpoint: Kraken's unknown-method answer.</summary>
    public static Task UnknownMethod(HttpContext http) => WriteError(http, KrakenErrors.UnknownMethod);

    private static async Task HandlePublic(HttpContext http, SandboxContext sandbox)
    {
        if (await TryInjectFault(http, sandbox)) return;
        var method = (string)http.Request.RouteValues["method"]!;
        var body = await ReadBody(http, sandbox.Options.MaxRequestBodyBytes);
        if (body is null) { await WriteError(http, KrakenErrors.InvalidArgument("request body too large")); return; }
        if (!Public.TryGetValue(method, out var handler)) { await WriteError(http, KrakenErrors.UnknownMethod); return; }

        var args = new RequestArgs();
        var query = http.Request.QueryString.Value;
        if (!string.IsNullOrEmpty(query) && !RequestArgs.TryParseForm(System.Text.Encoding.UTF8.GetBytes(query[1..]), args, out var queryError))
        { await WriteError(http, KrakenErrors.InvalidArgument(queryError!)); return; }
        if (body.Length > 0 && ParseBody(http, body, args) is { } bodyError) { await WriteError(http, bodyError); return; }

        var call = new RestCall { Sandbox = sandbox, Args = args, Now = sandbox.Time.GetUtcNow() };
        await Run(http, handler, call);
    }

    private static async Task HandlePrivate(HttpContext http, SandboxContext sandbox)
    {
        if (await TryInjectFault(http, sandbox)) return;
        var method = (string)http.Request.RouteValues["method"]!;
        var body = await ReadBody(http, sandbox.Options.MaxRequestBodyBytes);
        if (body is null) { await WriteError(http, KrakenErrors.InvalidArgument("request body too large")); return; }
        if (!Private.TryGetValue(method, out var descriptor)) { await WriteError(http, KrakenErrors.UnknownMethod); return; }

        var args = new RequestArgs();
        if (ParseBody(http, body, args) is { } parseError) { await WriteError(http, parseError); return; }

        var (account, authError) = Authenticate(http, sandbox, args, body);
        if (authError is not null) { await WriteError(http, authError); return; }
        if (!descriptor.Allowed(account!.Permissions)) { await WriteError(http, KrakenErrors.PermissionDenied); return; }
        if (sandbox.Faults.TryConsumeForcedRateLimit(method))
        {
            await WriteError(http, descriptor.RestCost == 0 ? KrakenErrors.OrderRateLimit : KrakenErrors.ApiRateLimit);
            return;
        }
        if (descriptor.RestCost > 0 && account.RestCounter is { } counter && !counter.TryCharge(descriptor.RestCost))
        {
            account.Refused(KrakenErrors.ApiRateLimit);
            await WriteError(http, KrakenErrors.ApiRateLimit);
            return;
        }

        if (sandbox.Faults.TryConsumeLostCancel(method))
        {
            // Lost on its way in: the engine never sees it and the caller never hears back.
            using var lost = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, sandbox.Stopping);
            try { await Task.Delay(Timeout.InfiniteTimeSpan, sandbox.Time, lost.Token); } catch (OperationCanceledException) { }
            http.Abort();
            return;
        }

        if (descriptor.PlacesOrders && sandbox.Faults.TryConsumeOrderHold(out var hold))
        {
            // Slow on its way in: the engine sees it later (and checks its deadline then), whether or not the caller still waits.
            try { await Task.Delay(hold, sandbox.Time, sandbox.Stopping); } catch (OperationCanceledException) { return; }
            var late = new RestCall { Sandbox = sandbox, Args = args, Account = account, Now = sandbox.Time.GetUtcNow() };
            Execute(descriptor.Handler, late, out var lateError, out var lateResult);
            sandbox.Faults.HeldOrderRequestReleased();
            try { await (lateError is not null ? WriteError(http, lateError) : WriteResult(http, lateResult!)); }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException) { }
            return;
        }

        var call = new RestCall { Sandbox = sandbox, Args = args, Account = account, Now = sandbox.Time.GetUtcNow() };
        if (descriptor.PlacesOrders && sandbox.Faults.TryConsumeSwallowedReply())
        {
            // The order is placed, but the caller never hears about it: its request times out.
            Execute(descriptor.Handler, call, out _, out _);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, sandbox.Stopping);
            try { await Task.Delay(Timeout.InfiniteTimeSpan, sandbox.Time, linked.Token); } catch (OperationCanceledException) { }
            http.Abort();
            return;
        }
        await Run(http, descriptor.Handler, call);
    }

    private static (Account? Account, string? Error) Authenticate(HttpContext http, SandboxContext sandbox, RequestArgs args, byte[] body)
    {
        var key = http.Request.Headers["API-Key"].ToString();
        if (!sandbox.Exchange.Accounts.TryGetByKey(key, out var account)) return (null, KrakenErrors.InvalidKey);
        if (!args.TryGet("nonce", out var nonceText) || !ArgParser.TryParseNonce(nonceText, out var nonce)) return (null, KrakenErrors.InvalidNonce);
        var path = http.Request.PathBase + http.Request.Path;
        if (!ApiSignature.Verify(account.Secret, path.ToString(), nonceText, body, http.Request.Headers["API-Sign"].ToString()))
            return (null, KrakenErrors.InvalidSignature);
        // Only a correctly signed request moves the nonce: a forged one must not lock the key out.
        if (!account.TryAdvanceNonce(nonce))
        {
            account.Refused(KrakenErrors.InvalidNonce);
            return (null, KrakenErrors.InvalidNonce);
        }

        sandbox.Exchange.Journal?.AccountChanged(account);
        return (account, null);
    }

    private static string? ParseBody(HttpContext http, byte[] body, RequestArgs args)
    {
        var contentType = http.Request.ContentType ?? string.Empty;
        var isJson = contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                     || (contentType.Length == 0 && body.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("{"u8));
        string? error;
        var ok = isJson ? RequestArgs.TryParseJson(body, args, out error) : RequestArgs.TryParseForm(body, args, out error);
        return ok ? null : KrakenErrors.InvalidArgument(error!);
    }

    /// <summary>Reads the whole body, or returns null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBody(HttpContext http, int limit)
    {
        if (http.Request.ContentLength > limit) return null;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit) return null;
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted);
                if (read == 0) break;
                length += read;
                if (length > limit) return null;
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        catch (Exception e) when (e is IOException or Microsoft.AspNetCore.Http.BadHttpRequestException or OperationCanceledException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<bool> TryInjectFault(HttpContext http, SandboxContext sandbox)
    {
        if (!sandbox.Faults.TryConsumeRestFault(out var fault)) return false;
        switch (fault)
        {
            case RestFault.BadGateway:
                http.Response.StatusCode = StatusCodes.Status502BadGateway;
                http.Response.ContentType = "text/html";
                await http.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
                break;
            case RestFault.Busy:
                await WriteError(http, KrakenErrors.ServiceBusy);
                break;
            default:
                await WriteError(http, KrakenErrors.ServiceUnavailable);
                break;
        }
        return true;
    }

    private static Task Run(HttpContext http, RestHandler handler, RestCall call)
    {
        Execute(handler, call, out var error, out var result);
        if (error is not null) return WriteError(http, error);
        return WriteResult(http, result!);
    }

    private static void Execute(RestHandler handler, RestCall call, out string? error, out ArrayBufferWriter<byte>? result)
    {
        result = new ArrayBufferWriter<byte>(512);
        try
        {
            using var writer = new Utf8JsonWriter(result);
            error = handler(call, writer);
            writer.Flush();
        }
        catch (Exception e)
        {
            // A bug must still answer in Kraken's shape, never with a 500; it is reported, not hidden.
            call.Sandbox.Log.LogError(e, "REST handler failed; answered {Error}", KrakenErrors.InternalError);
            error = KrakenErrors.InternalError;
        }
        if (error is not null) result = null;
    }

    public static Task WriteError(HttpContext http, string error)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("error");
            w.WriteStringValue(error);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Send(http, buffer.WrittenMemory);
    }

    private static Task WriteResult(HttpContext http, ArrayBufferWriter<byte> result)
    {
        var buffer = new ArrayBufferWriter<byte>(result.WrittenCount + 32);
        buffer.Write("{\"error\":[],\"result\":"u8);
        buffer.Write(result.WrittenSpan);
        buffer.Write("}"u8);
        return Send(http, buffer.WrittenMemory);
    }

    private static Task Send(HttpContext http, ReadOnlyMemory<byte> json)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = json.Length;
        return http.Response.Body.WriteAsync(json).AsTask();
    }
}
