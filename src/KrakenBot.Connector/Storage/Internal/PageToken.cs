using System.Globalization;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// Keyset paging: a token is the (time ticks, row id) of the last row of a page, and the next page starts strictly
/// after it. Unlike an offset, rows written while a user pages through history neither repeat nor go missing.
/// </summary>
internal readonly record struct PageToken(long Ticks, long Id)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Ticks}.{Id}");

    public static PageToken? Parse(string? token)
    {
        if (token is null)
        {
            return null;
        }

        int dot = token.IndexOf('.');
        if (dot > 0
            && long.TryParse(token.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ticks)
            && long.TryParse(token.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            return new PageToken(ticks, id);
        }

        throw new ArgumentException(
            $"The page token '{token}' is not one this journal issued: pass the NextPageToken of the previous page, or null for the first page.",
            nameof(token));
    }
}
