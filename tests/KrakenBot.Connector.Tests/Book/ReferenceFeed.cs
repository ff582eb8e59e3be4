using System.Text.Json;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>Applies v2 book frames to a <see cref="ReferenceBook"/> through <see cref="JsonDocument"/> (independent of the production parser).</summary>
internal static class ReferenceFeed
{
    /// <returns>The checksum the frame carries.</returns>
    public static uint Apply(ReferenceBook book, string frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        var entry = root.GetProperty("data")[0];
        if (root.GetProperty("type").GetString() == "snapshot")
        {
            book.Clear();
        }
        foreach (var level in entry.GetProperty("bids").EnumerateArray())
        {
            book.Apply(true, level.GetProperty("price").GetDecimal(), level.GetProperty("qty").GetDecimal());
        }
        foreach (var level in entry.GetProperty("asks").EnumerateArray())
        {
            book.Apply(false, level.GetProperty("price").GetDecimal(), level.GetProperty("qty").GetDecimal());
        }
        book.Truncate();
        return entry.GetProperty("checksum").GetUInt32();
    }
}
