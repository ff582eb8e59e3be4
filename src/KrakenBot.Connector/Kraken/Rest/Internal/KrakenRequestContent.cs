using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>
/// The parameters of one Kraken call. A private call's body is built once per attempt, with that attempt's nonce,
/// into the exact bytes that are signed and sent.
/// </summary>
internal abstract class KrakenRequestContent
{
    public abstract string MediaType { get; }

    /// <summary>The body for a private call, including <c>nonce</c>.</summary>
    public abstract byte[] BuildBody(long nonce);
}

/// <summary>Form-encoded parameters (<c>application/x-www-form-urlencoded</c>); also used as a GET query string.</summary>
internal sealed class KrakenForm : KrakenRequestContent
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public static KrakenForm Empty => new();

    public override string MediaType => "application/x-www-form-urlencoded";

    public int Count => _fields.Count;

    public KrakenForm Add(string key, string value)
    {
        _fields.Add(new(key, value));
        return this;
    }

    public KrakenForm AddIf(bool condition, string key, string value) => condition ? Add(key, value) : this;

    public KrakenForm AddIfSet(string key, string? value) => value is null ? this : Add(key, value);

    public KrakenForm AddIfSet(string key, decimal? value) => value is { } v ? Add(key, FormatDecimal(v)) : this;

    public KrakenForm AddIfSet(string key, long? value) => value is { } v ? Add(key, v.ToString(CultureInfo.InvariantCulture)) : this;

    /// <summary>Kraken booleans are sent as <c>true</c>; a false flag is simply left out.</summary>
    public KrakenForm AddFlag(string key, bool value) => value ? Add(key, "true") : this;

    /// <summary>Decimals go out exactly as held (invariant, no exponent, trailing zeros kept).</summary>
    public static string FormatDecimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public override byte[] BuildBody(long nonce)
    {
        var text = new StringBuilder(32 + _fields.Count * 24);
        text.Append("nonce=").Append(nonce.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in _fields)
            text.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The parameters as a query string (without <c>?</c>) for public GET calls.</summary>
    public string ToQueryString()
    {
        var text = new StringBuilder(_fields.Count * 24);
        foreach (var (key, value) in _fields)
        {
            if (text.Length > 0) text.Append('&');
            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return text.ToString();
    }
}

/// <summary>
/// A JSON body (<c>application/json</c>), for the batch endpoints whose parameters are arrays of objects
/// (Kraken's OpenAPI examples send these as JSON). The signature covers <c>nonce + json</c>, like a form body.
/// </summary>
internal sealed class KrakenJsonContent(Action<Utf8JsonWriter> writeFields) : KrakenRequestContent
{
    public override string MediaType => "application/json";

    public override byte[] BuildBody(long nonce)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("nonce", nonce);
            writeFields(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
