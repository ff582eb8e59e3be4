using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Tests.Shared;
using Npgsql;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// The shared PostgreSQL journal goes away under a running connector (its connections cut, new ones refused, as when
/// the server stops): it places nothing it could not journal and says why, at once rather than after a hang; the dead
/// man's switch stays armed; the exchange gets no order; once the journal is back it places again.
/// </summary>
public sealed class JournalOutageTests
{
    [PostgresFact]
    public async Task With_the_postgres_journal_gone_no_order_is_placed_the_error_says_why_and_placing_resumes_when_it_returns()
    {
        await using var schema = new TestPostgresSchema();
        var target = new NpgsqlConnectionStringBuilder(schema.Journal);
        await using var proxy = new CuttableTcpProxy(target.Host!, target.Port);
        string journal = new NpgsqlConnectionStringBuilder(schema.Journal) { Port = proxy.Port }.ToString();

        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync(world.Options(journalPath: journal, deadManSwitch: true,
            deadManSwitchTimeout: TimeSpan.FromSeconds(30)));
        string before = await exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, before, OrderState.Open);

        proxy.Cut();
        var armedAtCut = world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey);
        Assert.NotNull(armedAtCut);
        var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.2m, 50001m)));
        Assert.Contains("cannot be reached", refused.Message);
        Assert.Contains("nothing is placed until it is back", refused.Message);
        Assert.DoesNotContain(target.Password ?? "no password given", refused.Message);

        // The dead man's switch is re-armed over the socket while the journal is away (it needs no nonce), and every
        // later placement is refused too, each one a fresh try of the server once the refusal's moment has passed.
        await Until.TrueAsync(() => world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey) > armedAtCut,
            () => $"the dead man's switch re-armed after {armedAtCut}; its trigger is {world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey)}");
        await Assert.ThrowsAsync<JournalUnavailableException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.2m, 50001m)));

        // The exchange holds only the order placed before the cut (read on the key as another program would: the
        // connector sends no private call while it cannot draw a nonce, so this reader races nobody).
        using var observer = new RawKrakenClient(world.Sandbox.RestUri, world.Trader.ApiKey, world.TraderSecret,
            () => (long)world.Sandbox.LastNonce(world.Trader.ApiKey));
        Assert.Equal([before], await ClientIdsAsync(observer, "OpenOrders", "open"));

        proxy.Restore();
        string? after = null;
        await Until.TrueAsync(async () =>
        {
            try
            {
                after = await exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.3m, 50002m));
                return true;
            }
            catch (JournalUnavailableException)
            {
                return false; // refused for a moment after the last failed try, or a connection the cut broke found so
            }
        }, () => "a placement accepted once the journal is back");
        await Until.OrderStateAsync(exchange, after!, OrderState.Open);

        // No order on the exchange without its row in the journal, and the journal's open orders are the exchange's (read
        // through the connector now that it draws nonces again: a second nonce source on the key would race it).
        await using var reader = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = schema.Journal, ReadOnly = true });
        var account = await reader.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
        var journaled = (await account.Orders.GetOpenAsync()).Select(o => o.ClientOrderId).Order().ToList();
        Assert.Equal(new[] { before, after! }.Order(), journaled);
        Assert.Equal(journaled, (await exchange.Rest.GetOpenOrdersAsync()).Select(o => o.ClientOrderId!).Order());
        Assert.Empty((await exchange.Rest.GetClosedOrdersAsync()).Orders);
    }

    [PostgresFact]
    public async Task A_bot_whose_journal_goes_away_stops_placing_says_why_keeps_running_and_places_again_when_it_returns()
    {
        await using var schema = new TestPostgresSchema();
        var target = new NpgsqlConnectionStringBuilder(schema.Journal);
        await using var proxy = new CuttableTcpProxy(target.Host!, target.Port);
        string journal = new NpgsqlConnectionStringBuilder(schema.Journal) { Port = proxy.Port }.ToString();
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync(world.Options(journalPath: journal, fleetMember: "ladder"));
        var strategy = new Ladder(SandboxWorld.BtcUsd);
        var driver = new StrategyDriver(exchange, strategy, new StrategyHostOptions { StrategyId = "ladder", TickInterval = TimeSpan.FromMilliseconds(100) },
            new JournalStrategyStateStore(exchange.Journal!));
        await using var runner = new StrategyRunner(driver);
        await runner.StartAsync();
        await Until.TrueAsync(() => exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 1, () => "the first rung resting");

        proxy.Cut();
        strategy.Rungs = 2; // it wants a second order now, and may not place it
        await Until.TrueAsync(() => driver.Snapshot().Reason?.Contains("journal cannot be reached", StringComparison.Ordinal) == true,
            () => $"the bot saying why it does not place; status {driver.Status}, reason {driver.Snapshot().Reason}");
        Assert.Equal(StrategyStatus.Running, driver.Status);
        Assert.True(strategy.Refused > 0);
        Assert.Single(exchange.OpenOrders);

        proxy.Restore();
        await Until.TrueAsync(() => exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 2 && driver.Snapshot().Reason is null,
            () => $"a second rung once the journal is back; open {exchange.OpenOrders.Count}, reason {driver.Snapshot().Reason}");
        Assert.Equal(StrategyStatus.Running, driver.Status);

        await runner.StopAsync();
        await Until.TrueAsync(() => exchange.OpenOrders.Count == 0, () => "the rungs cancelled on stop");
    }

    /// <summary>Keeps <see cref="Rungs"/> buy orders resting, one a dollar under the other; counts the placements refused.</summary>
    private sealed class Ladder(TradingPair pair) : global::KrakenBot.Strategies.Hosting.Strategy
    {
        private volatile int _rungs = 1;
        private int _refused;

        public int Rungs
        {
            get => _rungs;
            set => _rungs = value;
        }

        public int Refused => Volatile.Read(ref _refused);

        public override string Kind => "ladder";

        public override TradingPair Pair => pair;

        public override async ValueTask OnTickAsync(CancellationToken cancellationToken)
        {
            int open = Context.Orders.Open.Count;
            if (open >= Rungs)
            {
                return;
            }

            var placed = await Context.Orders.PlaceAsync(OrderRequest.Limit(pair, OrderSide.Buy, 0.01m, 50000m - open), "rung " + open, cancellationToken);
            if (placed is null)
            {
                Interlocked.Increment(ref _refused);
            }
        }
    }

    private static async Task<List<string>> ClientIdsAsync(RawKrakenClient client, string method, string list) =>
        (await client.PostAsync(method)).GetProperty("result").GetProperty(list).EnumerateObject()
            .Select(o => o.Value.TryGetProperty("cl_ord_id", out var id) ? id.GetString() ?? "(none)" : "(none)").Order().ToList();
}
