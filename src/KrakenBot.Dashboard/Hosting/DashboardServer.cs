using System.Net;
using System.Text;
using KrakenBot.Dashboard.Security;
using KrakenBot.Dashboard.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Dashboard.Hosting;

/// <summary>
/// The dashboard's web server, inside the bot's own process: the page (<c>/</c>, <c>/app.js</c>, <c>/app.css</c>), the
/// live state as server-sent events (<c>/events</c>), the state once (<c>/api/state</c>) and, when enabled, the
/// controls (<c>POST /api/control/pause|resume|cancel-all|stop</c>). Every answer goes through <see cref="DashboardGuard"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private DashboardServer(WebApplication app, CancellationTokenSource stopping, Uri url, DashboardToken? token)
    {
        _app = app;
        _stopping = stopping;
        Url = url;
        Token = token;
    }

    /// <summary>The address to open (without the token).</summary>
    public Uri Url { get; }

    /// <summary>The token requests must carry, or null on loopback without one.</summary>
    public DashboardToken? Token { get; }

    /// <summary>The URL to print: with <c>?token=…</c> when a token is required.</summary>
    public string LaunchUrl => Token is null ? Url.ToString() : $"{Url}?token={Token.Value}";

    /// <summary>Starts serving <paramref name="feed"/> (started by the caller).</summary>
    /// <param name="feed">The state to show.</param>
    /// <param name="options">Address, token, controls.</param>
    /// <param name="controls">What the buttons do; required when <see cref="DashboardOptions.ControlsEnabled"/>.</param>
    /// <param name="logger">Where refusals and every control used are logged.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DashboardServer> StartAsync(DashboardFeed feed, DashboardOptions options, IDashboardControls? controls = null,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ControlsEnabled && controls is null) throw new ArgumentException("Controls are enabled but none were given.", nameof(controls));
        logger ??= NullLogger.Instance;
        var token = options.Token ?? (options.Address.IsLoopback ? null : DashboardToken.Generate());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4096;
            kestrel.Listen(options.Address.Address, options.Address.Port);
        });
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        try
        {
            var guard = new DashboardGuard(token, options.Address.IsLoopback, logger);
            app.Use(guard.InvokeAsync);
            Map(app, feed, options, controls, logger, stopping.Token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var url = new Uri($"http://{Host(options.Address.Address)}:{new Uri(bound).Port}/");
            return new DashboardServer(app, stopping, url, token);
        }
        catch
        {
            stopping.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops serving; open event streams end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static string Host(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "0.0.0.0"
        : address.Equals(IPAddress.IPv6Any) ? "[::]"
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]"
        : address.ToString();

    private static void Map(WebApplication app, DashboardFeed feed, DashboardOptions options, IDashboardControls? controls, ILogger logger,
        CancellationToken stopping)
    {
        app.MapGet("/events", async http =>
        {
            http.Response.ContentType = "text/event-stream";
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            using var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            await using var states = feed.Subscribe(both.Token).GetAsyncEnumerator(both.Token);
            var body = http.Response.Body;
            var next = states.MoveNextAsync().AsTask();
            try
            {
                while (true)
                {
                    var done = await Task.WhenAny(next, Task.Delay(KeepAlive, both.Token)).ConfigureAwait(false);
                    if (done != next)
                    {
                        await body.WriteAsync(": keep-alive\n\n"u8.ToArray(), both.Token).ConfigureAwait(false);
                        await body.FlushAsync(both.Token).ConfigureAwait(false);
                        continue;
                    }

                    if (!await next.ConfigureAwait(false)) break;
                    await body.WriteAsync(Encoding.UTF8.GetBytes($"event: state\ndata: {states.Current}\n\n"), both.Token).ConfigureAwait(false);
                    await body.FlushAsync(both.Token).ConfigureAwait(false);
                    next = states.MoveNextAsync().AsTask();
                }
            }
            catch (OperationCanceledException)
            {
                // The page went away or the dashboard stops.
            }
        });

        app.MapGet("/api/state", (HttpContext http) => Results.Text(feed.Latest, "application/json; charset=utf-8"));

        app.MapGet("/api/config", () => Results.Json(new { controls = options.ControlsEnabled }));

        app.MapPost("/api/control/{action}", async (string action, HttpContext http) =>
        {
            if (!options.ControlsEnabled || controls is null)
                return Results.Text("Controls are off: start the bot with --dashboard-controls to use them.\n", statusCode: StatusCodes.Status403Forbidden);
            Func<CancellationToken, Task<string>>? run = action switch
            {
                "pause" => controls.PauseAsync,
                "resume" => controls.ResumeAsync,
                "cancel-all" => controls.CancelAllAsync,
                "stop" => controls.StopAsync,
                _ => null,
            };
            if (run is null) return Results.Text($"Unknown control '{action}': pause, resume, cancel-all or stop.\n", statusCode: StatusCodes.Status404NotFound);

            logger.LogWarning("Dashboard control: {Action} asked from {Remote}", action, http.Connection.RemoteIpAddress);
            try
            {
                string outcome = await run(http.RequestAborted).ConfigureAwait(false);
                logger.LogWarning("Dashboard control: {Action} done: {Outcome}", action, outcome);
                feed.Poke();
                return Results.Text(outcome + "\n");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Dashboard control: {Action} failed", action);
                return Results.Text($"{action} failed: {e.Message}\n", statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        // The page's files (a fallback route would skip names with an extension).
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            return DashboardAssets.Find(http.Request.Path.Value ?? "/") is { } file
                ? Results.Bytes(file.Body, file.ContentType)
                : Results.Text("Not found.\n", statusCode: StatusCodes.Status404NotFound);
        });
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
