using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Kraken.Proxies;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Kraken;

// The components, composed at start.
public sealed partial class KrakenSpotExchange
{
    /// <summary>The running components, built at start (they need the market catalog and the journal).</summary>
    private sealed class Parts : IAsyncDisposable
    {
        public required TradingJournal Journal { get; init; }
        public required AccountJournal Account { get; init; }
        public required HttpClient Http { get; init; }
        public required KrakenRestClient Rest { get; init; }
        public required INonceSource Nonces { get; init; }
        public required MarketCatalog Catalog { get; init; }
        public required TradingRateBudget TradingBudget { get; init; }
        public required OrderTracker Tracker { get; init; }
        public required ExecutionMapper Mapper { get; init; }
        public required FramePump Executions { get; init; }
        public required BalanceTracker Balances { get; init; }
        public required KrakenPrivateSocket Socket { get; init; }
        public required TradingChannel Channel { get; init; }
        public required OrderPlacer Placer { get; init; }
        public required OrderCanceller Canceller { get; init; }
        public required OrderAmender Amender { get; init; }
        public required Reconciler Reconciler { get; init; }
        public required ExternalOrderAdopter Adopter { get; init; }
        public required CoalescingWorker ReconcileWorker { get; init; }
        public required CoalescingWorker BalanceWorker { get; init; }
        public required FeeBook Fees { get; init; }
        public DeadManSwitch? DeadMan { get; set; }
        /// <summary>How this connector's dead man's switch reaches Kraken: its own, or agreed with the fleet on the key.</summary>
        public required IDeadManArming DeadManArming { get; init; }
        /// <summary>This connector's client order ids on a key shared by a fleet; null on a journal of its own.</summary>
        public FleetNamespace? Fleet { get; init; }
        /// <summary>This connector's place in the fleet's journal, held while it runs; null on a journal of its own.</summary>
        public Storage.Internal.Postgres.PostgresMemberLock? MemberLock { get; init; }
        public required PrivateSubscriptions Subscriptions { get; init; }
        public required ExchangeBooks Books { get; init; }
        public required KrakenMarketData MarketData { get; init; }

        public static async Task<Parts> StartAsync(KrakenSpotExchange owner, CancellationToken cancellationToken)
        {
            var options = owner._options;
            var time = owner._time;
            var logger = owner._logger;
            var credentials = options.Credentials!;
            var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = options.JournalPath, TimeProvider = time, MeterFactory = options.MeterFactory },
                cancellationToken).ConfigureAwait(false);
            var http = ProxySelection.CreateHttpClient(options.HttpMessageHandler, options.Proxy);
            http.Timeout = Timeout.InfiniteTimeSpan;
            var webSockets = options.WebSocketConnector ?? new KrakenWebSocketConnector(options.Proxy);
            KrakenPrivateSocket? socket = null;
            FramePump? executions = null;
            KrakenMarketData? marketData = null;
            INonceSource? nonces = null;
            PrivateSubscriptions? subscriptions = null;
            Storage.Internal.Postgres.PostgresMemberLock? memberLock = null;
            Parts? parts = null;
            try
            {
                var account = await journal.OpenAccountAsync(JournalAccount.Kraken(credentials.ApiKey), cancellationToken).ConfigureAwait(false);
                // A PostgreSQL journal is shared by a fleet on one key: every process draws from one sequence there.
                nonces = journal.IsShared ? account.CreateSharedNonceSource() : new NonceSource(time, account.CreateNonceStore());
                // ... and books on the key's rate counters there, so the fleet together stays under Kraken's limits.
                var restBudget = journal.IsShared ? RestRateBudget.Shared(options.Kraken.Tier, time, account) : new RestRateBudget(options.Kraken.Tier, time);
                restBudget.Metrics = owner._metrics;
                var rest = new KrakenRestClient(http, options.Kraken, nonces, restBudget, time,
                    owner._loggerFactory.CreateLogger("KrakenBot.Connector.Kraken.Rest"), credentials);

                var assets = await rest.GetAssetsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var pairs = await rest.GetAssetPairsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var catalog = new MarketCatalog(assets, pairs);
                await KrakenKeyCheck.VerifyAsync(rest, options.RequiredPermissions, cancellationToken).ConfigureAwait(false);

                // On a shared journal each connector has its own client order ids, and knows only its own orders.
                var fleet = FleetNamespace.For(journal.IsShared, options.FleetMember);
                if (fleet is not null && journal.Database.Engine is Storage.Internal.Postgres.PostgresJournalEngine fleetJournal)
                {
                    memberLock = await Storage.Internal.Postgres.PostgresMemberLock.TakeAsync(fleetJournal, fleet.Member, cancellationToken).ConfigureAwait(false);
                    await journal.RegisterFleetMemberAsync(fleet.Member, fleet.Prefix, cancellationToken).ConfigureAwait(false);
                }
                var tracker = new OrderTracker(account, owner._events, time, logger);
                var journaledOpen = await account.Orders.GetOpenAsync(cancellationToken).ConfigureAwait(false);
                tracker.Load(fleet is null ? journaledOpen : journaledOpen.Where(order => fleet.Owns(order.ClientOrderId)));
                var mapper = new ExecutionMapper(tracker, catalog, time, logger) { Fleet = fleet };
                var queries = new RestOrderQueries(rest);
                var fees = new FeeBook(rest, catalog);
                var balances = new BalanceTracker(catalog, owner._events, time, logger) { TakerFeePercent = fees.TakerPercent };
                // A fill or the end of an order frees its hold before the order's event is published.
                foreach (var open in tracker.Open) balances.OnOrderChanged(open);
                tracker.OrderChanged += balances.OnOrderChanged;

                socket = new KrakenPrivateSocket(
                    new SocketSessionOptions
                    {
                        Endpoint = options.Kraken.WebSocketAuthUrl,
                        Name = "private",
                        RequestTimeout = options.SocketRequestTimeout,
                        Transport = options.SocketTransport,
                    },
                    new RestWebSocketTokenProvider(rest), webSockets, time, Random.Shared, owner._loggerFactory,
                    options.MeterFactory);
                executions = new FramePump(mapper.OnFrame, logger);
                socket.SetExecutionsSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => executions.Enqueue(utf8.Span));
                socket.SetBalancesSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => balances.OnFrame(utf8.Span));

                // Books and the instrument channel: trading rules (status, precisions, minimums) follow Kraken's changes.
                var rules = marketData = new KrakenMarketData(catalog,
                    new SocketSessionOptions { Endpoint = options.Kraken.WebSocketPublicUrl, Name = "public", Transport = options.SocketTransport },
                    rest, new KrakenMarketDataOptions { FollowInstruments = true, Connector = webSockets }, time, owner._loggerFactory,
                    options.MeterFactory);
                rules.TradingRuleChanged += rule => owner._events.Publish(new TradingRuleChanged(time.GetUtcNow(), rule));

                var channel = new TradingChannel(socket, rest);
                var budget = journal.IsShared ? TradingRateBudget.Shared(options.Kraken.Tier, time, account) : new TradingRateBudget(options.Kraken.Tier, time);
                budget.Metrics = owner._metrics;
                Func<Guid> newClientOrderId = fleet is null ? options.NewClientOrderId : () => fleet.Stamp(options.NewClientOrderId());
                var placer = new OrderPlacer(catalog, tracker, balances, channel, budget, queries, fees.TakerPercent,
                    newClientOrderId, time, logger)
                { CurrentRule = pair => rules.GetTradingRule(pair.Symbol), SendDeadline = options.OrderDeadline, Metrics = owner._metrics };
                var adopter = new ExternalOrderAdopter(catalog, tracker, account, logger) { Fleet = fleet };
                var reconciler = new Reconciler(tracker, queries, account, owner._events, time, logger, placer.IsBeingSent, adopter)
                {
                    // An order journaled and sent (perhaps after waiting on the trading counter) can be accepted until its deadline.
                    UnknownOrderGrace = options.OrderDeadline * 2 + TimeSpan.FromSeconds(10),
                };

                var reconcileWorker = new CoalescingWorker("Reconciliation",
                    (reason, ct) => reconciler.RunAsync(reason, ct), TimeSpan.FromMilliseconds(250), options.ReconcileInterval, time, logger);
                CoalescingWorker balanceWorker = null!;
                balanceWorker = new CoalescingWorker("Balance refresh",
                    async (_, ct) =>
                    {
                        if (!await RefreshBalancesAsync(rest, tracker, balances, ct).ConfigureAwait(false))
                            balanceWorker.Request("read overlapped a fill");
                    },
                    TimeSpan.FromMilliseconds(20), options.ReconcileInterval, time, logger,
                    minimumGap: options.BalanceRefreshGap ?? BalanceRefreshGap(options.Kraken.Tier));

                var canceller = new OrderCanceller(tracker, budget, channel, reconcileWorker, time, fleet);
                var amender = new OrderAmender(tracker, budget, channel, pair => rules.GetTradingRule(catalog.GetPair(pair).Symbol), time);
                subscriptions = new PrivateSubscriptions(socket, time, logger);
                // Kraken's switch is one per key: a fleet member arms and disarms it in agreement with the others.
                IDeadManArming deadManArming = fleet is not null
                    ? account.CreateFleetDeadManArming(fleet.Member, channel.CancelAllOrdersAfterAsync, logger)
                    : new SoleDeadManArming(channel);
                parts = new Parts
                {
                    Journal = journal, Account = account, Http = http, Rest = rest, Nonces = nonces, Catalog = catalog, TradingBudget = budget, Tracker = tracker,
                    Mapper = mapper, Executions = executions, Balances = balances, Socket = socket, Channel = channel, Placer = placer,
                    Canceller = canceller, Amender = amender,
                    Reconciler = reconciler, Adopter = adopter, ReconcileWorker = reconcileWorker, BalanceWorker = balanceWorker, Fees = fees,
                    Books = new ExchangeBooks(rules), MarketData = rules, Subscriptions = subscriptions, Fleet = fleet, MemberLock = memberLock,
                    DeadManArming = deadManArming,
                };
                mapper.ReconciliationNeeded += reconcileWorker.Request;
                tracker.FillApplied += fill => owner._metrics.FillApplied(fill.Timestamp, time.GetUtcNow());
                placer.ReconciliationNeeded += reconcileWorker.Request;
                // Fills and order changes that could not be recorded while the journal was unreachable are read again,
                // and the member's place in the fleet, lost with its session if the outage ended it, is taken again.
                if (journal.Database.Engine is Storage.Internal.Postgres.PostgresJournalEngine shared)
                {
                    shared.Reachability.Restored += () =>
                    {
                        reconcileWorker.Request("journal reachable again");
                        if (memberLock is { } place) _ = Task.Run(() => RenewMemberAsync(place, placer, logger)); // not on the caller's thread: it may hold the tracker's lock
                    };
                }
                // Kraken changes holds when it acknowledges, fills or closes an order: read the exact figures then.
                tracker.OrderChanged += order =>
                {
                    if (order.ExchangeOrderId is not null) balanceWorker.Request("order change");
                };
                bool firstConnect = true;
                socket.Session.Ready += () =>
                {
                    if (!firstConnect) reconcileWorker.Request("reconnect");
                    firstConnect = false;
                };

                socket.Start();
                // Executions and balances are awaited and kept: a refused subscription shows in Readiness and is sent
                // again until it holds; when it comes back, reconciliation reads what it would have said meanwhile.
                subscriptions.Restored += channelName => reconcileWorker.Request($"{channelName} subscription restored");
                subscriptions.Start();
                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    wait.CancelAfter(options.SocketRequestTimeout);
                    await socket.WaitReadyAsync(wait.Token).ConfigureAwait(false);
                    await subscriptions.WhenSubscribedAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("The private WebSocket or its subscriptions are not up yet (see Readiness); orders go over REST until they are, and reconciliation covers the gap.");
                }

                await StartRulesAsync(rules, options.SocketRequestTimeout, logger, cancellationToken).ConfigureAwait(false);
                await RefreshBalancesAsync(rest, tracker, balances, cancellationToken).ConfigureAwait(false);
                await reconciler.RunAsync("start", cancellationToken).ConfigureAwait(false);
                reconcileWorker.Start();
                balanceWorker.Start();
                if (options.DeadManSwitch)
                {
                    parts.DeadMan = new DeadManSwitch(deadManArming, options.DeadManSwitchTimeout, time, logger);
                    await parts.DeadMan.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                return parts;
            }
            catch
            {
                // A start that fails part-way stops everything it started: no loop, socket or timer outlives it.
                if (parts is not null)
                {
                    await parts.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
                if (subscriptions is not null) await subscriptions.DisposeAsync().ConfigureAwait(false);
                if (marketData is not null) await marketData.DisposeAsync().ConfigureAwait(false);
                if (socket is not null) await socket.DisposeAsync().ConfigureAwait(false);
                if (executions is not null) await executions.DisposeAsync().ConfigureAwait(false);
                http.Dispose();
                (nonces as IDisposable)?.Dispose();
                memberLock?.Dispose();
                await journal.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        // After an outage: a member whose place another process took meanwhile must not place orders in its name.
        private static async Task RenewMemberAsync(Storage.Internal.Postgres.PostgresMemberLock memberLock, OrderPlacer placer, ILogger logger)
        {
            try
            {
                await memberLock.RenewAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (JournalInUseException ex)
            {
                logger.LogError("No more orders are placed: {Reason}", ex.Message);
                placer.Refusal = ex;
            }
            catch (JournalException ex)
            {
                logger.LogWarning("The fleet member's place in the journal could not be checked yet ({Reason}); tried again when the journal answers.", ex.Message);
            }
        }

        /// <summary>
        /// Connects the public socket and subscribes to the <c>instrument</c> channel. Until Kraken answers, the rules are
        /// AssetPairs' from the start; the subscription stays registered and is replayed on every (re)connect.
        /// </summary>
        private static async Task StartRulesAsync(KrakenMarketData marketData, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(timeout);
                await marketData.StartAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The instrument channel has not answered yet; trading rules are AssetPairs' until it does.");
            }
            catch (Trading.Errors.ExchangeException ex)
            {
                logger.LogWarning("Kraken refused the instrument channel ({Reason}); trading rules are AssetPairs' and will not follow changes.", ex.Message);
            }
        }

        // BalanceEx costs 1 on the REST counter: refresh at most at a third of its decay rate, leaving the rest to
        // reconciliation, lookups and the socket token.
        private static TimeSpan BalanceRefreshGap(KrakenTier tier) =>
            TimeSpan.FromSeconds(3 / (double)RestRateBudget.Limits(tier).DecayPerSecond);

        // False when the read overlapped a release of one of our holds and was set aside (see BalanceTracker).
        private static async Task<bool> RefreshBalancesAsync(KrakenRestClient rest, OrderTracker tracker, BalanceTracker balances,
            CancellationToken cancellationToken)
        {
            // Orders Kraken has not acknowledged before the read: their holds are not in hold_trade yet.
            var pending = new HashSet<string>(StringComparer.Ordinal);
            foreach (var order in tracker.Open)
                if (order.ExchangeOrderId is null) pending.Add(order.ClientOrderId);
            long askedAt = balances.BeginRead();
            var result = await rest.GetBalanceExAsync(cancellationToken).ConfigureAwait(false);
            return balances.OnBalanceEx(result, pending, askedAt);
        }

        public async ValueTask DisposeAsync()
        {
            if (DeadMan is not null) await DeadMan.DisposeAsync().ConfigureAwait(false);
            await Books.DisposeAsync().ConfigureAwait(false);
            await ReconcileWorker.DisposeAsync().ConfigureAwait(false);
            await BalanceWorker.DisposeAsync().ConfigureAwait(false);
            await Placer.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Subscriptions.DisposeAsync().ConfigureAwait(false);
            await Socket.DisposeAsync().ConfigureAwait(false);
            await Executions.DisposeAsync().ConfigureAwait(false);
            Http.Dispose();
            // Last before the journal: no request is sent any more, so the mark can come down to the real last nonce.
            ((IDisposable)Nonces).Dispose();
            MemberLock?.Dispose();
            await Journal.DisposeAsync().ConfigureAwait(false);
        }
    }
}
