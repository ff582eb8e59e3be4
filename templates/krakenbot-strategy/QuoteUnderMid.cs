using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace MyStrategy;

/// <summary>The config's keys after <c>strategy:</c> and <c>exchange:</c>, in snake_case (<c>spread_bps</c> sets SpreadBps).</summary>
public sealed class QuoteUnderMidSettings
{
    public required TradingPair Market { get; init; }
    public decimal SpreadBps { get; init; } = 10m;
    public decimal RequoteBps { get; init; } = 2m;
    public required decimal Amount { get; init; }
}

/// <summary>Keeps one bid <c>spread_bps</c> under the mid, and moves it when the mid has moved more than <c>requote_bps</c>.</summary>
public sealed class QuoteUnderMid(QuoteUnderMidSettings settings) : Strategy
{
    public override string Kind => "quote_under_mid";
    public override TradingPair Pair => settings.Market;

    public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken ct) => QuoteAsync(ct);
    public override ValueTask OnTickAsync(CancellationToken ct) => QuoteAsync(ct);

    private async ValueTask QuoteAsync(CancellationToken ct)
    {
        var bid = Context.Orders.Open.FirstOrDefault();
        var book = Context.Book(Pair).GetSnapshot(levels: 5);
        // The book holds our own bid: leave it out of the mid, or the bid would chase itself up.
        var others = book.Bids.Where(l => bid is null || l.Price != bid.Price || l.Amount > bid.RemainingAmount);
        if (others.FirstOrDefault() is not { Price: > 0 } bestBid || book.Asks.FirstOrDefault() is not { Price: > 0 } bestAsk) return;
        decimal mid = (bestBid.Price + bestAsk.Price) / 2;
        decimal price = Context.Rule(Pair).QuantizePrice(mid * (1 - settings.SpreadBps / 10_000m), RoundingDirection.Down);
        if (bid is null)
            await Context.Orders.PlaceAsync(OrderRequest.Limit(Pair, OrderSide.Buy, settings.Amount, price), "bid", ct);
        else if (Math.Abs(bid.Price - price) > mid * settings.RequoteBps / 10_000m)
            Context.Orders.Amend(bid, price, null);
    }
}
