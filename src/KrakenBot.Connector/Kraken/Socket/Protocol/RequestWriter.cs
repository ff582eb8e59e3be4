using System.Buffers;
using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Writes a v2 request <c>{"method":…,"params":{…},"req_id":n}</c> as UTF-8. Requests are few (subscriptions,
/// orders), so a fresh buffer per request is fine. The bytes may hold a token: never log them.
/// </summary>
internal static class RequestWriter
{
    public static ReadOnlyMemory<byte> Write(string method, long requestId, Action<Utf8JsonWriter>? writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, method);
            if (writeParams is not null)
            {
                writer.WriteStartObject("params"u8);
                writeParams(writer);
                writer.WriteEndObject();
            }
            writer.WriteNumber("req_id"u8, requestId);
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
