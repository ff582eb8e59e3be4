using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market;

/// <summary>
/// The <c>classic</c> market: seeded synthetic traders that keep every book two-sided and moving: a
/// market maker quotes a ladder around a random-walking mid price (its stale quotes are replaced,
/// never self-traded), and a taker sends small market orders now and then. The same seed and the
/// same clock ticks give the same market (prices, amounts, trades) in every process; only ids differ.
/// </summary>
internal sealed class SyntheticMarket : IMarketSimulation
{
    private const int LevelsPerSide = 5;
    private const int MaxOpenPerPair = 30;
    private const decimal LevelSpacing = 0.0005m;
    private const decimal WalkStep = 0.0004m;

    private readonly ExchangeEngine _exchange;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly PairState[] _pairs;
    private readonly Account _maker;
    private readonly Account _taker;
    private ITimer? _timer;
    private int _running;

    private sealed class PairState(PairInfo pair, Random random, decimal lastPrice)
    {
        public PairInfo Pair { get; } = pair;
        public Random Random { get; } = random;
        /// <summary>Starts where the tape left off (a restarted sandbox), else at the pair's reference price.</summary>
        public decimal Mid { get; set; } = lastPrice > 0m ? lastPrice : pair.ReferencePrice;
        public List<Order> Quotes { get; } = [];
    }

    public SyntheticMarket(ExchangeEngine exchange, int seed, TimeProvider time, TimeSpan interval)
    {
        _exchange = exchange;
        _time = time;
        _interval = interval;
        _maker = exchange.Accounts.Create("synthetic-maker", null, null, ApiPermissions.None, AccountTier.Pro, synthetic: true);
        _taker = exchange.Accounts.Create("synthetic-taker", null, null, ApiPermissions.None, AccountTier.Pro, synthetic: true);
        foreach (var asset in exchange.Markets.Assets)
        {
            // Deep pockets, but exact to the asset's decimals like every other balance.
            var amount = asset.Decimals >= 8 ? 1_000_000_000m : 1_000_000_000_000m;
            exchange.Deposit(_maker, asset, amount);
            exchange.Deposit(_taker, asset, amount);
        }
        _pairs = new PairState[exchange.Markets.Pairs.Count];
        foreach (var pair in exchange.Markets.Pairs)
            _pairs[pair.Index] = new PairState(pair, new Random(PairSeed(seed, pair.Index)), exchange.Engine(pair).Read(e => e.Stats.LastPrice));
    }

    /// <summary>Seeds every book, then keeps trading on the clock.</summary>
    public void Start()
    {
        // A fresh sandbox's market has a past (a seeded day of trades), so its ticker and candles are never empty.
        foreach (var state in _pairs)
            _exchange.Engine(state.Pair).BackfillHistory(state.Random, state.Mid, _time.GetUtcNow());
        Step();
        _timer = _time.CreateTimer(static s => ((SyntheticMarket)s!).Step(), this, _interval, _interval);
    }

    /// <summary>One round of activity on every pair (public for tests that drive the market by hand).</summary>
    public void Step()
    {
        // Timer callbacks may overlap on a slow machine; skip a round rather than interleave.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            foreach (var state in _pairs) Step(state);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private void Step(PairState s)
    {
        var pair = s.Pair;
        var engine = _exchange.Engine(pair);
        var move = s.Random.Next(-1000, 1001) / 1000m * WalkStep;
        s.Mid = Math.Max(pair.TickSize * 100, s.Mid * (1m + move));
        s.Quotes.RemoveAll(o => !o.IsOpen);

        // Quote the ladder; the maker's own stale quotes that the new ones cross are cancelled (STP cancel-oldest).
        for (var level = 1; level <= LevelsPerSide; level++)
        {
            if (s.Random.Next(3) != 0 && s.Quotes.Count > LevelsPerSide * 2) continue;
            var offset = s.Mid * LevelSpacing * level;
            Quote(s, engine, Side.Buy, s.Mid - offset);
            Quote(s, engine, Side.Sell, s.Mid + offset);
        }

        while (s.Quotes.Count > MaxOpenPerPair)
        {
            var farthest = 0;
            for (var i = 1; i < s.Quotes.Count; i++)
                if (Distance(s.Quotes[i], s.Mid) > Distance(s.Quotes[farthest], s.Mid)) farthest = i;
            engine.Cancel(s.Quotes[farthest]);
            s.Quotes.RemoveAt(farthest);
        }

        if (s.Random.Next(4) == 0)
        {
            engine.Submit(new OrderRequest
            {
                Account = _taker,
                Side = s.Random.Next(2) == 0 ? Side.Buy : Side.Sell,
                Kind = OrderKind.Market,
                Volume = Size(s, 3),
            });
        }

        KeepBothSides(s, engine);
    }

    // The walk can leave the maker without a quote on one side (its new quotes cancelling its own crossed ones, the
    // farthest trimmed, levels skipped, the taker's print): it quotes the first level there, so the book stays two-sided.
    private void KeepBothSides(PairState s, PairEngine engine)
    {
        for (var pass = 0; pass < 2; pass++) // a new quote may cancel the maker's own crossed quotes on the other side
        {
            bool hasBid = false, hasAsk = false;
            foreach (var quote in s.Quotes)
            {
                if (!quote.IsOpen) continue;
                if (quote.Side == Side.Buy) hasBid = true;
                else hasAsk = true;
            }
            if (hasBid && hasAsk) return;
            var offset = s.Mid * LevelSpacing;
            if (!hasBid) Quote(s, engine, Side.Buy, s.Mid - offset);
            if (!hasAsk) Quote(s, engine, Side.Sell, s.Mid + offset);
        }
    }

    private void Quote(PairState s, PairEngine engine, Side side, decimal rawPrice)
    {
        var price = Money.Round(rawPrice / s.Pair.TickSize, 0) * s.Pair.TickSize;
        if (price <= 0m) return;
        var result = engine.Submit(new OrderRequest
        {
            Account = _maker,
            Side = side,
            Kind = OrderKind.Limit,
            Volume = Size(s, 20),
            LimitPrice = price,
            Stp = SelfTradePrevention.CancelOldest,
        });
        if (result.Order is { IsOpen: true } order) s.Quotes.Add(order);
    }

    private static decimal Size(PairState s, int maxMultiple)
    {
        var pair = s.Pair;
        var size = pair.OrderMin * s.Random.Next(1, maxMultiple + 1) * 10m;
        // Respect costmin at the current price too.
        var minForCost = pair.CostMin / s.Mid * 2m;
        return Money.Ceiling(Math.Max(size, minForCost), pair.LotDecimals);
    }

    // The same in every process for one seed (HashCode.Combine is randomised per process): a seed names one market.
    private static int PairSeed(int seed, int pairIndex) => unchecked((seed * 1_000_003) ^ (pairIndex * 7_919) ^ 0x4D4B);

    private static decimal Distance(Order order, decimal mid) => Math.Abs(order.LimitPrice - mid);

    public void Dispose() => _timer?.Dispose();
}
