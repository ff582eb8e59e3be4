using System.Diagnostics.Metrics;
using KrakenBot.Connector.Diagnostics;

namespace KrakenBot.Cli.Metrics;

/// <summary>
/// The few connector figures <c>status</c> shows, totalled in this process from the connector's meter: counters summed,
/// histograms counted and averaged. Listens from creation until disposed.
/// </summary>
internal sealed class KeyMetrics : IDisposable
{
    /// <summary>The instruments shown, with the name each has in the status document.</summary>
    private static readonly Dictionary<string, string> Shown = new(StringComparer.Ordinal)
    {
        ["krakenbot.socket.reconnects"] = "reconnects",
        ["krakenbot.book.checksum_mismatches"] = "checksum_mismatches",
        ["krakenbot.book.resyncs"] = "book_resyncs",
        ["krakenbot.ratelimit.waits"] = "rate_limit_waits",
        ["krakenbot.order.round_trip"] = "order_round_trip",
        ["krakenbot.order.fill_latency"] = "fill_latency",
        ["krakenbot.events.dropped"] = "events_dropped",
        ["krakenbot.journal.commit_duration"] = "journal_commit",
    };

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, Totals> _totals = new(StringComparer.Ordinal);

    public KeyMetrics()
    {
        foreach (var name in Shown.Values) _totals[name] = new Totals();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ConnectorMeter.Name && Shown.ContainsKey(instrument.Name))
                listener.EnableMeasurementEvents(instrument, _totals[Shown[instrument.Name]]);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, state) => ((Totals)state!).Add(value));
        _listener.SetMeasurementEventCallback<double>((_, value, _, state) => ((Totals)state!).Add(value));
        _listener.Start();
    }

    /// <summary>Each shown figure: how many measurements, and their sum (a count for counters, seconds for durations).</summary>
    public IReadOnlyList<KeyMetric> Snapshot() => [.. Shown.Values.Select(name => _totals[name].Read(name))];

    public void Dispose() => _listener.Dispose();

    private sealed class Totals
    {
        private readonly Lock _gate = new();
        private long _count;
        private double _sum;

        public void Add(double value)
        {
            lock (_gate)
            {
                _count++;
                _sum += value;
            }
        }

        public KeyMetric Read(string name)
        {
            lock (_gate) return new KeyMetric(name, _count, _sum);
        }
    }
}

/// <summary>One figure of <see cref="KeyMetrics"/>: measurements taken and their sum.</summary>
internal readonly record struct KeyMetric(string Name, long Count, double Sum)
{
    /// <summary>Durations are histograms in seconds; the rest are counters.</summary>
    public bool IsDuration => Name is "order_round_trip" or "fill_latency" or "journal_commit";

    /// <summary>A counter's total.</summary>
    public long Total => (long)Sum;

    /// <summary>A duration's mean in milliseconds (0 before the first).</summary>
    public double MeanMilliseconds => Count == 0 ? 0 : Sum / Count * 1000;
}
