using KrakenBot.Sandbox.Api.Socket;
using Microsoft.AspNetCore.Builder;

namespace KrakenBot.Sandbox;

public sealed partial class SandboxHost
{
    /// <summary>Maps Kraken's WebSocket v2 endpoints <c>/v2</c> (public, or private on the private port) and <c>/v2-auth</c>.</summary>
    static partial void MapWebSocketEndpoints(WebApplication app, SandboxContext context) => SocketEndpoints.Map(app, context);
}
