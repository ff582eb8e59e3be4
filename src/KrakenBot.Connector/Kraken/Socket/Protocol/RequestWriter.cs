using System.Buffers;
using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Writes a v2 request <c>{"method":…,"params":{…},"req_id":n}</c> as UTF-8. The bytes may hold a token: never log them.
/// </summary>
internal static class RequestWriter
{
    // One buffer and writer per thread for requests sent at once (orders): a strategy's requote writes its amends on
    // the thread that saw the book move, and allocates nothing here for them.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes the request into a fresh buffer (the caller may keep it).</summary>
    /// <param name="token">Added as the last member of <c>params</c> (private endpoint); null for none.</param>
    public static ReadOnlyMemory<byte> Write(string method, long requestId, Action<Utf8JsonWriter>? writeParams, string? token = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRequest(writer, method, requestId, writeParams, writeParams is null ? null : CallAction, token is null ? null : JsonEncodedText.Encode(token));
        }
        return buffer.WrittenMemory;
    }

    /// <summary>Writes <c>params</c> with a plain callback (for the overloads that take one).</summary>
    public static readonly Action<Utf8JsonWriter, Action<Utf8JsonWriter>?> CallAction = static (writer, write) => write?.Invoke(writer);

    /// <summary>
    /// Writes the request into the calling thread's buffer: valid until this thread writes its next request, so it must
    /// be sent (or copied) before then.
    /// </summary>
    /// <param name="state">What <paramref name="writeParams"/> writes from: passed, not captured, so a request allocates
    /// no closure.</param>
    /// <param name="token">The session token, encoded once per token rather than once per request; null for none.</param>
    public static ReadOnlyMemory<byte> WriteReused<TState>(string method, long requestId, TState state, Action<Utf8JsonWriter, TState>? writeParams,
        JsonEncodedText? token)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            WriteRequest(writer, method, requestId, state, writeParams, token);
            writer.Flush();
        }
        catch
        {
            // A params writer that threw leaves the writer mid-object: the next request starts from a new one.
            t_writer = null;
            throw;
        }
        return buffer.WrittenMemory;
    }

    private static void WriteRequest<TState>(Utf8JsonWriter writer, string method, long requestId, TState state,
        Action<Utf8JsonWriter, TState>? writeParams, JsonEncodedText? token)
    {
        writer.WriteStartObject();
        writer.WriteString("method"u8, method);
        if (writeParams is not null || token is not null)
        {
            writer.WriteStartObject("params"u8);
            writeParams?.Invoke(writer, state);
            if (token is { } encoded) writer.WriteString("token"u8, encoded);
            writer.WriteEndObject();
        }
        writer.WriteNumber("req_id"u8, requestId);
        writer.WriteEndObject();
    }
}
