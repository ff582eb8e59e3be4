namespace KrakenBot.Connector;

/// <summary>Adds <c>KrakenConnector.StartSandboxAsync</c> to the front door when this package is referenced.</summary>
public static class KrakenConnectorSandbox
{
    extension(KrakenConnector)
    {
        /// <summary>
        /// Starts a Kraken-compatible sandbox in this process (free loopback port, synthetic market on) with one account
        /// holding <paramref name="balances"/> (10,000 USD when null); its <see cref="EmbeddedSandbox.Connector"/> is signed in to it.
        /// </summary>
        /// <example>
        /// <code>
        /// await using var sandbox = await KrakenConnector.StartSandboxAsync();
        /// await using var exchange = await sandbox.Connector.ConnectAsync();
        /// </code>
        /// </example>
        public static Task<EmbeddedSandbox> StartSandboxAsync(IReadOnlyDictionary<string, decimal>? balances = null,
            CancellationToken cancellationToken = default) => EmbeddedSandbox.StartAsync(balances, cancellationToken);
    }
}
