using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// Maps Kraken's WebSocket v2 endpoints: <c>/v2</c> is public on the main port and private on the
/// private WebSocket port (like <c>ws.kraken.com/v2</c> and <c>ws-auth.kraken.com/v2</c>); <c>/v2-auth</c>
/// on the main port is private too.
/// </summary>
internal static class SocketEndpoints
{
    public static SocketHub Map(WebApplication app, SandboxContext context)
    {
        var hub = new SocketHub(context);
        context.Sockets = hub;
        var handler = new WsRequestHandler(hub);
        var listeners = context.Listeners;
        app.Map("/v2", http => Accept(http, hub, handler, isPrivate: listeners.IsAuthPort(http)));
        app.Map("/v2-auth", http => Accept(http, hub, handler, isPrivate: true));
        app.Lifetime.ApplicationStopping.Register(hub.Dispose);
        return hub;
    }

    private static async Task Accept(HttpContext http, SocketHub hub, WsRequestHandler handler, bool isPrivate)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await http.Response.WriteAsync("This is a WebSocket v2 endpoint: connect with ws://", http.RequestAborted);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var connection = hub.Open(socket, isPrivate);
        try
        {
            connection.Send(StatusMessage.Build(hub.Context.Exchange.SystemStatus, connection.Id));
            await connection.RunAsync(handler.HandleAsync, hub.Context.Stopping);
        }
        finally
        {
            hub.Close(connection);
        }
    }
}

/// <summary>The <c>status</c> message Kraken pushes on connect.</summary>
internal static class StatusMessage
{
    /// <summary>The API version string the sandbox reports.</summary>
    public const string Version = "2.0.10";

    public static byte[] Build(Market.TradingStatus system, ulong connectionId) => WsJson.Build((system, connectionId), static (w, s) =>
    {
        w.WriteStartObject();
        w.WriteString("channel", "status");
        w.WriteString("type", "update");
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("api_version", "v2");
        w.WriteNumber("connection_id", s.connectionId);
        w.WriteString("system", Market.TradingStatusText.ToWire(s.system));
        w.WriteString("version", Version);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
