using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Composition;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Storage;

namespace KrakenBot.Connector.Kraken;

// The running components, composed at start.
public sealed partial class KrakenSpotExchange
{
    /// <summary>
    /// The running components: five composers started in order on one <see cref="ComposerStack"/> (each needs those
    /// before it) and stopped in reverse. A start that fails part-way stops what it started.
    /// </summary>
    private sealed class Parts(ComposerStack stack, OrderBookkeeping bookkeeping, AccountLink link, PrivateStreams streams,
        PublicFeed feed, OrderFlow flow) : IAsyncDisposable
    {
        public static async Task<Parts> StartAsync(KrakenSpotExchange owner, CancellationToken cancellationToken)
        {
            var context = new CompositionContext(owner._options, owner._time, owner._loggerFactory, owner._logger, owner._events, owner._metrics);
            var stack = new ComposerStack();
            var bookkeeping = await stack.StartAsync(new OrderBookkeeping(context), cancellationToken).ConfigureAwait(false);
            var link = await stack.StartAsync(new AccountLink(context, bookkeeping), cancellationToken).ConfigureAwait(false);
            var streams = await stack.StartAsync(new PrivateStreams(context, bookkeeping, link), cancellationToken).ConfigureAwait(false);
            var feed = await stack.StartAsync(new PublicFeed(context, link), cancellationToken).ConfigureAwait(false);
            var flow = await stack.StartAsync(new OrderFlow(context, bookkeeping, link, streams, feed), cancellationToken).ConfigureAwait(false);
            return new Parts(stack, bookkeeping, link, streams, feed, flow);
        }

        public TradingJournal Journal => bookkeeping.Journal;
        public AccountJournal Account => bookkeeping.Account;
        /// <summary>This connector's client order ids on a key shared by a fleet; null on a journal of its own.</summary>
        public FleetNamespace? Fleet => bookkeeping.Fleet;
        public OrderTracker Tracker => bookkeeping.Tracker;
        public KrakenRestClient Rest => link.Rest;
        public MarketCatalog Catalog => link.Catalog;
        public FeeBook Fees => link.Fees;
        public ExecutionMapper Mapper => streams.Mapper;
        public BalanceTracker Balances => streams.Balances;
        public KrakenPrivateSocket Socket => streams.Socket;
        public PrivateSubscriptions Subscriptions => streams.Subscriptions;
        public KrakenMarketData MarketData => feed.MarketData;
        public ExchangeBooks Books => feed.Books;
        public TradingRateBudget TradingBudget => flow.TradingBudget;
        public OrderPlacer Placer => flow.Placer;
        public OrderCanceller Canceller => flow.Canceller;
        public OrderAmender Amender => flow.Amender;
        public Reconciler Reconciler => flow.Reconciler;
        public ExternalOrderAdopter Adopter => flow.Adopter;
        public DeadManSwitch? DeadMan => flow.DeadMan;
        public IDeadManArming DeadManArming => flow.DeadManArming;

        public ValueTask DisposeAsync() => stack.DisposeAsync();
    }
}
