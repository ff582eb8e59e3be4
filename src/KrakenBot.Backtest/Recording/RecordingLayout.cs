using System.Buffers.Binary;

namespace KrakenBot.Backtest.Recording;

/// <summary>
/// The bytes of a recording file (version 1), little-endian:
/// <code>
/// file   = "KBRC" version:u16 headerLength:u32 header:JSON crc32(header):u32 block*
/// block  = 0x4C42424B ("KBBL") compressedLength:u32 rawLength:u32 crc32(compressed):u32 compressed:LZ4-block
/// raw    = record*
/// record = kind:u8 arrival:i64 (Unix µs) pair:u8 (0xFF: none) length:u32 payload
/// </code>
/// Blocks are compressed and checked one by one, so a file cut off mid-write (a crash) keeps every whole block before the
/// cut and the torn one is recognised (short, or its CRC fails) and skipped, never misread.
/// </summary>
internal static class RecordingLayout
{
    public static ReadOnlySpan<byte> FileMagic => "KBRC"u8;
    public const uint BlockMagic = 0x4C42424B;
    public const int FilePreambleSize = 4 + 2 + 4;
    public const int BlockHeaderSize = 16;
    public const int RecordHeaderSize = 1 + 8 + 1 + 4;
    public const byte NoPair = 0xFF;
    public const int MaxPairs = 255;
    public const int MaxBlockSize = 16 * 1024 * 1024;
    public const string FileExtension = ".kbrec";

    public static void WriteRecordHeader(Span<byte> destination, RecordKind kind, long arrivalMicros, byte pair, int length)
    {
        destination[0] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], arrivalMicros);
        destination[9] = pair;
        BinaryPrimitives.WriteInt32LittleEndian(destination[10..], length);
    }

    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
