using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KrakenBot.Sandbox;

/// <summary>
/// The sandbox's two loopback ports, like Kraken's two hosts: the main one (REST, public WebSocket
/// <c>/v2</c>, the legacy private path <c>/v2-auth</c>, admin) and the private WebSocket one, which serves
/// only <c>/v2</c> like <c>ws-auth.kraken.com</c>. Kestrel writes the bound port back into each
/// <see cref="ListenOptions"/> before it accepts a connection, so port 0 resolves here too.
/// </summary>
internal sealed class SandboxListeners
{
    private ListenOptions? _main;
    private ListenOptions? _auth;

    /// <summary>Remembers the main listener (called from Kestrel's configuration).</summary>
    public void UseMain(ListenOptions options) => _main = options;

    /// <summary>Remembers the private WebSocket listener (called from Kestrel's configuration).</summary>
    public void UseAuth(ListenOptions options) => _auth = options;

    /// <summary>The bound port of the main listener.</summary>
    public int MainPort => _main?.IPEndPoint?.Port ?? throw new InvalidOperationException("The main listener is not configured.");

    /// <summary>The bound port of the private WebSocket listener.</summary>
    public int AuthPort => _auth?.IPEndPoint?.Port ?? throw new InvalidOperationException("The private WebSocket listener is not configured.");

    /// <summary>True when the request came in on the private WebSocket port.</summary>
    public bool IsAuthPort(HttpContext http) => _auth?.IPEndPoint is { } endpoint && http.Connection.LocalPort == endpoint.Port;
}
