using System.Globalization;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>
/// Whether the journal's PostgreSQL answers. Once a call finds it gone, later calls are refused at once with the same
/// reason (no connection attempt, no timeout to wait out) for <see cref="RetryGap"/>; the first call after the gap tries
/// again and, when it gets through, the journal is reachable again. A bot therefore stops placing within one call of
/// the outage and resumes within one gap of the return, without a thread of its own polling the server.
/// </summary>
internal sealed class PostgresReachability(string name, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _downSince;
    private long _lastTry;
    private string _lastError = "";

    /// <summary>How long calls are refused without trying after a failed one.</summary>
    public TimeSpan RetryGap { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True while the last call found the server gone.</summary>
    public bool IsDown
    {
        get
        {
            lock (_lock) return _downSince is not null;
        }
    }

    /// <summary>Raised (outside any lock) when a call gets through after an outage.</summary>
    public event Action? Restored;

    /// <summary>Throws the outage's refusal while inside the retry gap; otherwise lets the caller try (and counts the try).</summary>
    /// <exception cref="JournalUnavailableException">The server was found gone less than <see cref="RetryGap"/> ago.</exception>
    public void ThrowIfResting()
    {
        lock (_lock)
        {
            if (_downSince is not { } since)
            {
                return;
            }

            if (time.GetElapsedTime(_lastTry) < RetryGap)
            {
                throw new JournalUnavailableException(name,
                    $"The journal database '{name}' cannot be reached since {since.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC " +
                    $"({_lastError}). The change was not recorded; nothing is placed until it is back (tried again every " +
                    $"{RetryGap.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s).");
            }

            _lastTry = time.GetTimestamp();
        }
    }

    /// <summary>Records that a call found the server gone; true when this starts the outage.</summary>
    public bool MarkDown(Exception error)
    {
        lock (_lock)
        {
            _lastTry = time.GetTimestamp();
            _lastError = error.Message;
            if (_downSince is not null)
            {
                return false;
            }

            _downSince = time.GetUtcNow();
            return true;
        }
    }

    /// <summary>Records that a call got through; raises <see cref="Restored"/> when that ends an outage.</summary>
    public void MarkUp()
    {
        lock (_lock)
        {
            if (_downSince is null)
            {
                return;
            }

            _downSince = null;
        }

        Restored?.Invoke();
    }
}
