using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Matching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Sandbox;

/// <summary>Everything the API layers (REST now, WebSocket v2 next) share.</summary>
internal sealed class SandboxContext
{
    public required ExchangeEngine Exchange { get; init; }
    public required SandboxFaults Faults { get; init; }
    public required WebSocketTokens Tokens { get; init; }
    public required SandboxOptions Options { get; init; }
    /// <summary>The two loopback ports (main and private WebSocket).</summary>
    public SandboxListeners Listeners { get; } = new();
    public TimeProvider Time => Exchange.Time;

    /// <summary>The WebSocket side, once mapped (null without it).</summary>
    public Api.Socket.SocketHub? Sockets { get; set; }

    public ILogger Log { get; init; } = NullLogger.Instance;

    /// <summary>Cancelled when the host stops: long waits (swallowed replies) end with it.</summary>
    public CancellationToken Stopping { get; set; }
}
