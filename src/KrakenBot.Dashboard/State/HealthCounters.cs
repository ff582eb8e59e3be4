using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Dashboard.State;

/// <summary>What the dashboard has seen of the connection's health since it started.</summary>
internal sealed class HealthCounters
{
    private bool _bookWasReady;

    /// <summary>Times the book went from exact to rebuilding (a checksum mismatch or a lost feed, then a resync).</summary>
    public int BookResyncs { get; private set; }

    /// <summary>The last reconciliation with the exchange, or null.</summary>
    public ReconciliationCompleted? LastReconciliation { get; set; }

    /// <summary>Events this dashboard's reader missed because it fell behind.</summary>
    public long EventsMissed { get; set; }

    public void ObserveBook(bool ready)
    {
        if (_bookWasReady && !ready) BookResyncs++;
        _bookWasReady = ready;
    }
}
