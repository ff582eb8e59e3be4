using System.Globalization;
using KrakenBot.Sandbox.Market;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KrakenBot.Sandbox.Faults;

/// <summary>
/// Loopback-only admin endpoints under <c>/sandbox/…</c> that drive <see cref="SandboxFaults"/>
/// (e.g. <c>POST /sandbox/faults/rest?mode=busy&amp;count=3</c>). Parameters come from the query string.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, SandboxContext sandbox)
    {
        var faults = sandbox.Faults;
        Post(app, "/sandbox/faults/rest", q =>
        {
            RestFault? mode = q["mode"].ToString() switch
            {
                "unavailable" => RestFault.Unavailable,
                "busy" => RestFault.Busy,
                "502" or "bad-gateway" => RestFault.BadGateway,
                _ => null,
            };
            if (mode is null) return "mode must be unavailable, busy or 502";
            faults.FailRest(mode.Value, Count(q));
            return null;
        });
        Post(app, "/sandbox/faults/no-reply", q => { faults.SwallowOrderReplies(Count(q, 1)); return null; });
        Post(app, "/sandbox/faults/lose-cancels", q => { faults.LoseCancels(Count(q, 1)); return null; });
        Post(app, "/sandbox/faults/hold-orders", q =>
        {
            if (!int.TryParse(q["ms"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return "ms must be whole milliseconds";
            faults.HoldOrderRequests(TimeSpan.FromMilliseconds(ms), Count(q, 1));
            return null;
        });
        Post(app, "/sandbox/faults/rate-limit", q => { faults.ForceRateLimit(Count(q, 1)); return null; });
        Post(app, "/sandbox/faults/refuse-orders", q =>
        {
            if (!sandbox.Exchange.Markets.TryGetPair(q["pair"], out var pair)) return "unknown pair";
            faults.RefuseOrders(pair.Id, Count(q, 1), q.ContainsKey("key") ? q["key"].ToString() : null);
            return null;
        });
        Post(app, "/sandbox/faults/drop-sockets", q =>
        {
            if (q.ContainsKey("every"))
            {
                if (!int.TryParse(q["every"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return "every must be whole seconds (0 turns it off)";
                faults.DropSocketsEvery = seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
            }
            else faults.DropSockets();
            return null;
        });
        Post(app, "/sandbox/faults/corrupt-checksum", q => { faults.CorruptNextChecksum(Count(q, 1), q.ContainsKey("symbol") ? q["symbol"].ToString() : null); return null; });
        Post(app, "/sandbox/faults/drop-acks", q => { faults.DropAcks(Count(q, 1)); return null; });
        Post(app, "/sandbox/faults/duplicate-executions", q => { faults.DuplicateExecutions(Count(q, 1)); return null; });
        Post(app, "/sandbox/faults/reorder-executions", q => { faults.ReorderExecutions(Count(q, 1)); return null; });
        Post(app, "/sandbox/faults/ack-delay", q =>
        {
            if (!int.TryParse(q["ms"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return "ms must be whole milliseconds";
            faults.AckDelay = TimeSpan.FromMilliseconds(ms);
            return null;
        });
        Post(app, "/sandbox/faults/clear", _ => { faults.Clear(); return null; });
        Post(app, "/sandbox/status", q =>
        {
            if (!TradingStatusText.TryParse(q["status"], out var status) || status == TradingStatus.LimitOnly)
                return "status must be online, maintenance, cancel_only or post_only";
            faults.SystemStatus = status;
            return null;
        });
        Post(app, "/sandbox/pair-status", q =>
        {
            if (!TradingStatusText.TryParse(q["status"], out var status)) return "status must be online, maintenance, cancel_only, post_only or limit_only";
            if (!sandbox.Exchange.Markets.TryGetPair(q["pair"], out var pair)) return "unknown pair";
            faults.SetPairStatus(pair.Id, status);
            return null;
        });
    }

    /// <summary><c>count</c> from the query; absent means "until cleared".</summary>
    private static int Count(IQueryCollection q, int absent = int.MaxValue) =>
        int.TryParse(q["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : absent;

    private static void Post(WebApplication app, string path, Func<IQueryCollection, string?> action)
    {
        app.MapPost(path, async http =>
        {
            if (http.Connection.RemoteIpAddress is not { } ip || !System.Net.IPAddress.IsLoopback(ip))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            var error = action(http.Request.Query);
            http.Response.StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(error is null ? "{\"ok\":true}" : "{\"error\":\"" + error + "\"}");
        });
    }
}
