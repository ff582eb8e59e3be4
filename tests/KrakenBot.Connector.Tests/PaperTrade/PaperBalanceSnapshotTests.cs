using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>
/// The balances handed to readers are immutable snapshots; a change that leaves a balance as it was keeps its object,
/// and one that leaves them all keeps the snapshot (a strategy reads them on every cycle of a replay).
/// </summary>
public class PaperBalanceSnapshotTests
{
    [Fact]
    public async Task A_change_that_moves_no_balance_keeps_the_snapshot_and_one_that_moves_one_keeps_the_others()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        var sell = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.5m, 101.0m));
        var resting = kit.Exchange.Balances;
        Assert.Equal((1.5m, 0.5m), (resting["BTC"].Available, resting["BTC"].Held));

        // Re-priced at the same size: it holds the same BTC, so no balance moved.
        await kit.Exchange.AmendOrderAsync(sell.ClientOrderId, newPrice: 102.0m);
        await kit.SettleAsync();
        Assert.Equal(102.0m, kit.Exchange.GetOrder(sell.ClientOrderId)!.Request.Price);
        Assert.Same(resting, kit.Exchange.Balances);

        // A buy holds USD: a new snapshot, the BTC balance's object kept, the one handed out before unchanged.
        await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 98.0m));
        var after = kit.Exchange.Balances;
        Assert.NotSame(resting, after);
        Assert.Same(resting["BTC"], after["BTC"]);
        Assert.Equal(kit.Held("USD"), after["USD"].Held);
        Assert.True(after["USD"].Held > 0);
        Assert.Equal((10_000m, 0m), (resting["USD"].Available, resting["USD"].Held));
    }
}
