using System.Diagnostics.Metrics;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>The book counters, tagged by symbol. Created through <see cref="IMeterFactory"/> when one is given.</summary>
internal sealed class BookMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _checksumMismatches;
    private readonly Counter<long> _protocolErrors;

    public BookMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(BookTracker.MeterName) ?? new Meter(BookTracker.MeterName);
        _checksumMismatches = _meter.CreateCounter<long>(
            "krakenbot.book.checksum_mismatches", "{mismatch}", "Books that disagreed with Kraken's checksum and were resubscribed.");
        _protocolErrors = _meter.CreateCounter<long>(
            "krakenbot.book.protocol_errors", "{frame}", "Book frames that could not be read.");
    }

    public void ChecksumMismatch(string symbol) => _checksumMismatches.Add(1, new KeyValuePair<string, object?>("symbol", symbol));

    public void ProtocolError(string? symbol) => _protocolErrors.Add(1, new KeyValuePair<string, object?>("symbol", symbol));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
