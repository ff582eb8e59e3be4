using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace KrakenBot.Backtest.Recording;

/// <summary>
/// Reads one recording file, record by record, without allocating per record. A file cut off mid-write or damaged
/// ends at the last whole block: <see cref="TornTail"/> then says where and why; nothing after it is ever read.
/// A file of another format or a newer version is refused with a <see cref="RecordingFormatException"/>.
/// </summary>
public sealed class RecordingReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;
    private byte[] _compressed = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private byte[] _raw = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private int _rawLength;
    private int _position;
    private bool _ended;

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="RecordingFormatException">Not a recording, a newer version, or a damaged header.</exception>
    public RecordingReader(string path)
    {
        _path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        try
        {
            Header = ReadHeader();
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The recordings in <paramref name="directory"/>, oldest first (file names sort by time).</summary>
    public static IReadOnlyList<string> FilesIn(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "*" + RecordingLayout.FileExtension).Order(StringComparer.Ordinal)]
            : throw new DirectoryNotFoundException($"No recording directory '{directory}'.");

    /// <summary>What the file describes: pairs, precisions, depth, source.</summary>
    public RecordingHeader Header { get; }

    /// <summary>Set when the file ended in a torn or damaged block: where, and why. Null for a file that ended cleanly.</summary>
    public string? TornTail { get; private set; }

    /// <summary>Reads the next record; false at the end of the file (or of its last whole block).</summary>
    public bool TryRead(out RecordView record)
    {
        while (_position >= _rawLength)
        {
            if (_ended || !ReadBlock())
            {
                _ended = true;
                record = default;
                return false;
            }
        }

        var rest = _raw.AsSpan(_position, _rawLength - _position);
        if (rest.Length < RecordingLayout.RecordHeaderSize) throw Broken("a record header runs past its block");
        var kind = (RecordKind)rest[0];
        long arrival = BinaryPrimitives.ReadInt64LittleEndian(rest[1..]);
        int pair = rest[9] == RecordingLayout.NoPair ? -1 : rest[9];
        int length = BinaryPrimitives.ReadInt32LittleEndian(rest[10..]);
        if (kind is not (RecordKind.Book or RecordKind.Trade or RecordKind.Gap)) throw Broken($"a record has an unknown kind {(byte)kind}");
        if (pair >= Header.Pairs.Count) throw Broken($"a record names pair {pair}, but the header lists {Header.Pairs.Count}");
        if (length < 0 || length > rest.Length - RecordingLayout.RecordHeaderSize) throw Broken("a record runs past its block");
        record = new RecordView(kind, arrival, pair, rest.Slice(RecordingLayout.RecordHeaderSize, length));
        _position += RecordingLayout.RecordHeaderSize + length;
        return true;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_compressed);
        ArrayPool<byte>.Shared.Return(_raw);
        _compressed = _raw = [];
    }

    private RecordingHeader ReadHeader()
    {
        Span<byte> preamble = stackalloc byte[RecordingLayout.FilePreambleSize];
        if (_stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false) < preamble.Length || !preamble[..4].SequenceEqual(RecordingLayout.FileMagic))
            throw new RecordingFormatException(_path, "it is not a KrakenBot recording (no KBRC signature at its start).");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(preamble[4..]);
        if (version != RecordingHeader.CurrentVersion)
            throw new RecordingFormatException(_path,
                $"it is format version {version}; this program reads version {RecordingHeader.CurrentVersion}. " +
                (version > RecordingHeader.CurrentVersion ? "Update KrakenBot to replay it." : "Record it again with this version."));
        int length = BinaryPrimitives.ReadInt32LittleEndian(preamble[6..]);
        if (length is <= 0 or > 1 << 20) throw new RecordingFormatException(_path, $"its header length {length} is not plausible.");
        byte[] json = new byte[length + 4];
        if (_stream.ReadAtLeast(json, json.Length, throwOnEndOfStream: false) < json.Length)
            throw new RecordingFormatException(_path, "its header is cut off.");
        if (Crc32.HashToUInt32(json.AsSpan(0, length)) != BinaryPrimitives.ReadUInt32LittleEndian(json.AsSpan(length)))
            throw new RecordingFormatException(_path, "its header is damaged (CRC mismatch).");
        RecordingHeader header;
        try
        {
            header = RecordingHeader.FromUtf8(json.AsSpan(0, length), _path);
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new RecordingFormatException(_path, $"its header is not readable JSON ({error.Message}).");
        }
        if (header.Format != RecordingHeader.FormatName || header.Version != version)
            throw new RecordingFormatException(_path, $"its header names format '{header.Format}' version {header.Version}.");
        if (header.Pairs is not { Count: > 0 and <= RecordingLayout.MaxPairs })
            throw new RecordingFormatException(_path, "its header lists no pairs.");
        return header;
    }

    /// <summary>
    /// The arrival time of the file's last record (in its last whole block), found without decompressing the blocks
    /// before that one: each is only checked against its CRC and skipped. False for a file without records. Call it on a
    /// fresh reader, or after reading its first records (one reader then gives both ends of the file), instead of reading
    /// the file through; records are not read after it.
    /// </summary>
    public bool TryReadLastArrival(out DateTimeOffset arrival)
    {
        arrival = default;
        long lastWhole = -1;
        for (long start = _stream.Position; ReadBlock(decode: false); start = _stream.Position)
        {
            lastWhole = start;
        }

        if (lastWhole >= 0)
        {
            _stream.Position = lastWhole;
            if (!ReadBlock(decode: true)) return false;
        }
        else
        {
            _position = 0; // no whole block after the one read last (if any): the last record is in that one
        }

        bool any = false;
        while (_position < _rawLength && TryRead(out var record))
        {
            arrival = record.Arrival;
            any = true;
        }

        _ended = true;
        return any;
    }

    private bool ReadBlock(bool decode = true)
    {
        long start = _stream.Position;
        Span<byte> head = stackalloc byte[RecordingLayout.BlockHeaderSize];
        int got = _stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (got == 0) return false; // a clean end
        if (got < head.Length) return Torn(start, $"a block header of {got} of {head.Length} bytes");
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != RecordingLayout.BlockMagic) return Torn(start, "no block signature");
        int compressed = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);
        int raw = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        if (compressed is <= 0 or > RecordingLayout.MaxBlockSize || raw is <= 0 or > RecordingLayout.MaxBlockSize)
            return Torn(start, $"implausible block lengths ({compressed} compressed, {raw} raw)");
        Ensure(ref _compressed, compressed);
        got = _stream.ReadAtLeast(_compressed.AsSpan(0, compressed), compressed, throwOnEndOfStream: false);
        if (got < compressed) return Torn(start, $"a block of {compressed} bytes cut off after {got}");
        if (Crc32.HashToUInt32(_compressed.AsSpan(0, compressed)) != crc) return Torn(start, "a block whose CRC does not match");
        if (!decode) return true;
        Ensure(ref _raw, raw);
        int decoded = LZ4Codec.Decode(_compressed.AsSpan(0, compressed), _raw.AsSpan(0, raw));
        if (decoded != raw) return Torn(start, $"a block that decompresses to {decoded} bytes instead of {raw}");
        _rawLength = raw;
        _position = 0;
        return true;
    }

    private bool Torn(long offset, string why)
    {
        TornTail = $"{Path.GetFileName(_path)} ends in a torn or damaged block at byte {offset} ({why}); everything before it was read, nothing after it.";
        return false;
    }

    private RecordingFormatException Broken(string problem) => new(_path, problem + " (a block that passed its CRC: the file was written wrong).");

    private static void Ensure(ref byte[] buffer, int size)
    {
        if (buffer.Length >= size) return;
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = ArrayPool<byte>.Shared.Rent(size);
    }
}
