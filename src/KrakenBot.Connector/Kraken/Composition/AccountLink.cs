using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Proxies;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// The way to the account: the proxy (REST and WebSockets), the key's nonces and REST rate budget (the fleet's, on a
/// shared journal), the signed REST client, the market catalog and fees read through it, and the key's permissions
/// checked. Stops after everything that sends requests, before the journal, so the nonce mark comes down last.
/// </summary>
internal sealed class AccountLink(CompositionContext context, OrderBookkeeping bookkeeping) : IComposer
{
    private HttpClient? _http;

    public INonceSource Nonces { get; private set; } = null!;

    public KrakenRestClient Rest { get; private set; } = null!;

    public MarketCatalog Catalog { get; private set; } = null!;

    public FeeBook Fees { get; private set; } = null!;

    /// <summary>Opens both WebSockets, through the same proxy as REST.</summary>
    public IWebSocketConnector WebSockets { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var journal = bookkeeping.Journal;
        var account = bookkeeping.Account;
        // A PostgreSQL journal is shared by a fleet on one key: every process draws from one sequence there.
        Nonces = journal.IsShared ? account.CreateSharedNonceSource() : new NonceSource(context.Time, account.CreateNonceStore());
        // ... and books on the key's rate counters there, so the fleet together stays under Kraken's limits.
        var restBudget = journal.IsShared ? RestRateBudget.Shared(options.Kraken.Tier, context.Time, account) : new RestRateBudget(options.Kraken.Tier, context.Time);
        restBudget.Metrics = context.Metrics;
        _http = ProxySelection.CreateHttpClient(options.HttpMessageHandler, options.Proxy);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        WebSockets = options.WebSocketConnector ?? new KrakenWebSocketConnector(options.Proxy);
        Rest = new KrakenRestClient(_http, options.Kraken, Nonces, restBudget, context.Time,
            context.LoggerFactory.CreateLogger("KrakenBot.Connector.Kraken.Rest"), options.Credentials!);

        var assets = await Rest.GetAssetsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var pairs = await Rest.GetAssetPairsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Catalog = new MarketCatalog(assets, pairs);
        await KrakenKeyCheck.VerifyAsync(Rest, options.RequiredPermissions, cancellationToken).ConfigureAwait(false);
        Fees = new FeeBook(Rest, Catalog);
    }

    public ValueTask DisposeAsync()
    {
        _http?.Dispose();
        // No request is sent any more: the mark can come down to the real last nonce.
        (Nonces as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
