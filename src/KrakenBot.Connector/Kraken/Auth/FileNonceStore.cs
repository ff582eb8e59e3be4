using System.Globalization;

namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Keeps the nonce high-water mark in a small text file. Each save writes a temporary file next to it, flushes it to
/// disk and renames it over the old one, so a crash leaves either the old or the new mark, never a torn file.
/// One file per API key; the file is not shared between processes (one key = one <see cref="NonceSource"/>).
/// </summary>
internal sealed class FileNonceStore : INonceStore
{
    private readonly string _path;

    /// <summary>Creates a store at <paramref name="path"/>; its directory is created when missing.</summary>
    public FileNonceStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
    }

    /// <summary>The file holding the mark.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The file exists but does not hold a non-negative integer.</exception>
    public long Load()
    {
        if (!File.Exists(_path))
        {
            return 0;
        }

        string text = File.ReadAllText(_path).Trim();
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long mark))
        {
            // Do not guess: a wrong mark could hand out nonces Kraken already saw. A person must decide.
            throw new InvalidDataException(
                $"The nonce file '{_path}' is damaged (it does not hold a whole number). Restore it from a backup, or " +
                "delete it if this machine's clock has never been set back since the key was last used.");
        }

        return mark;
    }

    /// <inheritdoc />
    /// <inheritdoc />
    public void SaveLastIssued(long lastIssued, long reservedMark)
    {
        if (Load() == reservedMark) Write(lastIssued);
    }

    public void Save(long highWaterMark)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(highWaterMark);
        Write(highWaterMark);
    }

    private void Write(long highWaterMark)
    {
        string? directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        string temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(highWaterMark.ToString(CultureInfo.InvariantCulture));
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
