using System.Runtime.ExceptionServices;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// Starts composers one after another and stops them in reverse order, so that each stops while what it depends on
/// still runs. A start that fails part-way stops the failed composer and every one started before it, then rethrows
/// the start's own failure: no loop, socket, timer or journal outlives a failed start.
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
            try
            {
                await DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Every composer was still stopped; why the start failed is what the caller needs, not a late error
                // of the clean-up (e.g. a socket the server already dropped refusing the close frame).
            }

            throw;
        }

        return composer;
    }

    /// <summary>
    /// Stops every composer started, the last one first. One that fails to stop does not keep the others running: all
    /// are stopped, then the first failure is rethrown (several as an <see cref="AggregateException"/>).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
        while (_started.TryPop(out var composer))
        {
            try
            {
                await composer.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is [var only]) ExceptionDispatchInfo.Throw(only);
        if (failures is not null) throw new AggregateException("Several parts of the connector failed to stop.", failures);
    }
}
