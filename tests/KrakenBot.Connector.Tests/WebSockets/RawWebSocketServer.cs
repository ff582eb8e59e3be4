using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using KrakenBot.Connector.Tests.Socket;
using TcpSocket = System.Net.Sockets.Socket;

namespace KrakenBot.Connector.Tests.WebSockets;

/// <summary>
/// A WebSocket server on 127.0.0.1 written at the byte level, so a test controls every byte and every write: what the
/// handshake answers, frames split anywhere, frames a server must not send, a connection dropped mid-frame.
/// </summary>
internal sealed class RawWebSocketServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public RawWebSocketServer() => _listener.Start();

    public Uri Uri => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v2");

    /// <summary>Accepts one connection and answers its upgrade request.</summary>
    /// <param name="answer">The response head for a Sec-WebSocket-Key (a correct 101 when null).</param>
    /// <param name="sendWithAnswer">Bytes written in the same write as the response head (the first frames).</param>
    public async Task<RawConnection> AcceptAsync(Func<string, string>? answer = null, byte[]? sendWithAnswer = null)
    {
        using var guard = new CancellationTokenSource(TestWait.Guard);
        var socket = await _listener.AcceptSocketAsync(guard.Token);
        socket.NoDelay = true;
        var connection = new RawConnection(socket);
        string head = await connection.ReadRequestHeadAsync();
        string key = head.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
            .Split(':', 2)[1].Trim();
        string response = answer is null
            ? $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {WebSocketHandshake.AcceptFor(key)}\r\n\r\n"
            : answer(key);
        await connection.SendAsync([.. Encoding.ASCII.GetBytes(response), .. sendWithAnswer ?? []]);
        connection.RequestHead = head;
        return connection;
    }

    public void Dispose() => _listener.Stop();
}

/// <summary>One accepted connection, as bytes.</summary>
internal sealed class RawConnection(TcpSocket socket) : IDisposable
{
    public string RequestHead { get; set; } = "";

    /// <summary>The mask key of the last frame <see cref="ReadFrameAsync"/> read.</summary>
    public byte[] LastMaskKey { get; private set; } = [];

    public async Task SendAsync(byte[] bytes) => await socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Sends <paramref name="bytes"/> one write per byte.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        foreach (byte b in bytes) await socket.SendAsync(new[] { b }, SocketFlags.None);
    }

    /// <summary>Closes the TCP connection without a close frame.</summary>
    public void Drop() => socket.Close();

    /// <summary>Reads one client frame: its opcode, whether it was masked, and its unmasked payload.</summary>
    public async Task<(int Opcode, bool Masked, byte[] Payload)> ReadFrameAsync()
    {
        byte[] head = await ReadExactlyAsync(2);
        bool masked = (head[1] & 0x80) != 0;
        long length = head[1] & 0x7F;
        if (length == 126) length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2));
        else if (length == 127) length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8));
        byte[] key = masked ? await ReadExactlyAsync(4) : [0, 0, 0, 0];
        LastMaskKey = key;
        byte[] payload = await ReadExactlyAsync((int)length);
        for (int i = 0; i < payload.Length; i++) payload[i] ^= key[i & 3];
        return (head[0] & 0x0F, masked, payload);
    }

    internal async Task<string> ReadRequestHeadAsync()
    {
        var head = new List<byte>();
        while (head.Count < 4 || !head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
            head.AddRange(await ReadExactlyAsync(1));
        return Encoding.ASCII.GetString([.. head]);
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        using var guard = new CancellationTokenSource(TestWait.Guard);
        var bytes = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            int n = await socket.ReceiveAsync(bytes.AsMemory(filled), SocketFlags.None, guard.Token);
            if (n == 0) throw new EndOfStreamException($"The client closed the connection after {filled} of {count} bytes.");
            filled += n;
        }
        return bytes;
    }

    public void Dispose() => socket.Dispose();
}
