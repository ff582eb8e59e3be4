using System.Text.Json;
using System.Text.Json.Serialization;

namespace KrakenBot.Backtest.Recording;

/// <summary>
/// What a recording file holds, at its start: the format and its version, the pairs with their precisions, the book
/// depth, where it was recorded and when. A file is self-describing: no other file is needed to replay it.
/// </summary>
public sealed record RecordingHeader
{
    /// <summary>The format's name in every file.</summary>
    public const string FormatName = "krakenbot-recording";

    /// <summary>The version this program writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = FormatName;

    /// <summary>The layout version of the file.</summary>
    [JsonPropertyName("version")] public int Version { get; init; } = CurrentVersion;

    /// <summary>The pairs; records name them by index in this list.</summary>
    [JsonPropertyName("pairs")] public required IReadOnlyList<RecordedPair> Pairs { get; init; }

    /// <summary>The book depth subscribed.</summary>
    [JsonPropertyName("depth")] public required int Depth { get; init; }

    /// <summary>The WebSocket endpoint the data came from (Kraken or a sandbox).</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary>When the file was started.</summary>
    [JsonPropertyName("started")] public required DateTimeOffset Started { get; init; }

    /// <summary>The index of <paramref name="symbol"/> in <see cref="Pairs"/>, or -1.</summary>
    public int IndexOf(string symbol)
    {
        for (int i = 0; i < Pairs.Count; i++)
            if (Pairs[i].Symbol == symbol) return i;
        return -1;
    }

    internal byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this);

    internal static RecordingHeader FromUtf8(ReadOnlySpan<byte> utf8, string file) =>
        JsonSerializer.Deserialize<RecordingHeader>(utf8)
        ?? throw new RecordingFormatException(file, "its header is empty.");
}
