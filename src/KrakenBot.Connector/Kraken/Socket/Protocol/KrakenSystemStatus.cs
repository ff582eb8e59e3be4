namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Kraken's trading state as pushed on the <c>status</c> channel.</summary>
internal enum KrakenSystemState
{
    /// <summary>A state this version does not know; see <see cref="KrakenSystemStatus.RawSystem"/>.</summary>
    Unknown,
    /// <summary>Trading normally.</summary>
    Online,
    /// <summary>Down for maintenance: no trading.</summary>
    Maintenance,
    /// <summary>Only cancels are accepted.</summary>
    CancelOnly,
    /// <summary>Only post-only limit orders are accepted.</summary>
    PostOnly,
}

/// <summary>A <c>status</c> message: system state and connection details.</summary>
/// <param name="State">The parsed state.</param>
/// <param name="RawSystem">The <c>system</c> value as sent.</param>
/// <param name="ApiVersion">e.g. <c>v2</c>.</param>
/// <param name="ConnectionId">Kraken's id of this connection (useful when talking to Kraken support).</param>
/// <param name="Version">Kraken's WebSocket service version.</param>
internal sealed record KrakenSystemStatus(
    KrakenSystemState State,
    string RawSystem,
    string? ApiVersion,
    ulong? ConnectionId,
    string? Version);
