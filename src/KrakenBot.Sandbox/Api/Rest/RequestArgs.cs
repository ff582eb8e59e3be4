using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>
/// The parameters of one REST call, from a query string, a form-encoded body or a JSON body.
/// Scalars keep their exact text (numbers are never routed through double); lists of objects
/// (<c>orders</c> in AddOrderBatch) and lists of strings (<c>cl_ord_ids</c>) are kept apart.
/// </summary>
internal sealed class RequestArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RequestArgs>> _objectLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _stringLists = new(StringComparer.Ordinal);

    public IEnumerable<string> Keys => _values.Keys;

    public bool TryGet(string name, [NotNullWhen(true)] out string? value) => _values.TryGetValue(name, out value);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name) || _objectLists.ContainsKey(name) || _stringLists.ContainsKey(name);

    public List<RequestArgs>? Objects(string name) => _objectLists.GetValueOrDefault(name);

    /// <summary>A list parameter: a JSON array, repeated <c>name[]</c> form fields, or a comma list.</summary>
    public List<string>? Strings(string name)
    {
        if (_stringLists.TryGetValue(name, out var list)) return list;
        if (_values.TryGetValue(name, out var csv)) return [.. csv.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        return null;
    }

    public void Set(string name, string value) => _values[name] = value;

    /// <summary>Parses <c>a=1&amp;b=2</c>, including <c>orders[0][type]=buy</c> and <c>ids[]=x</c> shapes.</summary>
    public static bool TryParseForm(ReadOnlySpan<byte> body, RequestArgs args, out string? error)
    {
        error = null;
        var text = Encoding.UTF8.GetString(body);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            string name, value;
            try
            {
                name = Decode(eq < 0 ? pair : pair[..eq]);
                value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            }
            catch (UriFormatException)
            {
                error = "malformed form encoding";
                return false;
            }
            if (!args.AddFormField(name, value)) { error = $"malformed field name '{name}'"; return false; }
        }
        return true;

        static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }

    private bool AddFormField(string name, string value)
    {
        var open = name.IndexOf('[');
        if (open < 0) { _values[name] = value; return true; }
        if (!name.EndsWith(']')) return false;
        var root = name[..open];
        var parts = name[(open + 1)..^1].Split("][");
        if (parts.Length == 1)
        {
            if (parts[0].Length == 0 || int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                if (!_stringLists.TryGetValue(root, out var list)) _stringLists[root] = list = [];
                list.Add(value);
            }
            else
            {
                _values[$"{root}[{parts[0]}]"] = value; // close[ordertype] style
            }
            return true;
        }
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < 100)
        {
            if (!_objectLists.TryGetValue(root, out var objects)) _objectLists[root] = objects = [];
            while (objects.Count <= index) objects.Add(new RequestArgs());
            objects[index]._values[parts[1]] = value;
            return true;
        }
        return false;
    }

    /// <summary>Parses a JSON object body; numbers keep their raw text.</summary>
    public static bool TryParseJson(ReadOnlySpan<byte> body, RequestArgs args, out string? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { error = "body must be a JSON object"; return false; }
            return args.AddJsonObject(doc.RootElement, out error);
        }
        catch (JsonException)
        {
            error = "malformed JSON body";
            return false;
        }
    }

    private bool AddJsonObject(JsonElement obj, out string? error)
    {
        error = null;
        foreach (var property in obj.EnumerateObject())
        {
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            var child = new RequestArgs();
                            if (!child.AddJsonObject(item, out error)) return false;
                            if (!_objectLists.TryGetValue(property.Name, out var objects)) _objectLists[property.Name] = objects = [];
                            objects.Add(child);
                        }
                        else if (Scalar(item) is { } text)
                        {
                            if (!_stringLists.TryGetValue(property.Name, out var list)) _stringLists[property.Name] = list = [];
                            list.Add(text);
                        }
                        else
                        {
                            error = $"unsupported value in array '{property.Name}'";
                            return false;
                        }
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var inner in value.EnumerateObject())
                    {
                        if (Scalar(inner.Value) is not { } text) { error = $"unsupported value in '{property.Name}'"; return false; }
                        _values[$"{property.Name}[{inner.Name}]"] = text;
                    }
                    break;
                default:
                    _values[property.Name] = Scalar(value)!;
                    break;
            }
        }
        return true;
    }

    private static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
