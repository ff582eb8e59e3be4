using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using UserStrategies.Pricing;

namespace UserStrategies;

/// <summary>Settings of <see cref="FailsAfterQuoting"/> and <see cref="PricedByDependency"/>.</summary>
public sealed class BidSettings
{
    public required TradingPair Market { get; init; }
    public required decimal Amount { get; init; }
    public decimal Bps { get; init; } = 10m;
    public IReadOnlyList<string> Tags { get; init; } = [];
    public TimeSpan Patience { get; init; }
    public OrderSide Side { get; init; } = OrderSide.Buy;
}

/// <summary>Quotes a bid priced by its own dependency (<see cref="BidPricer"/>), then throws once the bid rests on the book.</summary>
public sealed class FailsAfterQuoting(BidSettings settings) : Strategy
{
    public override string Kind => "fails_after_quoting";

    public override TradingPair Pair => settings.Market;

    public override async ValueTask OnTickAsync(CancellationToken cancellationToken)
    {
        var bid = Context.Orders.Open.FirstOrDefault();
        if (bid is { Order.State: OrderState.Open }) throw new InvalidOperationException("planned failure with a bid resting");
        if (bid is not null || Context.Book(Pair).MidPrice is not { } mid) return;
        decimal price = Context.Rule(Pair).QuantizePrice(BidPricer.Below(mid, settings.Bps), RoundingDirection.Down);
        await Context.Orders.PlaceAsync(OrderRequest.Limit(Pair, OrderSide.Buy, settings.Amount, price), "bid", cancellationToken);
    }
}

/// <summary>A strategy whose kind comes from its own dependency: loading it proves the dependency resolved.</summary>
public sealed class PricedByDependency(BidSettings settings) : Strategy
{
    public BidSettings Settings { get; } = settings;

    public override string Kind => BidPricer.Kind;

    public override TradingPair Pair => Settings.Market;
}
