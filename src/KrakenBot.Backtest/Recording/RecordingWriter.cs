using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace KrakenBot.Backtest.Recording;

/// <summary>
/// Appends records to hour-rolled recording files in a directory (<c>yyyyMMdd-HH-01.kbrec</c>; a restart within the
/// hour opens <c>yyyyMMdd-HH-02.kbrec</c>, never appending after a possibly torn tail; names sort in time order). Records gather in a block that is
/// compressed and written when it is full or a second old (so a crash loses at most that second). Thread-safe.
/// </summary>
public sealed class RecordingWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly RecordingHeader _template;
    private readonly TimeProvider _time;
    private readonly int _blockSize;
    private readonly TimeSpan _flushInterval;
    private readonly ITimer _flushTimer;
    private byte[] _block;
    private int _blockLength;
    private DateTimeOffset _blockStarted;
    private FileStream? _file;
    private DateTimeOffset _fileHour;
    private bool _disposed;

    /// <summary>Writes into <paramref name="directory"/> (created when missing) files described by <paramref name="header"/>.</summary>
    /// <param name="blockSize">Raw bytes gathered before a block is written (default 64 KiB).</param>
    /// <param name="flushInterval">Longest a record waits before its block is written (default 1 s).</param>
    public RecordingWriter(string directory, RecordingHeader header, TimeProvider? time = null, int blockSize = 64 * 1024,
        TimeSpan? flushInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Pairs.Count is 0 or > RecordingLayout.MaxPairs)
            throw new ArgumentException($"A recording holds 1 to {RecordingLayout.MaxPairs} pairs; {header.Pairs.Count} were given.", nameof(header));
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, RecordingLayout.MaxBlockSize / 2);
        Directory.CreateDirectory(directory);
        _directory = directory;
        _template = header;
        _time = time ?? TimeProvider.System;
        _blockSize = blockSize;
        _flushInterval = flushInterval ?? TimeSpan.FromSeconds(1);
        _block = ArrayPool<byte>.Shared.Rent(blockSize * 2);
        _flushTimer = _time.CreateTimer(_ => FlushIfDue(), null, _flushInterval, _flushInterval);
    }

    /// <summary>Files started so far, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    private readonly List<string> _files = [];

    /// <summary>Records appended so far.</summary>
    public long Records { get; private set; }

    /// <summary>Appends a record stamped with the time now; <paramref name="pairIndex"/> -1 means none (a gap of every pair).</summary>
    public void Append(RecordKind kind, int pairIndex, ReadOnlySpan<byte> payload)
    {
        if (pairIndex < -1 || pairIndex >= _template.Pairs.Count)
            throw new ArgumentOutOfRangeException(nameof(pairIndex), pairIndex, $"The recording has {_template.Pairs.Count} pairs.");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            if (_file is null || Hour(now) != _fileHour)
            {
                WriteBlock();
                OpenFile(now);
            }
            int needed = RecordingLayout.RecordHeaderSize + payload.Length;
            if (_blockLength > 0 && _blockLength + needed > _block.Length) WriteBlock();
            if (needed > _block.Length) Grow(needed);
            if (_blockLength == 0) _blockStarted = now;
            RecordingLayout.WriteRecordHeader(_block.AsSpan(_blockLength), kind, RecordingLayout.ToMicros(now),
                pairIndex < 0 ? RecordingLayout.NoPair : (byte)pairIndex, payload.Length);
            payload.CopyTo(_block.AsSpan(_blockLength + RecordingLayout.RecordHeaderSize));
            _blockLength += needed;
            Records++;
            if (_blockLength >= _blockSize || now - _blockStarted >= _flushInterval) WriteBlock();
        }
    }

    /// <summary>Writes the block gathered so far.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed) WriteBlock();
        }
    }

    /// <summary>Writes what is gathered and closes the file.</summary>
    public void Dispose()
    {
        _flushTimer.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            WriteBlock();
            _file?.Dispose();
            _file = null;
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_block);
        }
    }

    private void FlushIfDue()
    {
        lock (_gate)
        {
            if (!_disposed && _blockLength > 0 && _time.GetUtcNow() - _blockStarted >= _flushInterval) WriteBlock();
        }
    }

    private void WriteBlock()
    {
        if (_blockLength == 0 || _file is null) return;
        int bound = LZ4Codec.MaximumOutputSize(_blockLength);
        byte[] compressed = ArrayPool<byte>.Shared.Rent(RecordingLayout.BlockHeaderSize + bound);
        try
        {
            int length = LZ4Codec.Encode(_block.AsSpan(0, _blockLength), compressed.AsSpan(RecordingLayout.BlockHeaderSize, bound), LZ4Level.L00_FAST);
            var header = compressed.AsSpan(0, RecordingLayout.BlockHeaderSize);
            BinaryPrimitives.WriteUInt32LittleEndian(header, RecordingLayout.BlockMagic);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], length);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], _blockLength);
            BinaryPrimitives.WriteUInt32LittleEndian(header[12..], Crc32.HashToUInt32(compressed.AsSpan(RecordingLayout.BlockHeaderSize, length)));
            _file.Write(compressed, 0, RecordingLayout.BlockHeaderSize + length);
            _file.Flush(flushToDisk: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
        _blockLength = 0;
    }

    private void OpenFile(DateTimeOffset now)
    {
        _file?.Dispose();
        _fileHour = Hour(now);
        string stem = _fileHour.ToString("yyyyMMdd-HH", CultureInfo.InvariantCulture);
        // A numbered part per start within the hour: names sort in time order.
        string path = "";
        for (int part = 1; part == 1 || File.Exists(path); part++)
            path = Path.Combine(_directory, $"{stem}-{part:D2}{RecordingLayout.FileExtension}");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        byte[] json = (_template with { Started = now, Version = RecordingHeader.CurrentVersion, Format = RecordingHeader.FormatName }).ToUtf8();
        Span<byte> preamble = stackalloc byte[RecordingLayout.FilePreambleSize];
        RecordingLayout.FileMagic.CopyTo(preamble);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[4..], RecordingHeader.CurrentVersion);
        BinaryPrimitives.WriteInt32LittleEndian(preamble[6..], json.Length);
        _file.Write(preamble);
        _file.Write(json);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(json));
        _file.Write(crc);
        _file.Flush(flushToDisk: false);
        _files.Add(path);
    }

    private void Grow(int needed)
    {
        if (needed > RecordingLayout.MaxBlockSize) throw new ArgumentException($"A record of {needed} bytes is larger than a block may be.");
        byte[] bigger = ArrayPool<byte>.Shared.Rent(needed);
        ArrayPool<byte>.Shared.Return(_block);
        _block = bigger;
    }

    private static DateTimeOffset Hour(DateTimeOffset time) => new(time.UtcDateTime.Date.AddHours(time.UtcDateTime.Hour), TimeSpan.Zero);
}
