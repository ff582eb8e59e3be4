using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// A stand-in book for <see cref="KrakenSpotExchange.WatchOrderBookAsync"/> until the checksum-verified WebSocket book
/// tracker is wired in: REST <c>Depth</c> polled on an interval (public endpoint, no REST counter). Each poll replaces
/// the whole snapshot at once, so readers never see a half-applied update; a failed poll marks the book not ready
/// rather than serving stale prices.
/// </summary>
internal sealed class PolledDepthBook : IOrderBookView, IAsyncDisposable
{
    private readonly KrakenRestClient _rest;
    private readonly string _pairId;
    private readonly int _depth;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private volatile OrderBookSnapshot _snapshot;
    private Task? _loop;

    public PolledDepthBook(KrakenRestClient rest, TradingPair pair, string pairId, int depth, TimeProvider time, ILogger logger)
    {
        _rest = rest;
        Pair = pair;
        _pairId = pairId;
        _depth = depth;
        _time = time;
        _logger = logger;
        _snapshot = new OrderBookSnapshot(pair, [], [], time.GetUtcNow(), IsReady: false);
    }

    public TradingPair Pair { get; }
    public bool IsReady => _snapshot.IsReady;
    public BookLevel? BestBid => Top(_snapshot.Bids);
    public BookLevel? BestAsk => Top(_snapshot.Asks);
    public decimal? MidPrice => BestBid is { } bid && BestAsk is { } ask ? (bid.Price + ask.Price) / 2m : null;
    public decimal? Spread => BestBid is { } bid && BestAsk is { } ask ? ask.Price - bid.Price : null;
    public event EventHandler? Changed;

    public async Task StartAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        await PollAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval, _time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                    await PollAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public OrderBookSnapshot GetSnapshot(int levels)
    {
        var snapshot = _snapshot;
        return snapshot with { Bids = Take(snapshot.Bids, levels), Asks = Take(snapshot.Asks, levels) };
    }

    public decimal? AveragePriceFor(OrderSide side, decimal amount)
    {
        var snapshot = _snapshot;
        if (!snapshot.IsReady || amount <= 0) return null;
        var levels = side == OrderSide.Buy ? snapshot.Asks : snapshot.Bids;
        decimal left = amount, cost = 0m;
        foreach (var level in levels)
        {
            decimal take = Math.Min(left, level.Amount);
            cost += take * level.Price;
            left -= take;
            if (left == 0m) return cost / amount;
        }
        return null;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            var depth = await _rest.GetDepthAsync(_pairId, _depth, cancellationToken).ConfigureAwait(false);
            _snapshot = new OrderBookSnapshot(Pair, Levels(depth.Bids), Levels(depth.Asks), _time.GetUtcNow(), IsReady: true);
        }
        catch (Trading.Errors.ExchangeException ex)
        {
            _logger.LogWarning("Book {Pair}: depth poll failed ({Reason}); not ready until the next poll succeeds.", Pair, ex.Message);
            _snapshot = _snapshot with { IsReady = false };
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    private static BookLevel[] Levels(IReadOnlyList<KrakenDepthLevel> levels)
    {
        var result = new BookLevel[levels.Count];
        for (int i = 0; i < levels.Count; i++) result[i] = new BookLevel(levels[i].Price, levels[i].Volume);
        return result;
    }

    private BookLevel? Top(IReadOnlyList<BookLevel> side) => _snapshot.IsReady && side.Count > 0 ? side[0] : null;

    private static IReadOnlyList<BookLevel> Take(IReadOnlyList<BookLevel> levels, int count) =>
        levels.Count <= count ? levels : [.. levels.Take(count)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
