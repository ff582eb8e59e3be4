using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest.RateLimits;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// Orders to and from Kraken: the trading channel (private WebSocket, REST when it is down) and trading rate budget,
/// placement, cancel and amend, reconciliation (at start, on request and on an interval) with the adoption of orders
/// placed elsewhere, and the dead man's switch (its own, or agreed with the fleet on the key). Started last.
/// </summary>
internal sealed class OrderFlow(
    CompositionContext context, OrderBookkeeping bookkeeping, AccountLink link, PrivateStreams streams, PublicFeed feed) : IComposer
{
    public TradingChannel Channel { get; private set; } = null!;

    public TradingRateBudget TradingBudget { get; private set; } = null!;

    public OrderPlacer Placer { get; private set; } = null!;

    public OrderCanceller Canceller { get; private set; } = null!;

    public OrderAmender Amender { get; private set; } = null!;

    public ExternalOrderAdopter Adopter { get; private set; } = null!;

    public Reconciler Reconciler { get; private set; } = null!;

    /// <summary>Runs <see cref="Reconciler"/> when asked (merging requests) and on the reconcile interval.</summary>
    public CoalescingWorker Reconciliation { get; private set; } = null!;

    /// <summary>How this connector's dead man's switch reaches Kraken: its own, or agreed with the fleet on the key.</summary>
    public IDeadManArming DeadManArming { get; private set; } = null!;

    /// <summary>The switch kept armed for the whole run (<see cref="KrakenExchangeOptions.DeadManSwitch"/>); null when off.</summary>
    public DeadManSwitch? DeadMan { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var (time, logger) = (context.Time, context.Logger);
        var (journal, account, tracker, fleet) = (bookkeeping.Journal, bookkeeping.Account, bookkeeping.Tracker, bookkeeping.Fleet);
        var (catalog, rules) = (link.Catalog, feed.MarketData);
        var queries = new RestOrderQueries(link.Rest);

        var channel = Channel = new TradingChannel(streams.Socket, link.Rest);
        var budget = TradingBudget = journal.IsShared ? TradingRateBudget.Shared(options.Kraken.Tier, time, account) : new TradingRateBudget(options.Kraken.Tier, time);
        budget.Metrics = context.Metrics;
        Func<Guid> newClientOrderId = fleet is null ? options.NewClientOrderId : () => fleet.Stamp(options.NewClientOrderId());
        var placer = Placer = new OrderPlacer(catalog, tracker, streams.Balances, channel, budget, queries, link.Fees.TakerPercent,
            newClientOrderId, time, logger)
        { CurrentRule = rules.GetTradingRule, SendDeadline = options.OrderDeadline, Metrics = context.Metrics };
        Adopter = new ExternalOrderAdopter(catalog, tracker, account, logger) { Fleet = fleet };
        var reconciler = Reconciler = new Reconciler(tracker, queries, account, context.Events, time, logger, placer.IsBeingSent, Adopter)
        {
            // An order journaled and sent (perhaps after waiting on the trading counter) can be accepted until its deadline.
            UnknownOrderGrace = options.OrderDeadline * 2 + TimeSpan.FromSeconds(10),
        };
        var reconciliation = Reconciliation = new CoalescingWorker("Reconciliation",
            (reason, ct) => reconciler.RunAsync(reason, ct), TimeSpan.FromMilliseconds(250), options.ReconcileInterval, time, logger);
        Canceller = new OrderCanceller(tracker, budget, channel, reconciliation, time, fleet);
        Amender = new OrderAmender(tracker, budget, channel, catalog.GetPair, rules.GetTradingRule, time);
        // Kraken's switch is one per key: a fleet member arms and disarms it in agreement with the others.
        DeadManArming = fleet is not null
            ? account.CreateFleetDeadManArming(fleet.Member, channel.CancelAllOrdersAfterAsync, logger)
            : new SoleDeadManArming(channel);

        streams.ReconciliationNeeded += reconciliation.Request;
        placer.ReconciliationNeeded += reconciliation.Request;
        // Fills and order changes that could not be recorded while the journal was unreachable are read again, and the
        // member's place in the fleet is taken again (not on the caller's thread: it may hold the tracker's lock).
        if (bookkeeping.SharedJournal is { } shared)
        {
            shared.Reachability.Restored += () =>
            {
                reconciliation.Request("journal reachable again");
                _ = Task.Run(() => bookkeeping.RenewMembershipAsync(refusal => placer.Refusal = refusal));
            };
        }

        await reconciler.RunAsync("start", cancellationToken).ConfigureAwait(false);
        reconciliation.Start();
        if (options.DeadManSwitch)
        {
            DeadMan = new DeadManSwitch(DeadManArming, options.DeadManSwitchTimeout, time, logger);
            await DeadMan.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (DeadMan is not null) await DeadMan.DisposeAsync().ConfigureAwait(false);
        if (Reconciliation is not null) await Reconciliation.DisposeAsync().ConfigureAwait(false);
        // Orders being sent finish (or time out) while the channel and the journal are still there.
        if (Placer is not null)
            await Placer.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
