using System.Text;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>A short, printable description of a reply that is not Kraken JSON (e.g. a Cloudflare error page), for error messages.</summary>
internal static class KrakenReplySummary
{
    private const int MaxChars = 80;

    public static string Describe(string? mediaType, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return $"{mediaType ?? "no content type"}, empty";

        // Prefer the HTML <title> (e.g. "502 Bad Gateway"); otherwise the start of the body.
        string text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 4096)]);
        int titleStart = text.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        int titleEnd = titleStart < 0 ? -1 : text.IndexOf("</title>", titleStart, StringComparison.OrdinalIgnoreCase);
        string excerpt = titleEnd > titleStart ? text[(titleStart + 7)..titleEnd] : text;

        var printable = new StringBuilder(MaxChars);
        foreach (char c in excerpt)
        {
            if (printable.Length >= MaxChars) break;
            printable.Append(char.IsControl(c) ? ' ' : c);
        }
        return $"{mediaType ?? "no content type"}, {body.Length} bytes: \"{printable.ToString().Trim()}\"";
    }
}
