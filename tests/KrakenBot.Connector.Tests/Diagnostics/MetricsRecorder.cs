using System.Diagnostics.Metrics;

namespace KrakenBot.Connector.Tests.Diagnostics;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters are heard by a <see cref="MeterListener"/>: every measurement of its own
/// instruments is kept (other tests' meters, and the process-wide one, are ignored).
/// </summary>
internal sealed class MetricsRecorder : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly List<Measured> _measurements = [];

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every measurement of <paramref name="instrument"/> so far, in order.</summary>
    public IReadOnlyList<Measured> Of(string instrument)
    {
        lock (_measurements) return [.. _measurements.Where(m => m.Instrument == instrument)];
    }

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters) _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_meters) foreach (var meter in _meters) meter.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var measured = new Measured(instrument.Meter.Name, instrument.Name, value,
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString(), StringComparer.Ordinal));
        lock (_measurements) _measurements.Add(measured);
    }
}

/// <summary>One measurement: its meter, instrument, value and tags.</summary>
internal sealed record Measured(string Meter, string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
}
