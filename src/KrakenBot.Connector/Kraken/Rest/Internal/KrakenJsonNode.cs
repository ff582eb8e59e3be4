using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>
/// A JSON value inside one Kraken reply, with the endpoint name and the path that leads to it, so that every
/// "missing" or "wrong type" problem becomes an <see cref="UnexpectedResponseException"/> naming both.
/// Numbers are parsed exactly from the raw UTF-8 text (string or JSON number), never through <c>double</c>.
/// Leaf reads build no path string unless they fail.
/// </summary>
internal readonly struct KrakenJsonNode
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    // Ticks are exact to 100 ns; anything beyond year 9999 is not a Kraken timestamp.
    private const decimal MaxUnixSeconds = 253_402_300_799m;

    public KrakenJsonNode(JsonElement element, string endpoint, string path)
    {
        Element = element;
        Endpoint = endpoint;
        Path = path;
    }

    public JsonElement Element { get; }
    public string Endpoint { get; }
    public string Path { get; }

    public JsonValueKind Kind => Element.ValueKind;

    public bool IsNull => Element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    // ---- navigation ----

    /// <summary>The named member of this object; it must be present and not null.</summary>
    public KrakenJsonNode Get(string name) => new(Required(name), Endpoint, Path + "." + name);

    /// <summary>The named member if present and not null.</summary>
    public bool TryGet(string name, out KrakenJsonNode node)
    {
        if (RequireObject().TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null)
        {
            node = new KrakenJsonNode(value, Endpoint, Path + "." + name);
            return true;
        }
        node = default;
        return false;
    }

    /// <summary>Item <paramref name="index"/> of this array.</summary>
    public KrakenJsonNode At(int index) => new(RequiredItem(index), Endpoint, $"{Path}[{index}]");

    /// <summary>The length of this array.</summary>
    public int Length => RequireArray().GetArrayLength();

    /// <summary>The members of this object, each as a node.</summary>
    public IEnumerable<KeyValuePair<string, KrakenJsonNode>> Members()
    {
        foreach (JsonProperty property in RequireObject().EnumerateObject())
            yield return new(property.Name, new KrakenJsonNode(property.Value, Endpoint, Path + "." + property.Name));
    }

    // ---- this node as a value ----

    public string AsString() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Fail(Path, "is not a string");

    public decimal AsDecimal() => TryReadDecimal(Element, out decimal value) ? value : throw Fail(Path, DecimalProblem(Element));

    public long AsInt64() => TryReadInt64(Element, out long value) ? value : throw Fail(Path, "is not a whole number");

    public DateTimeOffset AsUnixTime() => ToUnixTime(AsDecimal(), Path);

    // ---- members of this object ----

    public string String(string name) => ReadString(Required(name), name);

    public string? OptionalString(string name)
        => TryMember(name, out JsonElement value) ? ReadString(value, name) : null;

    /// <summary>
    /// A text field that is only shown, never acted on (leverage, trigger): its text, or null when missing, null or not a
    /// string (a field of a shape we do not know never makes a whole order unreadable).
    /// </summary>
    public string? OptionalStringOrNull(string name)
        => TryMember(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public decimal Decimal(string name)
    {
        JsonElement value = Required(name);
        return TryReadDecimal(value, out decimal result) ? result : throw Fail(Path + "." + name, DecimalProblem(value));
    }

    /// <summary>A decimal that Kraken may leave out, send as null or as an empty string.</summary>
    public decimal? OptionalDecimal(string name)
    {
        if (!TryMember(name, out JsonElement value) || IsEmptyString(value)) return null;
        return TryReadDecimal(value, out decimal result) ? result : throw Fail(Path + "." + name, DecimalProblem(value));
    }

    public long Int64(string name)
    {
        JsonElement value = Required(name);
        return TryReadInt64(value, out long result) ? result : throw Fail(Path + "." + name, "is not a whole number");
    }

    /// <summary>A whole number Kraken may leave out, send as null, as an empty string or as a numeric string.</summary>
    public long? OptionalInt64(string name)
    {
        if (!TryMember(name, out JsonElement value) || IsEmptyString(value)) return null;
        return TryReadInt64(value, out long result) ? result : throw Fail(Path + "." + name, "is not a whole number");
    }

    public int Int32(string name)
    {
        long value = Int64(name);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Fail(Path + "." + name, "is out of range");
    }

    public bool? OptionalBoolean(string name)
    {
        if (!TryMember(name, out JsonElement value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(Path + "." + name, "is not true or false"),
        };
    }

    public DateTimeOffset UnixTime(string name) => ToUnixTime(Decimal(name), Path + "." + name);

    /// <summary>A unix time where Kraken sends 0 (or nothing) for "not set".</summary>
    public DateTimeOffset? OptionalUnixTime(string name)
    {
        decimal? seconds = OptionalDecimal(name);
        return seconds is null or 0m ? null : ToUnixTime(seconds.Value, Path + "." + name);
    }

    // ---- items of this array ----

    public string StringAt(int index) => ReadString(RequiredItem(index), index);

    public decimal DecimalAt(int index)
    {
        JsonElement value = RequiredItem(index);
        return TryReadDecimal(value, out decimal result) ? result : throw Fail($"{Path}[{index}]", DecimalProblem(value));
    }

    public long Int64At(int index)
    {
        JsonElement value = RequiredItem(index);
        return TryReadInt64(value, out long result) ? result : throw Fail($"{Path}[{index}]", "is not a whole number");
    }

    public DateTimeOffset UnixTimeAt(int index) => ToUnixTime(DecimalAt(index), $"{Path}[{index}]");

    // ---- helpers ----

    /// <summary>An exception naming the endpoint and the field, for problems the caller finds itself.</summary>
    public UnexpectedResponseException Fail(string problem) => Fail(Path, problem);

    private UnexpectedResponseException Fail(string path, string problem)
        => new($"Kraken {Endpoint} returned an unexpected reply: field '{path}' {problem}.");

    private JsonElement RequireObject()
        => Element.ValueKind == JsonValueKind.Object ? Element : throw Fail(Path, $"is {Describe(Element)}, not an object");

    private JsonElement RequireArray()
        => Element.ValueKind == JsonValueKind.Array ? Element : throw Fail(Path, $"is {Describe(Element)}, not an array");

    private JsonElement Required(string name)
    {
        if (!RequireObject().TryGetProperty(name, out JsonElement value))
            throw Fail(Path + "." + name, "is missing");
        if (value.ValueKind == JsonValueKind.Null)
            throw Fail(Path + "." + name, "is null");
        return value;
    }

    private bool TryMember(string name, out JsonElement value)
        => RequireObject().TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private JsonElement RequiredItem(int index)
    {
        JsonElement array = RequireArray();
        if (index >= array.GetArrayLength())
            throw Fail(Path, $"has {array.GetArrayLength()} items; item {index} is missing");
        return array[index];
    }

    private string ReadString(JsonElement value, string name)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Fail(Path + "." + name, $"is {Describe(value)}, not a string");

    private string ReadString(JsonElement value, int index)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Fail($"{Path}[{index}]", $"is {Describe(value)}, not a string");

    private DateTimeOffset ToUnixTime(decimal seconds, string path)
    {
        if (seconds < 0 || seconds > MaxUnixSeconds) throw Fail(path, "is not a unix time");
        return DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
    }

    private static bool IsEmptyString(JsonElement value) => value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).Length == 2; // just the quotes

    /// <summary>Exact decimal from the raw UTF-8 of a JSON string or number.</summary>
    internal static bool TryReadDecimal(JsonElement value, out decimal result)
    {
        ReadOnlySpan<byte> raw;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                raw = JsonMarshal.GetRawUtf8Value(value);
                break;
            case JsonValueKind.String:
                raw = JsonMarshal.GetRawUtf8Value(value);
                raw = raw[1..^1]; // strip the quotes; numbers never need escapes
                break;
            default:
                result = 0;
                return false;
        }
        return decimal.TryParse(raw, DecimalStyle, CultureInfo.InvariantCulture, out result);
    }

    private static bool TryReadInt64(JsonElement value, out long result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetInt64(out result);
            case JsonValueKind.String:
                ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
                return long.TryParse(raw[1..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
            default:
                result = 0;
                return false;
        }
    }

    private static string DecimalProblem(JsonElement value)
        => value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? "is not a decimal number" : $"is {Describe(value)}, not a number";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
