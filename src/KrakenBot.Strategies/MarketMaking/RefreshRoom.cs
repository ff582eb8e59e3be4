using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.MarketMaking;

/// <summary>
/// What one refresh may still do as it sends its steps: the funds free on each side (a buy holds quote, a sell base)
/// and our own orders' prices as they will stand after each step, so no step is refused for funds and none makes one of
/// our buys reach one of our sells, not even between two amends. A step that does not fit marks the refresh incomplete
/// (the rest goes out on a later tick). Reused across refreshes.
/// </summary>
internal sealed class RefreshRoom
{
    private readonly Dictionary<string, (OrderSide Side, decimal Price)> _own = new(StringComparer.Ordinal);
    private decimal _freeBase;
    private decimal _freeQuote;

    /// <summary>False once a step had to be left for later.</summary>
    public bool Complete { get; private set; }

    /// <summary>Starts a refresh with what is free now and the strategy's open orders on <paramref name="pair"/>.</summary>
    public void Reset(decimal freeBase, decimal freeQuote, IReadOnlyList<OwnedOrder> open, TradingPair pair)
    {
        _freeBase = freeBase;
        _freeQuote = freeQuote;
        Complete = true;
        _own.Clear();
        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            if (order.Order.Request.Pair == pair)
            {
                _own[order.ClientOrderId] = (order.Side, order.Price);
            }
        }
    }

    /// <summary>True, and the funds taken, when <paramref name="more"/> fits what the side still has free.</summary>
    public bool Fits(OrderSide side, decimal more)
    {
        if (more <= 0)
        {
            return true;
        }

        ref decimal free = ref side == OrderSide.Buy ? ref _freeQuote : ref _freeBase;
        if (more > free)
        {
            Complete = false;
            return false;
        }

        free -= more;
        return true;
    }

    /// <summary>True when an order at <paramref name="price"/> would reach one of our orders on the other side.</summary>
    public bool CrossesOwn(OrderSide side, decimal price, string? self)
    {
        foreach (var (id, (ownSide, ownPrice)) in _own)
        {
            if (id != self && ownSide != side && (side == OrderSide.Buy ? price >= ownPrice : price <= ownPrice))
            {
                Complete = false;
                return true;
            }
        }

        return false;
    }

    /// <summary>Records where an order stands after its step (amended, or newly placed).</summary>
    public void Move(string clientOrderId, OrderSide side, decimal price) => _own[clientOrderId] = (side, price);
}
