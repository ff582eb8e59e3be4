using System.Text;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// A scripted recording and a trivial strategy, checked against figures computed by hand: one resting bid behind a
/// known queue, prints that eat the queue, then trade at and through its price.
/// </summary>
public sealed class QueueHandCheckTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "krakenbot-queue-hand-check", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_bid_behind_two_btc_fills_only_from_what_passes_the_queue_with_the_fees_and_pnl_computed_by_hand()
    {
        // Book: bids 99.9 × 2 (the queue ahead of our bid), 99.5 × 5; asks 100.1 × 5, 100.5 × 5; mid 100.0.
        // Kraken's checksum of it: CRC32("1001500000000" + "1005500000000" + "999200000000" + "995500000000") = 1206392030.
        Write(
            (0, RecordKind.Book, """{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":99.9,"qty":2.00000000},{"price":99.5,"qty":5.00000000}],"asks":[{"price":100.1,"qty":5.00000000},{"price":100.5,"qty":5.00000000}],"checksum":1206392030}]}"""),
            (1000, RecordKind.Trade, Print(1, "sell", "99.9", "1.5", 1)),  // eats 1.5 of the 2 ahead: nothing passes
            (2000, RecordKind.Trade, Print(2, "sell", "99.9", "0.8", 2)),  // 0.5 left ahead, 0.3 passes: fills 0.3
            (3000, RecordKind.Trade, Print(3, "sell", "99.8", "1.0", 3))); // through our price: fills the last 0.2

        var strategy = new OneBid(OrderRequest.Limit(TradingPair.Parse("BTC-USD"), OrderSide.Buy, 0.5m, 99.9m));
        var result = await new BacktestEngine(new BacktestOptions
        {
            DataDirectory = _directory,
            StartingBalances = new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 0.2m },
            MakerFeePercent = 0.25m,
            TakerFeePercent = 0.40m,
        }).RunAsync(strategy, new StrategyHostOptions { StrategyId = "hand-check" });

        Assert.Equal("ran to the end of the recording", result.Outcome);
        Assert.Equal(0, result.Gaps);
        Assert.Equal(3, result.TradeMessages);
        Assert.Collection(result.Fills,
            f => { Assert.Equal(99.9m, f.Price); Assert.Equal(0.3m, f.Amount); Assert.Equal(0.074925m, f.FeeAmount); Assert.Equal("USD", f.FeeAsset); },
            f => { Assert.Equal(99.9m, f.Price); Assert.Equal(0.2m, f.Amount); Assert.Equal(0.04995m, f.FeeAmount); Assert.Equal("USD", f.FeeAsset); });
        Assert.All(result.Fills, f => Assert.True(f.IsMaker));

        // Bought 0.5 for 49.95 USD plus 0.124875 USD of fees; the book's mid stays 100.0.
        var pnl = result.Pnl;
        Assert.Equal(2, pnl.State.Trades);
        Assert.Equal(0.5m, pnl.State.BaseVolume);
        Assert.Equal(0.124875m, pnl.FeesInQuote);
        Assert.Equal(0.7m, pnl.State.Base);
        Assert.Equal(10_000m - 49.95m - 0.124875m, pnl.State.Quote);
        // Equity 9,949.925125 + 0.7 × 100 against 10,000 + 0.2 × 100 at the start.
        Assert.Equal(-0.074875m, pnl.Total);
    }

    private static string Print(int id, string side, string price, string qty, int second) =>
        $$"""{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"{{side}}","price":{{price}},"qty":{{qty}},"ord_type":"market","trade_id":{{id}},"timestamp":"2026-01-01T00:00:0{{second}}.000000Z"}]}""";

    private void Write(params (int Millisecond, RecordKind Kind, string Json)[] records)
    {
        Directory.CreateDirectory(_directory);
        var clock = new FakeTimeProvider(Start);
        var header = new RecordingHeader
        {
            Pairs = [new RecordedPair("BTC/USD", 1, 8) { Rule = new RecordedRule("BTC-USD", 0.1m, 1, 8, 5, 0.0001m, 0.5m) }],
            Depth = 10,
            Source = "scripted",
            Started = Start,
        };
        using var writer = new RecordingWriter(_directory, header, clock);
        foreach (var (millisecond, kind, json) in records)
        {
            clock.SetUtcNow(Start.AddMilliseconds(millisecond));
            writer.Append(kind, 0, Encoding.UTF8.GetBytes(json));
        }
    }

    /// <summary>Places one order when started, then only watches.</summary>
    private sealed class OneBid(OrderRequest request) : Strategy
    {
        public override string Kind => "one_bid";

        public override TradingPair Pair => request.Pair;

        public override async ValueTask OnStartAsync(CancellationToken cancellationToken) =>
            await Context.Orders.PlaceAsync(request, "bid", cancellationToken);
    }
}
