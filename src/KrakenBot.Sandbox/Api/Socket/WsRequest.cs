using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>One parsed client request: <c>{"method", "params", "req_id"}</c>.</summary>
internal readonly record struct WsRequest(WsConnection Connection, string Method, long? ReqId, JsonElement Params, DateTimeOffset TimeIn)
{
    public bool HasParams => Params.ValueKind == JsonValueKind.Object;

    public bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return HasParams && Params.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string name) => TryGet(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>Kraken's v2 response envelope: method, req_id echo, result or error, success, time_in/time_out.</summary>
internal static class WsResponse
{
    public static byte[] Ok(in WsRequest r, DateTimeOffset timeOut, Action<Utf8JsonWriter>? result) =>
        Build(r.Method, r.ReqId, r.TimeIn, timeOut, null, result, null);

    public static byte[] Error(in WsRequest r, DateTimeOffset timeOut, string error, string? symbol = null) =>
        Build(r.Method, r.ReqId, r.TimeIn, timeOut, error, null, symbol);

    public static byte[] Build(string? method, long? reqId, DateTimeOffset timeIn, DateTimeOffset timeOut, string? error,
        Action<Utf8JsonWriter>? result, string? symbol) =>
        WsJson.Build((method, reqId, timeIn, timeOut, error, result, symbol), static (w, s) =>
        {
            w.WriteStartObject();
            if (s.method is not null) w.WriteString("method", s.method);
            w.ReqId(s.reqId);
            if (s.error is not null) w.WriteString("error", s.error);
            else if (s.result is not null)
            {
                w.WritePropertyName("result");
                s.result(w);
            }
            w.WriteBoolean("success", s.error is null);
            if (s.symbol is not null) w.WriteString("symbol", s.symbol);
            w.Times(s.timeIn, s.timeOut);
            w.WriteEndObject();
        });
}

/// <summary>Reads typed request parameters; decimals come from the number's own UTF-8 text (TryGetDecimal), never via double.</summary>
internal static class WsParams
{
    /// <summary>A decimal parameter: a JSON number (or numeric string); absent is fine, anything else is an error naming it.</summary>
    public static string? OptionalDecimal(JsonElement source, string name, out decimal? value)
    {
        value = null;
        if (!source.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) { value = d; return null; }
        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var fromText)) { value = fromText; return null; }
        return KrakenErrors.InvalidArgument(name);
    }

    public static string? OptionalBool(JsonElement source, string name, out bool? value)
    {
        value = null;
        if (!source.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) { value = v.GetBoolean(); return null; }
        return KrakenErrors.InvalidArgument(name);
    }

    public static string? OptionalInt(JsonElement source, string name, out int? value)
    {
        value = null;
        if (!source.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)) { value = i; return null; }
        return KrakenErrors.InvalidArgument(name);
    }

    public static string? OptionalString(JsonElement source, string name, out string? value)
    {
        value = null;
        if (!source.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) { value = v.GetString(); return null; }
        return KrakenErrors.InvalidArgument(name);
    }

    /// <summary>An array of strings (a lone string is accepted as a one-item list).</summary>
    public static string? OptionalStrings(JsonElement source, string name, out List<string>? values)
    {
        values = null;
        if (!source.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) { values = [v.GetString()!]; return null; }
        if (v.ValueKind != JsonValueKind.Array) return KrakenErrors.InvalidArgument(name);
        values = [];
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) values.Add(item.GetString()!);
            else if (item.ValueKind == JsonValueKind.Number) values.Add(item.GetRawText());
            else return KrakenErrors.InvalidArgument(name);
        }
        return null;
    }

    public static string? OptionalTime(JsonElement source, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!source.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var t)) { value = t; return null; }
        return KrakenErrors.InvalidArgument(name);
    }
}

/// <summary>The account behind a request's <c>token</c> (checked on every private request).</summary>
internal static class WsAuth
{
    public static string? Account(in WsRequest r, WebSocketTokens tokens, out Account? account)
    {
        account = null;
        if (!r.Connection.IsPrivate) return KrakenErrors.PermissionDenied;
        var token = r.String("token");
        if (!tokens.TryValidate(token, out account)) return KrakenErrors.InvalidToken;
        tokens.Touch(token!);
        return null;
    }
}
