namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// Starts composers one after another and stops them in reverse order, so that each stops while what it depends on
/// still runs. A start that fails part-way stops the failed composer and every one started before it, then rethrows:
/// no loop, socket, timer or journal outlives a failed start.
/// </summary>
internal sealed class ComposerStack : IAsyncDisposable
{
    private readonly Stack<IComposer> _started = new();

    /// <summary>Starts <paramref name="composer"/> on top of those already started and returns it.</summary>
    public async Task<T> StartAsync<T>(T composer, CancellationToken cancellationToken)
        where T : IComposer
    {
        // Pushed before it starts: its DisposeAsync undoes its own partial start too.
        _started.Push(composer);
        try
        {
            await composer.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return composer;
    }

    /// <summary>Stops every composer started, the last one first.</summary>
    public async ValueTask DisposeAsync()
    {
        while (_started.TryPop(out var composer)) await composer.DisposeAsync().ConfigureAwait(false);
    }
}
