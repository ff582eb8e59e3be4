using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Balances;

/// <summary>
/// Reads a WS v2 <c>balances</c> frame into (asset, total) pairs. Snapshot entries carry the spot total in
/// <c>balance</c>; update entries (one per ledger entry) carry the new total of the wallet they name, and only spot
/// wallets are kept.
/// </summary>
internal static class BalancesParser
{
    private const string Channel = "balances";

    public static List<(string Asset, decimal Total)> Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var result = new List<(string, decimal)>(2);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new UnexpectedResponseException("Kraken 'balances' message is not a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                JsonFields.MoveToValue(ref reader);
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new UnexpectedResponseException("Kraken 'balances' message: 'data' is not an array.");
                while (ChannelData.NextObject(ref reader, "balances", "data"))
                {
                    string? asset = null;
                    decimal? total = null;
                    bool spot = true;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("asset"u8)) { reader.Read(); asset = JsonFields.ReadString(ref reader, Channel, "asset"); }
                        else if (reader.ValueTextEquals("balance"u8)) { reader.Read(); total = JsonFields.ReadDecimal(ref reader, Channel, "balance"); }
                        else if (reader.ValueTextEquals("wallet_type"u8)) { reader.Read(); spot = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("spot"u8); }
                        else { reader.Read(); reader.Skip(); }
                    }
                    if (asset is not null && total is not null && spot) result.Add((asset, total.Value));
                }
            }
            else
            {
                JsonFields.MoveToValue(ref reader);
                reader.Skip();
            }
        }
        return result;
    }
}
