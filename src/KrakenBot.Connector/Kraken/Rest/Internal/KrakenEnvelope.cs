using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>
/// Kraken's reply envelope <c>{"error":[...],"result":{...}}</c>, read from the raw body. Tells apart a body that is
/// not JSON at all (a gateway or Cloudflare page) from JSON that is cut off or malformed.
/// </summary>
internal sealed class KrakenEnvelope : IDisposable
{
    private readonly JsonDocument _document;

    private KrakenEnvelope(JsonDocument document, IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    {
        _document = document;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>Error strings (<c>E…</c>), in Kraken's order.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Warning strings (<c>W…</c>), which come with a successful result.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the body's first non-blank byte opens a JSON object, i.e. it is meant to be a Kraken envelope.</summary>
    public static bool LooksLikeJsonObject(ReadOnlySpan<byte> body)
    {
        body = body.TrimStart(" \t\r\n"u8);
        if (body.StartsWith("\xEF\xBB\xBF"u8)) body = body[3..]; // UTF-8 BOM
        return body.Length > 0 && body[0] == (byte)'{';
    }

    /// <summary>Parses the envelope; throws <see cref="UnexpectedResponseException"/> naming the endpoint if it cannot.</summary>
    public static KrakenEnvelope Parse(byte[] body, string endpoint)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new UnexpectedResponseException(
                $"Kraken {endpoint} returned an unexpected reply: the JSON is incomplete or malformed after {body.Length} bytes " +
                $"(line {ex.LineNumber}, byte {ex.BytePositionInLine}).", ex);
        }

        try
        {
            var root = new KrakenJsonNode(document.RootElement, endpoint, "$");
            if (root.Kind != JsonValueKind.Object) throw root.Fail("is not an object");

            List<string> errors = [], warnings = [];
            if (root.TryGet("error", out KrakenJsonNode errorArray))
            {
                for (int i = 0; i < errorArray.Length; i++)
                {
                    string text = errorArray.StringAt(i);
                    (KrakenErrorMapper.IsWarning(text) ? warnings : errors).Add(text);
                }
            }
            return new KrakenEnvelope(document, errors, warnings);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>The <c>result</c> member; it must be there when there are no errors.</summary>
    public KrakenJsonNode Result(string endpoint)
    {
        var root = new KrakenJsonNode(_document.RootElement, endpoint, "$");
        return new KrakenJsonNode(root.Get("result").Element, endpoint, "result");
    }

    public void Dispose() => _document.Dispose();
}
