using System.Buffers;
using System.Text;
using System.Text.Json;
using KrakenBot.Strategies.State;

namespace KrakenBot.Strategies.Hosting;

/// <summary>
/// Writes the strategy's orders document (<see cref="StrategyDocuments.Orders"/>) and its save time straight from the
/// owned orders, the same text <see cref="JsonSerializer"/> writes for a list of <see cref="OwnedOrderRecord"/> (which
/// reads it back on restart). It is saved after every amend (the quote time moves), so it is written into one reused
/// buffer instead of building a record, a trade array and a list per save. One per driver; not thread-safe.
/// </summary>
internal sealed class OwnedOrdersJson
{
    private static readonly JsonEncodedText ClientOrderId = JsonEncodedText.Encode(nameof(OwnedOrderRecord.ClientOrderId));
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode(nameof(OwnedOrderRecord.Label));
    private static readonly JsonEncodedText QuotedAt = JsonEncodedText.Encode(nameof(OwnedOrderRecord.QuotedAt));
    private static readonly JsonEncodedText AppliedTrades = JsonEncodedText.Encode(nameof(OwnedOrderRecord.AppliedTrades));
    private static readonly JsonEncodedText FinishedAt = JsonEncodedText.Encode(nameof(OwnedOrderRecord.FinishedAt));

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public OwnedOrdersJson() =>
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = StateJson.Options.Encoder });

    /// <summary>The orders as a JSON array of <see cref="OwnedOrderRecord"/>.</summary>
    public string Orders(Dictionary<string, OwnedOrder>.ValueCollection orders)
    {
        Start();
        _writer.WriteStartArray();
        foreach (var order in orders)
        {
            _writer.WriteStartObject();
            _writer.WriteString(ClientOrderId, order.ClientOrderId);
            _writer.WriteString(Label, order.Label);
            _writer.WriteString(QuotedAt, order.QuotedAt);
            _writer.WriteStartArray(AppliedTrades);
            foreach (string trade in order.AppliedTrades)
            {
                _writer.WriteStringValue(trade);
            }

            _writer.WriteEndArray();
            if (order.FinishedAt is { } finishedAt)
            {
                _writer.WriteString(FinishedAt, finishedAt);
            }
            else
            {
                _writer.WriteNull(FinishedAt);
            }

            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        return Finish();
    }

    /// <summary>A time as a JSON string.</summary>
    public string Time(DateTimeOffset time)
    {
        Start();
        _writer.WriteStringValue(time);
        return Finish();
    }

    private void Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private string Finish()
    {
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
