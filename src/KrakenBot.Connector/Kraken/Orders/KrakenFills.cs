using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>Kraken REST shapes → our model.</summary>
internal static class KrakenFills
{
    /// <summary>
    /// A REST trade as a fill of <paramref name="order"/>. REST trades do not name the fee asset; Kraken charges spot
    /// fees in the quote asset unless the order asked otherwise (fcib), which this connector never does.
    /// </summary>
    public static Fill ToFill(KrakenTrade trade, TrackedOrder order) =>
        new(trade.TradeTxId, order.ClientOrderId, trade.OrderTxId, order.Request.Pair,
            trade.Side == KrakenSide.Buy ? OrderSide.Buy : OrderSide.Sell,
            trade.Price, trade.Volume, trade.Fee, order.Request.Pair.Quote, trade.IsMaker ?? false, trade.Time);

    public static KrakenSide ToKraken(OrderSide side) => side == OrderSide.Buy ? KrakenSide.Buy : KrakenSide.Sell;

    /// <summary>The order's state as Kraken reports it (<c>pending/open/closed/canceled/expired</c>).</summary>
    public static OrderState? StateOf(KrakenOrder order) => order.Status switch
    {
        "open" => OrderState.Open,
        "closed" => OrderState.Filled,
        "canceled" => OrderState.Cancelled,
        "expired" => OrderState.Expired,
        _ => null,
    };

    public static TradingPair? PairOf(MarketCatalog catalog, string name) =>
        catalog.TryGetPair(name, out var pair) ? pair.Pair : null;
}
