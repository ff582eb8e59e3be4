using System.Buffers;

namespace KrakenBot.Benchmarks.Replay;

/// <summary>
/// A file of WebSocket text frames, one per line, held in one pooled buffer with the line boundaries found up front,
/// so that replaying measures frame processing and not the disk or line splitting.
/// </summary>
internal sealed class ReplayFrames : IDisposable
{
    private byte[]? _buffer;
    private readonly int[] _starts;
    private readonly int[] _lengths;

    private ReplayFrames(byte[] buffer, int[] starts, int[] lengths, int count)
    {
        _buffer = buffer;
        _starts = starts;
        _lengths = lengths;
        Count = count;
    }

    public int Count { get; }

    public long TotalBytes { get; private init; }

    public ReadOnlySpan<byte> this[int index] => _buffer.AsSpan(_starts[index], _lengths[index]);

    public static ReplayFrames Load(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength > Array.MaxLength)
        {
            throw new InvalidOperationException($"{path} is {fileLength} bytes; the replay holds at most {Array.MaxLength} bytes in memory.");
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)fileLength);
        int read = 0;
        while (read < fileLength)
        {
            int n = RandomAccess.Read(handle, buffer.AsSpan(read, (int)fileLength - read), read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }

        ReadOnlySpan<byte> text = buffer.AsSpan(0, read);
        int lines = text.Count((byte)'\n') + 1;
        var starts = new int[lines];
        var lengths = new int[lines];
        int count = 0;
        int position = 0;
        while (position < text.Length)
        {
            int end = text[position..].IndexOf((byte)'\n');
            int length = end < 0 ? text.Length - position : end;
            int trimmed = length > 0 && text[position + length - 1] == (byte)'\r' ? length - 1 : length;
            if (trimmed > 0)
            {
                starts[count] = position;
                lengths[count] = trimmed;
                count++;
            }
            position += length + 1;
        }
        return new ReplayFrames(buffer, starts, lengths, count) { TotalBytes = read };
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
