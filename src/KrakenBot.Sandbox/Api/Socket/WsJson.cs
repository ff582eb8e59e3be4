using System.Buffers;
using System.Text.Json;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// WebSocket v2 wire conventions: numbers are JSON numbers printed with the pair's full precision
/// (<c>0.10000000</c>, never <c>0.1</c>), times are RFC3339 with microseconds.
/// Messages are written into a per-thread buffer and copied out once, so one message is formatted
/// once however many connections receive it.
/// </summary>
internal static class WsJson
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>Writes one message with <paramref name="write"/> and returns its bytes.</summary>
    public static byte[] Build<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false });
        // A nested Build (rare) would clobber the shared buffer: give it its own.
        if (writer.BytesPending != 0 || writer.BytesCommitted != 0 || buffer.WrittenCount != 0)
        {
            var ownBuffer = new ArrayBufferWriter<byte>(1024);
            using var own = new Utf8JsonWriter(ownBuffer);
            write(own, state);
            own.Flush();
            return ownBuffer.WrittenSpan.ToArray();
        }
        try
        {
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
        }
    }

    /// <summary>A number with exactly <paramref name="decimals"/> decimals, as a JSON number.</summary>
    public static void Number(this Utf8JsonWriter w, string name, decimal value, int decimals)
    {
        w.WritePropertyName(name);
        w.NumberValue(value, decimals);
    }

    public static void NumberValue(this Utf8JsonWriter w, decimal value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[64];
        Money.TryFormat(value, decimals, buffer, out var written);
        w.WriteRawValue(buffer[..written], skipInputValidation: true);
    }

    /// <summary>RFC3339 UTC with microseconds (<c>2023-09-22T10:33:05.709950Z</c>), as Kraken stamps v2 messages.</summary>
    public static void Time(this Utf8JsonWriter w, string name, DateTimeOffset time)
    {
        Span<byte> buffer = stackalloc byte[32];
        var length = FormatTime(time, buffer);
        w.WriteString(name, buffer[..length]);
    }

    public static int FormatTime(DateTimeOffset time, Span<byte> buffer)
    {
        var utc = time.UtcDateTime;
        utc.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>The common tail of every method response: req_id echo and the two timestamps.</summary>
    public static void Times(this Utf8JsonWriter w, DateTimeOffset timeIn, DateTimeOffset timeOut)
    {
        w.Time("time_in", timeIn);
        w.Time("time_out", timeOut);
    }

    public static void ReqId(this Utf8JsonWriter w, long? reqId)
    {
        if (reqId is { } id) w.WriteNumber("req_id", id);
    }
}
