using System.Diagnostics.Tracing;

namespace KrakenBot.Benchmarks.Backtest;

/// <summary>
/// The runtime's GC allocation-tick events (one about every 100 KB allocated, naming the type that crossed the mark),
/// counted by type: where a run's bytes go, by sampling. Its own events allocate, so figures are read without it.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, (long Ticks, long Bytes)> _byType = new(StringComparer.Ordinal);
    private volatile bool _counting;

    /// <summary>Counts only while true (the steady part of a run).</summary>
    public bool Counting
    {
        get => _counting;
        set => _counting = value;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }

        int typeAt = eventData.PayloadNames!.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        string type = typeAt >= 0 ? eventData.Payload![typeAt] as string ?? "?" : "?";
        long amount = amountAt >= 0 ? Convert.ToInt64(eventData.Payload![amountAt], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (_byType)
        {
            var (ticks, bytes) = _byType.GetValueOrDefault(type);
            _byType[type] = (ticks + 1, bytes + amount);
        }
    }

    /// <summary>Types by sampled bytes, most first.</summary>
    public IEnumerable<(string Type, long Ticks, long Bytes)> ByType()
    {
        lock (_byType)
        {
            return [.. _byType.Select(p => (p.Key, p.Value.Ticks, p.Value.Bytes)).OrderByDescending(t => t.Bytes)];
        }
    }
}
