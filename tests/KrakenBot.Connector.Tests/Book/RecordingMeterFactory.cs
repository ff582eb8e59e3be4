using System.Diagnostics.Metrics;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>An <see cref="IMeterFactory"/> that records what its own meters measure (other tests' meters are ignored).</summary>
internal sealed class RecordingMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, string? Symbol)> _measurements = [];

    public RecordingMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? symbol = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "symbol")
                {
                    symbol = tag.Value as string;
                }
            }
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, symbol));
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<(string Instrument, long Value, string? Symbol)> Measurements
    {
        get
        {
            lock (_measurements)
            {
                return [.. _measurements];
            }
        }
    }

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
