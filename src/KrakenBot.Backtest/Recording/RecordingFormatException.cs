namespace KrakenBot.Backtest.Recording;

/// <summary>A file that is not a recording this program can read (wrong format, newer version, damaged header).</summary>
public sealed class RecordingFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/>.</summary>
    public RecordingFormatException(string file, string problem)
        : base($"{file} cannot be replayed: {problem}")
    {
        File = file;
    }

    /// <summary>The file.</summary>
    public string File { get; }
}
