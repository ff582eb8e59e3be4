namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// A socket that can send a whole text message at once on the calling thread (the connector's own
/// <see cref="WebSockets.KrakenWebSocket"/>, whose writes are blocking anyway): the transport then takes no asynchronous
/// path when nothing else is being sent, so an order request leaves on the thread that made it (a strategy reacting to a
/// book frame on the socket's receive thread writes its amend from there).
/// </summary>
internal interface IDirectSend
{
    /// <summary>Sends <paramref name="utf8"/> as one text message now, blocking until the kernel has it.</summary>
    /// <returns>False, with nothing sent, when another send is under way: the caller then queues behind it.</returns>
    /// <exception cref="System.Net.WebSockets.WebSocketException">The connection is not open.</exception>
    /// <exception cref="IOException">The connection failed while writing (part of the message may have left).</exception>
    bool TrySendText(ReadOnlySpan<byte> utf8);
}
