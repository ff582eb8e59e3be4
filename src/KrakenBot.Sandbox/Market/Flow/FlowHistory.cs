using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// Writes the model's past into the tape: the same fair-price walk, regimes, takers and sweeps in one-second steps.
/// The last <see cref="DetailedLength"/> is printed trade by trade at the prices the ladder would have shown; before
/// that each minute is printed as four trades (its open, high, low and close, in the order they happened) carrying
/// the minute's whole volume, so candles and 24 h figures are right while the tape stays small. Only the tape changes
/// (ticker, candles, recent trades): no book, order or account is touched. Each pair starts after the tape's newest
/// trade (a restarted sandbox fills the gap it was down for) and never before <c>earliest</c>.
/// </summary>
internal static class FlowHistory
{
    /// <summary>How much of the most recent history is printed trade by trade.</summary>
    public static readonly TimeSpan DetailedLength = TimeSpan.FromHours(1);

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public static void Write(IReadOnlyList<FlowPair> pairs, RegimeProcess regime, DateTimeOffset earliest, DateTimeOffset now, Action<FlowAction>? observer)
    {
        var from = new DateTimeOffset[pairs.Count];
        var minutes = new MinuteBucket[pairs.Count];
        var start = now;
        for (var i = 0; i < pairs.Count; i++)
        {
            var last = pairs[i].Engine.Read(e => e.Stats.Trades.Count > 0 ? e.Stats.Trades.Last.Time : DateTimeOffset.MinValue);
            from[i] = last >= earliest ? last.AddTicks(1) : earliest;
            if (from[i] < start) start = from[i];
            minutes[i] = new MinuteBucket();
        }
        var detailedFrom = now - DetailedLength;
        var offsets = new List<double>();
        for (var t = start; t + Second <= now; t += Second)
        {
            regime.Step(Second.TotalSeconds);
            var current = regime.Current;
            foreach (var flow in pairs) flow.MoveFair(Second.TotalSeconds, current);
            for (var i = 0; i < pairs.Count; i++)
            {
                if (t < from[i]) continue;
                var flow = pairs[i];
                var bucket = minutes[i];
                if (bucket.Count > 0 && (t.ToUnixTimeSeconds() / 60 != bucket.Minute || t >= detailedFrom)) bucket.Flush(flow, observer);
                if (t >= detailedFrom) Detailed(flow, current, t, offsets, observer);
                else Aggregated(flow, current, t, bucket);
            }
        }
        for (var i = 0; i < pairs.Count; i++) if (minutes[i].Count > 0) minutes[i].Flush(pairs[i], observer);
    }

    /// <summary>One second of one pair, trade by trade: its takers' prints in time order, and maybe a sweep's.</summary>
    private static void Detailed(FlowPair flow, VolatilityRegime regime, DateTimeOffset t, List<double> offsets, Action<FlowAction>? observer)
    {
        var preset = flow.Preset;
        var random = flow.Random;
        var count = random.Poisson(preset.TakersPerSecond * flow.Profile.Activity * regime.Activity);
        var sweep = SweepNow(flow, regime);
        if (count == 0 && !sweep) return;
        offsets.Clear();
        for (var i = 0; i < count; i++) offsets.Add(random.NextDouble());
        offsets.Sort();
        var fair = Math.Exp(flow.LogFair);
        var spreadScale = flow.Profile.Spread * regime.Spread;
        foreach (var offset in offsets)
        {
            var side = flow.TakerSide();
            var quantity = flow.Quantity(flow.TakerUsd(), (decimal)fair);
            // Walk the ladder as far as the order's size would have reached.
            var innerLevel = preset.LevelUsd * flow.Profile.Depth * regime.Depth / flow.Profile.BaseUsd;
            var levels = Math.Min(preset.Levels - 1, (int)((double)quantity / innerLevel));
            var distance = (preset.HalfSpreadBps + levels * preset.LevelGapBps) * spreadScale;
            Print(flow, side, Price(flow, side, fair, distance), quantity, t.AddTicks((long)(offset * TimeSpan.TicksPerSecond)), observer);
        }
        if (!sweep) return;
        var (sweepSide, reach, sweepLevels) = Sweep(flow, regime);
        var at = t.AddTicks(TimeSpan.TicksPerSecond - 1);
        foreach (var (distance, quantity) in sweepLevels) Print(flow, sweepSide, Price(flow, sweepSide, fair, distance), quantity, at, observer);
        flow.Jump(sweepSide == Side.Buy ? preset.SweepImpact * reach : -preset.SweepImpact * reach);
    }

    /// <summary>One second of one pair folded into its minute: the fair path and the volume the takers and sweeps traded.</summary>
    private static void Aggregated(FlowPair flow, VolatilityRegime regime, DateTimeOffset t, MinuteBucket bucket)
    {
        var preset = flow.Preset;
        var fair = (decimal)Math.Exp(flow.LogFair);
        var volume = 0m;
        var count = flow.Random.Poisson(preset.TakersPerSecond * flow.Profile.Activity * regime.Activity);
        for (var i = 0; i < count; i++)
        {
            flow.TakerSide();
            volume += flow.Quantity(flow.TakerUsd(), fair);
        }
        if (SweepNow(flow, regime))
        {
            var (side, reach, levels) = Sweep(flow, regime);
            foreach (var (_, quantity) in levels) volume += quantity;
            flow.Jump(side == Side.Buy ? preset.SweepImpact * reach : -preset.SweepImpact * reach);
        }
        bucket.Add(t, Money.Round(fair / flow.Pair.TickSize, 0) * flow.Pair.TickSize, volume);
    }

    private static bool SweepNow(FlowPair flow, VolatilityRegime regime)
    {
        var rate = flow.Preset.SweepsPerHour * flow.Profile.Activity * regime.Activity / 3600;
        return flow.Random.Chance(1 - Math.Exp(-rate));
    }

    /// <summary>A sweep of the ladder the pair would have shown: its side, reach (bps) and five prints (distance bps, size).</summary>
    private static (Side Side, double Reach, (double Distance, decimal Quantity)[] Levels) Sweep(FlowPair flow, VolatilityRegime regime)
    {
        var preset = flow.Preset;
        var side = flow.TakerSide();
        var reach = Math.Min(flow.Random.Uniform(preset.SweepMinBps, preset.SweepMaxBps) * flow.Profile.Volatility, flow.SweepReachBps(regime));
        var fair = (decimal)Math.Exp(flow.LogFair);
        var levels = new (double, decimal)[5];
        for (var i = 0; i < levels.Length; i++)
        {
            var usd = preset.LevelUsd * flow.Profile.Depth * regime.Depth * (1 + preset.LevelGrowth * i) * reach / preset.LevelGapBps / levels.Length;
            levels[i] = (preset.HalfSpreadBps * flow.Profile.Spread * regime.Spread + reach * (i + 1) / levels.Length, flow.Quantity(usd, fair));
        }
        return (side, reach, levels);
    }

    /// <summary>The price <paramref name="distanceBps"/> from the fair price on the taker's side, on the tick.</summary>
    private static decimal Price(FlowPair flow, Side side, double fair, double distanceBps)
    {
        var tick = flow.Pair.TickSize;
        var raw = (decimal)fair * (1 + (side == Side.Buy ? 1 : -1) * (decimal)(distanceBps / 10_000));
        return side == Side.Buy ? Math.Ceiling(raw / tick) * tick : Math.Floor(raw / tick) * tick;
    }

    private static void Print(FlowPair flow, Side side, decimal price, decimal quantity, DateTimeOffset time, Action<FlowAction>? observer)
    {
        if (price <= 0m || quantity <= 0m) return;
        flow.Engine.AppendHistory(price, quantity, time, side, OrderKind.Market);
        observer?.Invoke(new FlowAction(time, flow.Pair.Index, FlowActionKind.History, side, price, quantity));
    }

    /// <summary>One minute of one pair's history: its open, high, low and close (with when they happened) and volume.</summary>
    private sealed class MinuteBucket
    {
        private (DateTimeOffset Time, decimal Price) _open, _high, _low, _close;
        private decimal _volume;

        public long Minute { get; private set; }
        public int Count { get; private set; }

        public void Add(DateTimeOffset t, decimal price, decimal volume)
        {
            if (Count == 0)
            {
                Minute = t.ToUnixTimeSeconds() / 60;
                _open = _high = _low = (t, price);
                _volume = 0m;
            }
            if (price > _high.Price) _high = (t, price);
            if (price < _low.Price) _low = (t, price);
            _close = (t, price);
            _volume += volume;
            Count++;
        }

        /// <summary>Prints the minute as up to four trades sharing its volume, each at its own moment; nothing when nothing traded.</summary>
        public void Flush(FlowPair flow, Action<FlowAction>? observer)
        {
            var points = new List<(DateTimeOffset Time, decimal Price)> { _open };
            foreach (var p in _high.Time <= _low.Time ? [_high, _low] : new[] { _low, _high })
                if (p.Time > points[^1].Time) points.Add(p);
            if (_close.Time > points[^1].Time) points.Add(_close);
            Count = 0;
            if (_volume <= 0m) return;
            var lot = flow.Pair.LotDecimals;
            var share = Money.Floor(_volume / points.Count, lot);
            var left = _volume;
            for (var i = 0; i < points.Count; i++)
            {
                var quantity = i == points.Count - 1 ? left : share;
                left -= quantity;
                var side = i > 0 && points[i].Price < points[i - 1].Price ? Side.Sell : Side.Buy;
                Print(flow, side, points[i].Price, quantity, points[i].Time, observer);
            }
        }
    }
}
