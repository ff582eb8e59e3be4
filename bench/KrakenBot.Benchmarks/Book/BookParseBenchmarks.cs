using System.Text.Json;
using BenchmarkDotNet.Attributes;
using KrakenBot.Connector.Kraken.Socket.Protocol;

namespace KrakenBot.Benchmarks.Book;

/// <summary>
/// Parsing frames into the reused <see cref="BookMessage"/>, per frame: <see cref="Parse"/> is what the tracker runs
/// (the compact-shape fast path, falling back to Utf8JsonReader); <see cref="ParseWithUtf8JsonReader"/> is the general
/// path alone; <see cref="Utf8JsonReaderTokensOnly"/> only walks the tokens, the floor of any Utf8JsonReader parser.
/// </summary>
[MemoryDiagnoser]
public class BookParseBenchmarks
{
    private readonly BookMessage _message = new(2 * BookStream.Depth);
    private byte[][] _frames = [];
    private int _next;

    [GlobalSetup]
    public void Setup() => _frames = BookStream.Load();

    [Benchmark(OperationsPerInvoke = BookStream.FramesPerInvoke)]
    public int Parse()
    {
        int levels = 0;
        for (int i = 0; i < BookStream.FramesPerInvoke; i++)
        {
            BookMessageParser.Parse(NextFrame(), _message);
            levels += _message.LevelCount;
        }
        return levels;
    }

    [Benchmark(OperationsPerInvoke = BookStream.FramesPerInvoke)]
    public int ParseWithUtf8JsonReader()
    {
        int levels = 0;
        for (int i = 0; i < BookStream.FramesPerInvoke; i++)
        {
            BookMessageParser.ParseWithReader(NextFrame(), _message);
            levels += _message.LevelCount;
        }
        return levels;
    }

    [Benchmark(OperationsPerInvoke = BookStream.FramesPerInvoke)]
    public int Utf8JsonReaderTokensOnly()
    {
        int tokens = 0;
        for (int i = 0; i < BookStream.FramesPerInvoke; i++)
        {
            var reader = new Utf8JsonReader(NextFrame());
            while (reader.Read())
            {
                tokens++;
            }
        }
        return tokens;
    }

    private byte[] NextFrame()
    {
        byte[] frame = _frames[_next];
        _next = _next + 1 == _frames.Length ? 0 : _next + 1;
        return frame;
    }
}
