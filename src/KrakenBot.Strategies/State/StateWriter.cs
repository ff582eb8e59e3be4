using KrakenBot.Connector.Storage;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.State;

/// <summary>
/// Writes a strategy's state changes in the background, in order, merging changes that pile up while a write is on
/// disk (the latest value of each document wins). The strategy's loop never waits for a disk sync: a book change right
/// after a refresh is answered at once. Safe because every save is a consistent snapshot and a restart re-reads the
/// strategy's orders (fills not yet recorded as counted are counted then, once).
/// </summary>
internal sealed class StateWriter
{
    private readonly IStrategyStateStore _store;
    private readonly string _strategyId;
    private readonly ILogger _logger;
    private readonly bool _inline;
    private readonly Lock _gate = new();
    private Dictionary<string, string?>? _pending;
    private Dictionary<string, string?>? _spare; // inline only: the last batch written, emptied, for the next save
    private bool _draining;
    private Task _drain = Task.CompletedTask;
    private volatile Exception? _failure;
    private volatile string? _unavailable;

    public StateWriter(IStrategyStateStore store, string strategyId, ILogger logger)
    {
        _store = store;
        _strategyId = strategyId;
        _logger = logger;
        // A store in memory has no disk to wait for: writing on the caller's thread costs less than waking a pool
        // thread for every save (a backtest saves on many of its millions of steps).
        _inline = store is InMemoryStrategyStateStore;
    }

    /// <summary>The error of a write that failed; nothing is written after it.</summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// Why the latest write is waiting (the journal's database cannot be reached), or null. Such a write is not a
    /// failure: its changes stay queued, under any newer ones, and are written by the next save or flush once the
    /// journal answers again.
    /// </summary>
    public string? Unavailable => _unavailable;

    /// <summary>
    /// An empty dictionary for the next changes: the last batch written when the store is in memory (it copies what it
    /// is given, and a backtest saves after most order changes), else a new one.
    /// </summary>
    public Dictionary<string, string?> NewChanges()
    {
        lock (_gate)
        {
            var spare = _spare;
            _spare = null;
            return spare ?? new Dictionary<string, string?>(StringComparer.Ordinal);
        }
    }

    /// <summary>Takes back a dictionary from <see cref="NewChanges"/> that was not queued (nothing changed).</summary>
    public void GiveBack(Dictionary<string, string?> unused)
    {
        if (_inline && unused.Count == 0)
        {
            lock (_gate)
            {
                _spare ??= unused;
            }
        }
    }

    /// <summary>Queues <paramref name="changes"/> (the writer owns the dictionary from now on).</summary>
    public void Enqueue(Dictionary<string, string?> changes)
    {
        bool drainHere = false;
        lock (_gate)
        {
            if (_pending is null)
            {
                _pending = changes;
            }
            else
            {
                foreach (var (key, value) in changes)
                {
                    _pending[key] = value;
                }
            }

            drainHere = StartDrainLocked();
        }

        if (drainHere)
        {
            _drain = DrainAsync();
        }
    }

    // Starts draining what is pending unless a drain runs; true when the caller must drain inline, outside the lock.
    private bool StartDrainLocked()
    {
        if (_draining || _failure is not null || _pending is null)
        {
            return false;
        }

        _draining = true;
        if (_inline)
        {
            return true;
        }

        _drain = Task.Run(DrainAsync);
        return false;
    }

    /// <summary>
    /// Completes once everything queued so far is on disk; throws the failure of a write that failed, or why the
    /// journal cannot take the changes now (they stay queued).
    /// </summary>
    public async Task FlushAsync()
    {
        bool drainHere;
        lock (_gate)
        {
            drainHere = StartDrainLocked(); // changes held back by an outage are tried again
        }

        if (drainHere)
        {
            _drain = DrainAsync();
        }

        while (true)
        {
            Task drain;
            lock (_gate)
            {
                if (!_draining || _failure is not null)
                {
                    break;
                }

                drain = _drain;
            }

            await drain.ConfigureAwait(false);
        }

        if (_failure is { } failure)
        {
            throw new InvalidOperationException($"the strategy's state could not be saved: {failure.Message}", failure);
        }

        if (_unavailable is { } why)
        {
            throw new InvalidOperationException(why);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            Dictionary<string, string?>? batch;
            lock (_gate)
            {
                batch = _pending;
                _pending = null;
                if (batch is null)
                {
                    _draining = false;
                    return;
                }
            }

            try
            {
                await _store.SaveAsync(_strategyId, batch).ConfigureAwait(false);
                _unavailable = null;
                if (_inline)
                {
                    batch.Clear();
                    lock (_gate)
                    {
                        _spare = batch;
                    }
                }
            }
            catch (JournalException e) when (e.IsUnavailable)
            {
                if (_unavailable is null)
                {
                    _logger.LogWarning("Strategy {Strategy}: its state is kept in memory until the journal is back: {Reason}", _strategyId, e.Message);
                }

                lock (_gate)
                {
                    // Newer changes queued meanwhile win over this batch's.
                    if (_pending is not null)
                    {
                        foreach (var (key, value) in _pending)
                        {
                            batch[key] = value;
                        }
                    }

                    _pending = batch;
                    _unavailable = "its state is not saved: the journal cannot be reached (" + e.Message + ")";
                    _draining = false;
                }

                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Strategy {Strategy}: saving its state failed", _strategyId);
                lock (_gate)
                {
                    _failure = e;
                    _draining = false;
                }

                return;
            }
        }
    }
}
