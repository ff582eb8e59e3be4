namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// A group of the live connector's components that start together: built and started by <see cref="StartAsync"/>,
/// stopped by <see cref="IAsyncDisposable.DisposeAsync"/>, which must also undo a start that failed part-way (anything
/// not yet built is null then).
/// </summary>
internal interface IComposer : IAsyncDisposable
{
    /// <summary>Builds, wires and starts the group's components, given those of the groups started before it.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
