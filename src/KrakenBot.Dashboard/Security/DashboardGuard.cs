using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Dashboard.Security;

/// <summary>
/// Runs before every request: strict security headers on every answer; on a loopback bind, a Host header that is not
/// loopback is refused (a DNS-rebinding page cannot reach the bot); beyond loopback, nothing at all is answered without
/// the token; and a request that changes something must come from the dashboard's own origin.
/// </summary>
/// <remarks>
/// The token arrives once in the URL printed at start (<c>/?token=…</c>); it is then kept in an HttpOnly, SameSite=Strict
/// cookie the page's script cannot read, and the browser is sent to the same path without it, so the token leaves the
/// address bar and the history. Scripts may send it as <c>Authorization: Bearer …</c> instead.
/// </remarks>
internal sealed class DashboardGuard
{
    /// <summary>The content security policy: only this origin's own files, no inline script or style, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly DashboardToken? _token;
    private readonly bool _loopbackOnly;
    private readonly ILogger _logger;

    public DashboardGuard(DashboardToken? token, bool loopbackOnly, ILogger logger)
    {
        _token = token;
        _loopbackOnly = loopbackOnly;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var response = http.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        var request = http.Request;
        if (_loopbackOnly && !IsLoopbackHost(request.Host.Host))
            return RefuseAsync(http, StatusCodes.Status421MisdirectedRequest, "Refused: this dashboard answers only to 127.0.0.1, localhost or [::1].");

        if (_token is not null)
        {
            // Cookies ignore ports: one name per port keeps two dashboards on one host apart.
            string cookie = $"krakenbot_dashboard_{http.Connection.LocalPort}";
            string? fromQuery = request.Query["token"];
            string? offered = fromQuery ?? request.Cookies[cookie] ?? Bearer(request);
            if (!_token.Matches(offered))
            {
                _logger.LogWarning("Dashboard: refused {Method} {Path} from {Remote}: {Why}", request.Method, request.Path,
                    http.Connection.RemoteIpAddress, offered is null ? "no token" : "wrong token");
                return RefuseAsync(http, StatusCodes.Status401Unauthorized,
                    "Refused: wrong or missing dashboard token. Open the URL the bot printed at start (it ends in ?token=...).");
            }

            if (fromQuery is not null && HttpMethods.IsGet(request.Method))
            {
                response.Cookies.Append(cookie, fromQuery, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
                response.StatusCode = StatusCodes.Status303SeeOther;
                response.Headers.Location = (request.PathBase + request.Path).ToString();
                return Task.CompletedTask;
            }
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !IsSameOrigin(request))
        {
            _logger.LogWarning("Dashboard: refused {Method} {Path} from another origin ({Origin})", request.Method, request.Path, request.Headers.Origin.ToString());
            return RefuseAsync(http, StatusCodes.Status403Forbidden, "Refused: controls are accepted only from the dashboard's own page (same origin).");
        }

        return next(http);
    }

    /// <summary>The Origin header names exactly this scheme, host and port.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin) || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsLoopbackHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static string? Bearer(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        const string Prefix = "Bearer ";
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message + "\n", http.RequestAborted);
    }
}
