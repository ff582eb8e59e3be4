using System.Text.Json;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>Answers like Kraken: one subscribe ack per symbol (or an error for unknown ones) and pong for ping.</summary>
internal sealed class KrakenScript
{
    public HashSet<string> UnknownSymbols { get; } = new(StringComparer.Ordinal);

    /// <summary>Channels whose subscribe requests get no answer at all.</summary>
    public HashSet<string> SilentChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Methods that get no answer at all.</summary>
    public HashSet<string> SilentMethods { get; } = new(StringComparer.Ordinal);

    public bool AnswerPings { get; set; } = true;

    public async Task HandleAsync(ServerConnection connection, JsonElement request)
    {
        string method = request.GetProperty("method").GetString()!;
        long? reqId = request.TryGetProperty("req_id", out var id) ? id.GetInt64() : null;
        string reqIdPart = reqId is null ? "" : $",\"req_id\":{reqId}";
        if (SilentMethods.Contains(method)) return;

        if (method == "ping")
        {
            if (AnswerPings)
                await connection.SendAsync($"{{\"method\":\"pong\"{reqIdPart},\"time_in\":\"2023-09-24T14:10:23.799685Z\",\"time_out\":\"2023-09-24T14:10:23.799703Z\"}}");
            return;
        }
        if (method is not ("subscribe" or "unsubscribe")) return;

        var parameters = request.GetProperty("params");
        string channel = parameters.GetProperty("channel").GetString()!;
        if (SilentChannels.Contains(channel)) return;
        if (!parameters.TryGetProperty("symbol", out var symbols))
        {
            await connection.SendAsync($"{{\"method\":\"{method}\",\"result\":{{\"channel\":\"{channel}\"}},\"success\":true{reqIdPart},\"time_in\":\"2023-09-26T16:49:20.962586Z\",\"time_out\":\"2023-09-26T16:49:20.962630Z\"}}");
            return;
        }
        foreach (var symbolElement in symbols.EnumerateArray())
        {
            string symbol = symbolElement.GetString()!;
            if (UnknownSymbols.Contains(symbol))
                await connection.SendAsync($"{{\"error\":\"Currency pair not supported {symbol}\",\"method\":\"{method}\"{reqIdPart},\"success\":false,\"symbol\":\"{symbol}\",\"time_in\":\"2023-09-25T09:04:31.742599Z\",\"time_out\":\"2023-09-25T09:04:31.742648Z\"}}");
            else
                await connection.SendAsync($"{{\"method\":\"{method}\",\"result\":{{\"channel\":\"{channel}\",\"symbol\":\"{symbol}\",\"snapshot\":true}},\"success\":true,\"time_in\":\"2023-09-25T09:04:31.742599Z\",\"time_out\":\"2023-09-25T09:04:31.742648Z\"{reqIdPart}}}");
        }
    }
}
