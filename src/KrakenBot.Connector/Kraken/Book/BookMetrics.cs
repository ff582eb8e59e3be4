using System.Diagnostics.Metrics;
using KrakenBot.Connector.Diagnostics;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>The book counters, tagged by symbol. Created through <see cref="IMeterFactory"/> when one is given.</summary>
internal sealed class BookMetrics : IDisposable
{
    private readonly Counter<long> _checksumMismatches;
    private readonly Counter<long> _protocolErrors;

    public BookMetrics(IMeterFactory? meterFactory)
    {
        var meter = ConnectorMetrics.MeterFor(meterFactory);
        _checksumMismatches = meter.CreateCounter<long>(
            "krakenbot.book.checksum_mismatches", "{mismatch}", "Books that disagreed with Kraken's checksum and were resubscribed.");
        _protocolErrors = meter.CreateCounter<long>(
            "krakenbot.book.protocol_errors", "{frame}", "Book frames that could not be read.");
    }

    public void ChecksumMismatch(string symbol) => _checksumMismatches.Add(1, new KeyValuePair<string, object?>("symbol", symbol));

    public void ProtocolError(string? symbol) => _protocolErrors.Add(1, new KeyValuePair<string, object?>("symbol", symbol));

    // The meter is shared (process-wide, or the factory's): it outlives this tracker.
    public void Dispose()
    {
    }
}
