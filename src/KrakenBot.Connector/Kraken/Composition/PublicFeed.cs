using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// The public WebSocket: checksum-verified books for the exchange's watchers, and the <c>instrument</c> channel, so that
/// trading rules (status, precisions, minimums) follow Kraken's changes, each raised as <see cref="TradingRuleChanged"/>;
/// and the <c>status</c> channel, each change of Kraken's system status raised as <see cref="MarketStatusChanged"/>.
/// </summary>
internal sealed class PublicFeed(CompositionContext context, AccountLink link) : IComposer
{
    private string _status = "online";

    public KrakenMarketData MarketData { get; private set; } = null!;

    public ExchangeBooks Books { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        MarketData = new KrakenMarketData(link.Catalog,
            new SocketSessionOptions { Endpoint = options.Kraken.WebSocketPublicUrl, Name = "public", Transport = options.SocketTransport },
            link.Rest, new KrakenMarketDataOptions { FollowInstruments = true, Connector = link.WebSockets }, context.Time, context.LoggerFactory,
            options.MeterFactory);
        MarketData.TradingRuleChanged += rule => context.Events.Publish(new TradingRuleChanged(context.Time.GetUtcNow(), rule));
        MarketData.Status.StatusReceived += OnStatus;
        Books = new ExchangeBooks(MarketData);
        await StartRulesAsync(options.SocketRequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    // Kraken sends its status on every connect and on every change: a change from the last one seen is raised. Trading
    // is taken to be online until told otherwise, so a start during maintenance is raised too.
    private void OnStatus(KrakenSystemStatus status)
    {
        string previous = Interlocked.Exchange(ref _status, status.RawSystem);
        if (previous != status.RawSystem) context.Events.Publish(new MarketStatusChanged(context.Time.GetUtcNow(), status.RawSystem));
    }

    /// <summary>
    /// Connects the public socket and subscribes to the <c>instrument</c> channel. Until Kraken answers, the rules are
    /// AssetPairs' from the start; the subscription stays registered and is replayed on every (re)connect.
    /// </summary>
    private async Task StartRulesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(timeout);
            await MarketData.StartAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            context.Logger.LogWarning("The instrument channel has not answered yet; trading rules are AssetPairs' until it does.");
        }
        catch (ExchangeException ex)
        {
            context.Logger.LogWarning("Kraken refused the instrument channel ({Reason}); trading rules are AssetPairs' and will not follow changes.", ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The books own the market data: disposing them stops the public socket.
        if (Books is not null) await Books.DisposeAsync().ConfigureAwait(false);
        else if (MarketData is not null) await MarketData.DisposeAsync().ConfigureAwait(false);
    }
}
