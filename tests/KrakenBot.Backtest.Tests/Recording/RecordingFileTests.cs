using System.Text;
using KrakenBot.Backtest.Recording;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Backtest.Tests.Recording;

public sealed class RecordingFileTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 10, 59, 58, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("kbrec-tests-").FullName;
    private readonly FakeTimeProvider _clock = new(Start);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static RecordingHeader Header() => new()
    {
        Pairs = [new RecordedPair("BTC/USD", 1, 8), new RecordedPair("ETH/USD", 2, 8)],
        Depth = 100,
        Source = "ws://127.0.0.1:9/v2",
        Started = DateTimeOffset.UnixEpoch,
    };

    private static List<(RecordKind Kind, DateTimeOffset Arrival, int Pair, string Payload)> ReadAll(string file, out string? tornTail)
    {
        var records = new List<(RecordKind, DateTimeOffset, int, string)>();
        using var reader = new RecordingReader(file);
        while (reader.TryRead(out var record))
            records.Add((record.Kind, record.Arrival, record.PairIndex, Encoding.UTF8.GetString(record.Payload)));
        tornTail = reader.TornTail;
        return records;
    }

    [Fact]
    public void Records_come_back_exactly_with_their_arrival_times_and_the_header_describes_the_file()
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock, blockSize: 1024))
        {
            for (int i = 0; i < 500; i++)
            {
                writer.Append(i % 7 == 0 ? RecordKind.Trade : RecordKind.Book, i % 2, Encoding.UTF8.GetBytes($"{{\"channel\":\"book\",\"n\":{i}}}"));
                _clock.Advance(TimeSpan.FromMilliseconds(1));
            }
            writer.Append(RecordKind.Gap, -1, "reconnect"u8);
        }

        var file = Assert.Single(RecordingReader.FilesIn(_directory));
        using (var reader = new RecordingReader(file))
        {
            Assert.Equal(["BTC/USD", "ETH/USD"], reader.Header.Pairs.Select(p => p.Symbol));
            Assert.Equal(100, reader.Header.Depth);
            Assert.Equal(RecordingHeader.CurrentVersion, reader.Header.Version);
            Assert.Equal(Start, reader.Header.Started);
        }
        var records = ReadAll(file, out var torn);
        Assert.Null(torn);
        Assert.Equal(501, records.Count);
        Assert.Equal((RecordKind.Trade, Start, 0, "{\"channel\":\"book\",\"n\":0}"), records[0]);
        Assert.Equal((RecordKind.Book, Start.AddMilliseconds(499), 1, "{\"channel\":\"book\",\"n\":499}"), records[499]);
        Assert.Equal((RecordKind.Gap, Start.AddMilliseconds(500), -1, "reconnect"), records[500]);
    }

    [Fact]
    public void Files_roll_every_hour_and_a_restart_within_the_hour_starts_a_new_file()
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock))
        {
            writer.Append(RecordKind.Book, 0, "a"u8);
            _clock.Advance(TimeSpan.FromSeconds(3)); // 11:00:01
            writer.Append(RecordKind.Book, 0, "b"u8);
        }
        using (var restarted = new RecordingWriter(_directory, Header(), _clock))
            restarted.Append(RecordKind.Book, 0, "c"u8);

        // In time order, as replay reads them.
        Assert.Equal(["20261205-10-01.kbrec", "20261205-11-01.kbrec", "20261205-11-02.kbrec"],
            RecordingReader.FilesIn(_directory).Select(Path.GetFileName));
        Assert.Equal(["a", "b", "c"], RecordingReader.FilesIn(_directory).Select(f => Assert.Single(ReadAll(f, out _)).Payload));
    }

    [Fact]
    public void A_file_cut_off_anywhere_in_its_last_block_keeps_every_whole_block_and_says_where_it_tore()
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock, blockSize: 1024))
        {
            for (int i = 0; i < 40; i++) writer.Append(RecordKind.Book, 0, Encoding.UTF8.GetBytes(new string('x', 100) + i));
            writer.Flush(); // everything so far in whole blocks
            for (int i = 40; i < 45; i++) writer.Append(RecordKind.Book, 0, Encoding.UTF8.GetBytes(new string('y', 100) + i));
        }
        string file = Assert.Single(RecordingReader.FilesIn(_directory));
        byte[] whole = File.ReadAllBytes(file);
        var complete = ReadAll(file, out _);
        Assert.Equal(45, complete.Count);
        int lastBlockStart = LastBlockStart(whole);

        // Every cut inside the last block: the 40 earlier records, nothing misread, a torn tail reported.
        for (int cut = lastBlockStart + 1; cut < whole.Length; cut++)
        {
            File.WriteAllBytes(file, whole[..cut]);
            var records = ReadAll(file, out var torn);
            Assert.Equal(40, records.Count);
            Assert.Equal(complete.Take(40), records);
            Assert.NotNull(torn);
            Assert.Contains($"at byte {lastBlockStart}", torn);
        }
    }

    [Fact]
    public void The_last_arrival_is_found_without_reading_the_file_through_and_a_torn_tail_is_not_counted()
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock, blockSize: 1024))
        {
            for (int i = 0; i < 45; i++)
            {
                writer.Append(RecordKind.Book, 0, Encoding.UTF8.GetBytes(new string('x', 100) + i));
                _clock.Advance(TimeSpan.FromMilliseconds(7));
                if (i == 39) writer.Flush(); // records 40 to 44 in the last block
            }
        }
        string file = Assert.Single(RecordingReader.FilesIn(_directory));
        byte[] whole = File.ReadAllBytes(file);
        var complete = ReadAll(file, out _);
        using (var reader = new RecordingReader(file))
        {
            Assert.True(reader.TryReadLastArrival(out var last));
            Assert.Equal(complete[^1].Arrival, last);
        }

        File.WriteAllBytes(file, whole[..(LastBlockStart(whole) + 30)]); // the last block torn
        using (var reader = new RecordingReader(file))
        {
            Assert.True(reader.TryReadLastArrival(out var last));
            Assert.Equal(complete[39].Arrival, last);
            Assert.NotNull(reader.TornTail);
        }

        File.WriteAllBytes(file, whole[..LastBlockStart(whole)][..(whole.AsSpan().IndexOf("KBBL"u8))]); // the header alone
        using (var reader = new RecordingReader(file))
        {
            Assert.False(reader.TryReadLastArrival(out _));
        }
    }

    [Fact]
    public void One_reader_gives_the_first_record_and_then_the_last_arrival()
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock, blockSize: 1024))
        {
            for (int i = 0; i < 45; i++)
            {
                writer.Append(RecordKind.Book, 0, Encoding.UTF8.GetBytes(new string('x', 100) + i));
                _clock.Advance(TimeSpan.FromMilliseconds(7));
            }
        }
        string file = Assert.Single(RecordingReader.FilesIn(_directory));
        byte[] whole = File.ReadAllBytes(file);
        var complete = ReadAll(file, out _);
        using (var reader = new RecordingReader(file))
        {
            Assert.True(reader.TryRead(out var first));
            Assert.Equal(complete[0].Arrival, first.Arrival);
            Assert.True(reader.TryReadLastArrival(out var last));
            Assert.Equal(complete[^1].Arrival, last);
        }

        // Every later block torn away: the last record is in the block the first came from.
        int firstBlockStart = whole.AsSpan().IndexOf("KBBL"u8);
        int secondBlockStart = firstBlockStart + 4 + whole.AsSpan(firstBlockStart + 4).IndexOf("KBBL"u8);
        File.WriteAllBytes(file, whole[..(secondBlockStart + 10)]);
        var firstBlock = ReadAll(file, out _);
        Assert.InRange(firstBlock.Count, 2, 44);
        using (var reader = new RecordingReader(file))
        {
            Assert.True(reader.TryRead(out var first));
            Assert.Equal(complete[0].Arrival, first.Arrival);
            Assert.True(reader.TryReadLastArrival(out var last));
            Assert.Equal(firstBlock[^1].Arrival, last);
        }
    }

    [Fact]
    public void A_flipped_byte_in_a_block_stops_the_file_there_instead_of_being_misread()
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock, blockSize: 1024))
            for (int i = 0; i < 40; i++) writer.Append(RecordKind.Book, 0, Encoding.UTF8.GetBytes(new string('x', 100) + i));
        string file = Assert.Single(RecordingReader.FilesIn(_directory));
        byte[] bytes = File.ReadAllBytes(file);
        int last = LastBlockStart(bytes);
        bytes[last + 20] ^= 0x40;
        File.WriteAllBytes(file, bytes);

        var records = ReadAll(file, out var torn);
        Assert.True(records.Count < 40);
        Assert.Contains("CRC", torn);
    }

    [Theory]
    [InlineData(2, "Update KrakenBot")]
    [InlineData(0, "Record it again")]
    public void Another_format_version_is_refused_with_what_to_do(int version, string advice)
    {
        using (var writer = new RecordingWriter(_directory, Header(), _clock)) writer.Append(RecordKind.Book, 0, "a"u8);
        string file = Assert.Single(RecordingReader.FilesIn(_directory));
        byte[] bytes = File.ReadAllBytes(file);
        bytes[4] = (byte)version;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<RecordingFormatException>(() => new RecordingReader(file));
        Assert.Contains($"version {version}", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_recording_is_refused()
    {
        string file = Path.Combine(_directory, "notes.kbrec");
        File.WriteAllText(file, "hello");
        Assert.Contains("not a KrakenBot recording", Assert.Throws<RecordingFormatException>(() => new RecordingReader(file)).Message);
    }

    [Fact]
    public void A_quiet_market_still_reaches_the_disk_within_the_flush_interval()
    {
        using var writer = new RecordingWriter(_directory, Header(), _clock, flushInterval: TimeSpan.FromSeconds(1));
        writer.Append(RecordKind.Book, 0, "lonely"u8);
        string file = Assert.Single(RecordingReader.FilesIn(_directory));
        Assert.Empty(ReadAll(file, out _)); // still in the open block
        _clock.Advance(TimeSpan.FromSeconds(1)); // the flush timer fires
        Assert.Equal("lonely", Assert.Single(ReadAll(file, out _)).Payload);
    }

    // Blocks start with "KBBL"; the last occurrence after the header is the last block.
    private static int LastBlockStart(byte[] bytes)
    {
        ReadOnlySpan<byte> magic = [0x4B, 0x42, 0x42, 0x4C];
        return bytes.AsSpan().LastIndexOf(magic);
    }
}
