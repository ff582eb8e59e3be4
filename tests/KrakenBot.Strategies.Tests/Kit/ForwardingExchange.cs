using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Strategies.Tests.Kit;

/// <summary>An exchange that forwards everything to another: tests override the members they watch.</summary>
internal abstract class ForwardingExchange(IExchange inner) : IExchange
{
    protected IExchange Inner => inner;

    public string Name => inner.Name;
    public bool IsPaper => inner.IsPaper;
    public ExchangeReadiness Readiness => inner.Readiness;
    public IReadOnlyList<TradingRule> TradingRules => inner.TradingRules;
    public IReadOnlyDictionary<string, Balance> Balances => inner.Balances;
    public IReadOnlyList<TrackedOrder> OpenOrders => inner.OpenOrders;

    public event EventHandler<ExchangeEvent>? EventRaised
    {
        add => inner.EventRaised += value;
        remove => inner.EventRaised -= value;
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);
    public TradingRule GetTradingRule(TradingPair pair) => inner.GetTradingRule(pair);
    public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default) =>
        inner.WatchOrderBookAsync(pair, depth, cancellationToken);
    public Task<string> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => inner.PlaceOrderAsync(request, cancellationToken);
    public virtual Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default) => inner.CancelOrderAsync(clientOrderId, cancellationToken);
    public Task<int> CancelAllAsync(TradingPair? pair = null, CancellationToken cancellationToken = default) => inner.CancelAllAsync(pair, cancellationToken);
    public Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null, CancellationToken cancellationToken = default) =>
        inner.AmendOrderAsync(clientOrderId, newPrice, newAmount, cancellationToken);
    public virtual TrackedOrder? GetOrder(string clientOrderId) => inner.GetOrder(clientOrderId);
    public virtual long? OrderChanges => null; // counts none unless a test says otherwise: orders are read on every input
    public Task<FeeEstimate> GetFeeEstimateAsync(TradingPair pair, CancellationToken cancellationToken = default) => inner.GetFeeEstimateAsync(pair, cancellationToken);
    public IAsyncEnumerable<ExchangeEvent> Events(CancellationToken cancellationToken = default) => inner.Events(cancellationToken);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
