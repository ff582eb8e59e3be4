using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Tests.Kit;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>
/// Random markets and configs: whatever happens, the bot never crosses its own orders, never asks for more than the
/// available balance (no order or amend refused for funds), and never takes the pair's trading counter over its maximum.
/// </summary>
public class PmmPropertyTests
{
    [Property(MaxTest = 30, QuietOnSuccess = true)]
    public bool The_bot_never_crosses_itself_overspends_or_overruns_the_trading_counter(int seed, byte levels, bool hanging, bool pingPong,
        bool skew, bool takeIfCrossed)
    {
        RunAsync(seed, 1 + levels % 3, hanging, pingPong, skew, takeIfCrossed).GetAwaiter().GetResult();
        return true;
    }

    private static async Task RunAsync(int seed, int levels, bool hanging, bool pingPong, bool skew, bool takeIfCrossed)
    {
        var random = new Random(seed);
        var log = new RecordingLogger();
        var strategy = new PureMarketMaking(Pmm.Config(c => c with
        {
            OrderLevels = levels,
            OrderAmount = 0.05m + random.Next(0, 20) / 100m,
            OrderLevelAmount = random.Next(-2, 3) / 100m,
            BidSpread = 0.001m * random.Next(1, 20),
            AskSpread = 0.001m * random.Next(1, 20),
            OrderLevelSpread = 0.001m * random.Next(1, 10),
            OrderRefreshTime = TimeSpan.FromSeconds(random.Next(1, 6)),
            FilledOrderDelay = TimeSpan.FromSeconds(random.Next(1, 4)),
            OrderRefreshTolerance = random.Next(-1, 3) / 1000m,
            HangingOrdersEnabled = hanging,
            PingPongEnabled = pingPong,
            InventorySkewEnabled = skew,
            TakeIfCrossed = takeIfCrossed,
            MinimumSpread = random.Next(0, 2) == 0 ? -1m : 0.0005m,
        }));
        var balances = new Dictionary<string, decimal> { ["USD"] = random.Next(20, 400), ["BTC"] = random.Next(1, 40) / 10m };
        await using var h = await StrategyHarness.StartAsync(strategy, balances: balances, logger: log);
        var counter = (ITradingRateCounter)h.Exchange;
        decimal mid = 100m;
        for (int step = 0; step < 80; step++)
        {
            mid = Math.Max(50m, mid + random.Next(-10, 11) / 10m);
            decimal spread = random.Next(1, 4) / 10m;
            switch (random.Next(4))
            {
                case 0:
                    await h.BookAsync([(mid - spread, random.Next(1, 50) / 10m), (mid - 1m, 5m)], [(mid + spread, random.Next(1, 50) / 10m), (mid + 1m, 5m)]);
                    break;
                case 1:
                    var taker = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
                    decimal through = taker == OrderSide.Buy ? mid + random.Next(0, 20) / 10m : mid - random.Next(0, 20) / 10m;
                    await h.PrintAsync(through, random.Next(1, 30) / 100m, taker);
                    break;
                default:
                    await h.TickAsync(random.Next(1, 3) / 2.0);
                    break;
            }

            var open = h.Exchange.OpenOrders.Where(o => o.Request.Pair == StrategyHarness.BtcUsd && o.Request.Price is not null).ToList();
            decimal? bestBuy = open.Where(o => o.Request.Side == OrderSide.Buy).Select(o => o.Request.Price).Max();
            decimal? bestSell = open.Where(o => o.Request.Side == OrderSide.Sell).Select(o => o.Request.Price).Min();
            if (bestBuy is { } b && bestSell is { } s && b >= s)
            {
                throw new InvalidOperationException($"step {step}: own buy {b} crosses own sell {s}");
            }

            var reading = counter.GetTradingCounter(StrategyHarness.BtcUsd);
            if (reading.Level > reading.Max)
            {
                throw new InvalidOperationException($"step {step}: trading counter {reading.Level} over {reading.Max}");
            }

            if (log.Lines.FirstOrDefault(l => l.Contains("Not enough", StringComparison.Ordinal) || l.Contains("Insufficient", StringComparison.Ordinal)) is { } refused)
            {
                throw new InvalidOperationException($"step {step}: asked for more than available: {refused}");
            }

            if (h.Driver.Status != Strategies.Hosting.StrategyStatus.Running)
            {
                throw new InvalidOperationException($"step {step}: strategy {h.Driver.Status}: {h.Driver.Reason}");
            }
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (Lines)
                {
                    Lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
