namespace KrakenBot.Backtest.Recording;

/// <summary>One record as read: a view into the reader's buffer, valid until the next read.</summary>
public readonly ref struct RecordView
{
    internal RecordView(RecordKind kind, long arrivalMicros, int pairIndex, ReadOnlySpan<byte> payload)
    {
        Kind = kind;
        ArrivalMicros = arrivalMicros;
        PairIndex = pairIndex;
        Payload = payload;
    }

    /// <summary>What the record holds.</summary>
    public RecordKind Kind { get; }

    /// <summary>When it arrived, in Unix microseconds.</summary>
    public long ArrivalMicros { get; }

    /// <summary>When it arrived.</summary>
    public DateTimeOffset Arrival => RecordingLayout.FromMicros(ArrivalMicros);

    /// <summary>Index of its pair in the header's list; -1 for none (a gap of every pair).</summary>
    public int PairIndex { get; }

    /// <summary>The message as received (book, trade) or the gap's reason, in UTF-8.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
