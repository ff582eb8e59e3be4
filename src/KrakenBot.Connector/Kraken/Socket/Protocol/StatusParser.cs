using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Parses <c>status</c> messages (rare: on connect and on every change).</summary>
internal static class StatusParser
{
    private const string Channel = "status";

    public static KrakenSystemStatus Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        ChannelData.MoveToData(ref reader, Channel);
        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new UnexpectedResponseException("Kraken 'status' message: 'data' is not an array of objects.");

        string? system = null, apiVersion = null, version = null;
        ulong? connectionId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("system"u8)) { reader.Read(); system = JsonFields.ReadString(ref reader, Channel, "system"); }
            else if (reader.ValueTextEquals("api_version"u8)) { reader.Read(); apiVersion = JsonFields.ReadString(ref reader, Channel, "api_version"); }
            else if (reader.ValueTextEquals("version"u8)) { reader.Read(); version = JsonFields.ReadString(ref reader, Channel, "version"); }
            else if (reader.ValueTextEquals("connection_id"u8)) { reader.Read(); connectionId = JsonFields.ReadUInt64(ref reader, Channel, "connection_id"); }
            else { reader.Read(); reader.Skip(); }
        }
        ChannelData.Require(system is not null, Channel, "system");
        return new KrakenSystemStatus(ParseState(system!), system!, apiVersion, connectionId, version);
    }

    private static KrakenSystemState ParseState(string system) => system switch
    {
        "online" => KrakenSystemState.Online,
        "maintenance" => KrakenSystemState.Maintenance,
        "cancel_only" => KrakenSystemState.CancelOnly,
        "post_only" => KrakenSystemState.PostOnly,
        _ => KrakenSystemState.Unknown,
    };
}
