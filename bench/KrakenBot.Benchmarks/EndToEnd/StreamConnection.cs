using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using TcpSocket = System.Net.Sockets.Socket;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>
/// One WebSocket client of the <see cref="StreamServer"/>: a thread reads its (masked) frames and answers requests;
/// the benchmark drives the stream through <see cref="SendPaced"/> and <see cref="SendBurst"/> from its own thread.
/// Writes are serialised, so an answer never lands inside a stream frame.
/// </summary>
internal sealed class StreamConnection(TcpSocket socket, EncodedStream stream, TaskCompletionSource<StreamConnection> subscriber)
{
    private readonly Lock _sendLock = new();

    /// <summary>Sends frames one at a time, one write each, sleeping <paramref name="gap"/> between them; returns each frame's
    /// <see cref="Stopwatch"/> timestamp taken just before its write.</summary>
    public long[] SendPaced(int first, int count, TimeSpan gap)
    {
        var sentAt = new long[count];
        for (int i = 0; i < count; i++)
        {
            Thread.Sleep(gap);
            sentAt[i] = Stopwatch.GetTimestamp();
            Send(stream.Frames(first + i, 1));
        }
        return sentAt;
    }

    /// <summary>Sends frames as fast as the client takes them, <paramref name="framesPerWrite"/> frames per write.</summary>
    public void SendBurst(int first, int count, int framesPerWrite)
    {
        for (int i = 0; i < count; i += framesPerWrite)
        {
            Send(stream.Frames(first + i, Math.Min(framesPerWrite, count - i)));
        }
    }

    internal void Run(byte[] alreadyRead)
    {
        var buffer = new byte[64 * 1024];
        alreadyRead.CopyTo(buffer, 0);
        int filled = alreadyRead.Length;
        var message = new MemoryStream();
        while (true)
        {
            // A client frame: 2-byte header, 0/2/8-byte extended length, 4-byte mask key, payload.
            while (!TryParse(buffer.AsSpan(0, filled), out int headerLength, out long payloadLength, out byte first)
                   || filled < headerLength + payloadLength)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                int n = socket.Receive(buffer.AsSpan(filled));
                if (n == 0) return;
                filled += n;
            }
            TryParse(buffer.AsSpan(0, filled), out int header, out long length, out byte b0);
            Span<byte> payload = buffer.AsSpan(header, (int)length);
            ReadOnlySpan<byte> mask = buffer.AsSpan(header - 4, 4);
            for (int i = 0; i < payload.Length; i++) payload[i] ^= mask[i & 3];
            int opcode = b0 & 0x0F;
            switch (opcode)
            {
                case 0x8: // close: answer it and stop
                    Send(Control(0x8, payload));
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                case 0x9: // ping
                    Send(Control(0xA, payload));
                    break;
                case 0x0 or 0x1:
                    message.Write(payload);
                    if ((b0 & 0x80) != 0)
                    {
                        Answer(message.ToArray());
                        message.SetLength(0);
                    }
                    break;
            }
            int consumed = header + (int)length;
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> data, out int headerLength, out long payloadLength, out byte first)
    {
        headerLength = 0;
        payloadLength = 0;
        first = 0;
        if (data.Length < 2) return false;
        first = data[0];
        int length7 = data[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        headerLength = 2 + extended + 4;
        if (data.Length < headerLength) return false;
        payloadLength = extended switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            8 => (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]),
            _ => length7,
        };
        return true;
    }

    private void Answer(byte[] utf8)
    {
        using JsonDocument request = JsonDocument.Parse(utf8);
        JsonElement root = request.RootElement;
        string? method = root.TryGetProperty("method", out JsonElement m) ? m.GetString() : null;
        string reqId = root.TryGetProperty("req_id", out JsonElement id) ? $",\"req_id\":{id.GetRawText()}" : "";
        const string Times = "\"time_in\":\"2026-01-01T00:00:00.000000Z\",\"time_out\":\"2026-01-01T00:00:00.000010Z\"";
        if (method == "ping")
        {
            SendText($"{{\"method\":\"pong\"{reqId},{Times}}}");
            return;
        }
        if (method != "subscribe") return;
        JsonElement parameters = root.GetProperty("params");
        string channel = parameters.GetProperty("channel").GetString()!;
        foreach (JsonElement symbol in parameters.GetProperty("symbol").EnumerateArray())
        {
            SendText($"{{\"method\":\"subscribe\",\"result\":{{\"channel\":\"{channel}\",\"symbol\":\"{symbol.GetString()}\",\"snapshot\":true}},\"success\":true,{Times}{reqId}}}");
        }
        if (channel == "book")
        {
            Send(stream.Frames(0, 1));
            subscriber.TrySetResult(this);
        }
    }

    private void SendText(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        var frame = new byte[EncodedStream.HeaderLength(payload.Length) + payload.Length];
        int header = EncodedStream.WriteHeader(frame, 0x1, payload.Length);
        payload.CopyTo(frame, header);
        Send(frame);
    }

    private static byte[] Control(byte opcode, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[2 + payload.Length];
        EncodedStream.WriteHeader(frame, opcode, payload.Length);
        payload.CopyTo(frame.AsSpan(2));
        return frame;
    }

    private void Send(ReadOnlySpan<byte> bytes)
    {
        lock (_sendLock)
        {
            while (!bytes.IsEmpty)
            {
                bytes = bytes[socket.Send(bytes)..];
            }
        }
    }
}
