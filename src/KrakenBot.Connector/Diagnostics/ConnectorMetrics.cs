using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KrakenBot.Connector.Diagnostics;

/// <summary>
/// The connector's instruments beyond the socket's and the book's own (<c>krakenbot.socket.*</c>,
/// <c>krakenbot.book.checksum_mismatches</c>), all on the <see cref="ConnectorMeter.Name"/> meter: created through the
/// <see cref="IMeterFactory"/> when one is given, otherwise on one process-wide meter (<see cref="Default"/>).
/// </summary>
internal sealed class ConnectorMetrics
{
    private static readonly Meter SharedMeter = new(ConnectorMeter.Name);

    private readonly Counter<long> _resyncs;
    private readonly Counter<long> _rateLimitWaits;
    private readonly Histogram<double> _rateLimitWaitTime;
    private readonly Gauge<double> _rateLimitHeadroom;
    private readonly Histogram<double> _orderRoundTrip;
    private readonly Histogram<double> _fillLatency;
    private readonly Counter<long> _eventsDropped;
    private readonly Histogram<double> _journalCommit;

    private ConnectorMetrics(Meter meter)
    {
        _resyncs = meter.CreateCounter<long>("krakenbot.book.resyncs", "{resync}",
            "Book subscriptions renewed for a fresh snapshot (checksum mismatch, unreadable frame, precision change).");
        _rateLimitWaits = meter.CreateCounter<long>("krakenbot.ratelimit.waits", "{call}",
            "Calls that waited for a rate-limit counter (counter=rest|trading) instead of tripping Kraken's limit.");
        _rateLimitWaitTime = meter.CreateHistogram<double>("krakenbot.ratelimit.wait_duration", "s",
            "How long calls that waited for a rate-limit counter were held back.");
        _rateLimitHeadroom = meter.CreateGauge<double>("krakenbot.ratelimit.headroom", "{cost}",
            "Room left on a rate-limit counter after the latest call was booked (maximum minus level; below 0 on paper means Kraken would refuse).");
        _orderRoundTrip = meter.CreateHistogram<double>("krakenbot.order.round_trip", "s",
            "From sending an order to Kraken's acknowledgement with its order id.");
        _fillLatency = meter.CreateHistogram<double>("krakenbot.order.fill_latency", "s",
            "From a fill's time on the exchange to the connector applying it (the two clocks' difference included).");
        _eventsDropped = meter.CreateCounter<long>("krakenbot.events.dropped", "{event}",
            "Items a slow reader missed (it got an overflow signal instead), by stream.");
        _journalCommit = meter.CreateHistogram<double>("krakenbot.journal.commit_duration", "s",
            "Journal write transactions: the commit, on disk when it returns.");
    }

    /// <summary>Instruments on the process-wide meter, used when no <see cref="IMeterFactory"/> is given.</summary>
    public static ConnectorMetrics Default { get; } = new(SharedMeter);

    /// <summary>Instruments on <paramref name="meterFactory"/>'s <see cref="ConnectorMeter.Name"/> meter, or <see cref="Default"/>.</summary>
    public static ConnectorMetrics For(IMeterFactory? meterFactory) =>
        meterFactory is null ? Default : new ConnectorMetrics(meterFactory.Create(ConnectorMeter.Name));

    /// <summary>The meter for <see cref="ConnectorMeter.Name"/>: the factory's, or the process-wide one (never disposed).</summary>
    public static Meter MeterFor(IMeterFactory? meterFactory) => meterFactory?.Create(ConnectorMeter.Name) ?? SharedMeter;

    public void BookResync(string symbol) => _resyncs.Add(1, new KeyValuePair<string, object?>("symbol", symbol));

    /// <summary>A call was booked on a rate-limit counter: it waits <paramref name="wait"/> and leaves <paramref name="headroom"/>.</summary>
    public void RateLimitBooked(string counter, string? pair, TimeSpan wait, decimal headroom)
    {
        var tags = new TagList { { "counter", counter } };
        if (pair is not null) tags.Add("pair", pair);
        _rateLimitHeadroom.Record((double)headroom, tags);
        if (wait > TimeSpan.Zero)
        {
            _rateLimitWaits.Add(1, tags);
            _rateLimitWaitTime.Record(wait.TotalSeconds, tags);
        }
    }

    public void OrderRoundTrip(TimeSpan elapsed) => _orderRoundTrip.Record(elapsed.TotalSeconds);

    /// <summary>A fill executed at <paramref name="executedAt"/> (exchange clock) was applied at <paramref name="appliedAt"/>.</summary>
    public void FillApplied(DateTimeOffset executedAt, DateTimeOffset appliedAt) =>
        _fillLatency.Record(Math.Max(0, (appliedAt - executedAt).TotalSeconds));

    public void EventsDropped(string stream, long missed) =>
        _eventsDropped.Add(missed, new KeyValuePair<string, object?>("stream", stream));

    public void JournalCommit(TimeSpan elapsed) => _journalCommit.Record(elapsed.TotalSeconds);
}
