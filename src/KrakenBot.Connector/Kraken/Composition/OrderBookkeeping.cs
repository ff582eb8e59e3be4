using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Storage.Internal.Postgres;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// The journal and what is read from it first: the key's account, this connector's place in a fleet sharing the key
/// (on PostgreSQL), and the order tracker loaded with the orders journaled open. Started first, stopped last.
/// </summary>
internal sealed class OrderBookkeeping(CompositionContext context) : IComposer
{
    private PostgresMemberLock? _memberLock;

    public TradingJournal Journal { get; private set; } = null!;

    public AccountJournal Account { get; private set; } = null!;

    /// <summary>This connector's client order ids on a key shared by a fleet; null on a journal of its own.</summary>
    public FleetNamespace? Fleet { get; private set; }

    public OrderTracker Tracker { get; private set; } = null!;

    /// <summary>The journal's engine when a fleet shares it (PostgreSQL); null on a journal of its own.</summary>
    public PostgresJournalEngine? SharedJournal => Journal.Database.Engine as PostgresJournalEngine;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        Journal = await TradingJournal.OpenAsync(
            new TradingJournalOptions { Path = options.JournalPath, TimeProvider = context.Time, MeterFactory = options.MeterFactory },
            cancellationToken).ConfigureAwait(false);
        Account = await Journal.OpenAccountAsync(JournalAccount.Kraken(options.Credentials!.ApiKey), cancellationToken).ConfigureAwait(false);

        // On a shared journal each connector has its own client order ids, and knows only its own orders.
        var fleet = Fleet = FleetNamespace.For(Journal.IsShared, options.FleetMember);
        if (fleet is not null && SharedJournal is { } shared)
        {
            _memberLock = await PostgresMemberLock.TakeAsync(shared, fleet.Member, cancellationToken).ConfigureAwait(false);
            await Journal.RegisterFleetMemberAsync(fleet.Member, fleet.Prefix, cancellationToken).ConfigureAwait(false);
        }
        Tracker = new OrderTracker(Account, context.Events, context.Time, context.Logger);
        var journaledOpen = await Account.Orders.GetOpenAsync(cancellationToken).ConfigureAwait(false);
        Tracker.Load(fleet is null ? journaledOpen : journaledOpen.Where(order => fleet.Owns(order.ClientOrderId)));
        Tracker.FillApplied += fill => context.Metrics.FillApplied(fill.Timestamp, context.Time.GetUtcNow());
    }

    /// <summary>
    /// After a journal outage: takes this member's place in the fleet again (lost with its session if the outage ended
    /// it). When another process took it meanwhile, <paramref name="refuseOrders"/> is told why: no more orders may be
    /// placed in this member's name.
    /// </summary>
    public async Task RenewMembershipAsync(Action<JournalInUseException> refuseOrders)
    {
        if (_memberLock is not { } place) return;
        try
        {
            await place.RenewAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (JournalInUseException ex)
        {
            context.Logger.LogError("No more orders are placed: {Reason}", ex.Message);
            refuseOrders(ex);
        }
        catch (JournalException ex)
        {
            context.Logger.LogWarning("The fleet member's place in the journal could not be checked yet ({Reason}); tried again when the journal answers.", ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _memberLock?.Dispose();
        if (Journal is not null) await Journal.DisposeAsync().ConfigureAwait(false);
    }
}
