using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Microsoft.Data.Sqlite;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage;

/// <summary>A temporary directory holding real journal files, deleted after the test.</summary>
internal sealed class TempJournalDirectory : IDisposable
{
    public TempJournalDirectory()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "krakenbot-journal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
    }

    public string DirectoryPath { get; }

    public string JournalPath => Path.Combine(DirectoryPath, "journal.db");

    public TradingJournalOptions Options(bool readOnly = false) => new() { Path = JournalPath, ReadOnly = readOnly };

    public Task<TradingJournal> OpenAsync(bool readOnly = false) => TradingJournal.OpenAsync(Options(readOnly));

    /// <summary>A plain SQLite connection to the file, outside the journal (pooling off, so nothing lingers).</summary>
    public SqliteConnection RawConnection(string? path = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path ?? JournalPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory must not fail the test
        }
    }
}

/// <summary>Orders, fills and an exact comparison of two <see cref="TrackedOrder"/>s.</summary>
internal static class JournalSamples
{
    public static readonly TradingPair BtcUsd = new("BTC", "USD");
    public static readonly TradingPair EthEur = new("ETH", "EUR");
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    public static readonly JournalAccount Paper = JournalAccount.Paper("default");

    public static TrackedOrder NewBuy(string clientId, decimal amount = 1m, decimal price = 100m, DateTimeOffset? at = null, TradingPair? pair = null) =>
        TrackedOrder.Create(clientId, OrderRequest.Limit(pair ?? BtcUsd, OrderSide.Buy, amount, price), at ?? T0);

    public static Fill FillOf(TrackedOrder order, string tradeId, decimal amount, decimal price, decimal fee = 0.1m,
        string feeAsset = "USD", DateTimeOffset? at = null) =>
        new(tradeId, order.ClientOrderId, order.ExchangeOrderId, order.Request.Pair, order.Request.Side, price, amount, fee,
            feeAsset, isMaker: true, at ?? order.UpdatedAt.AddSeconds(1));

    public static void AssertSameOrder(TrackedOrder expected, TrackedOrder? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ClientOrderId, actual.ClientOrderId);
        Assert.Equal(expected.ExchangeOrderId, actual.ExchangeOrderId);
        AssertSameRequest(expected.Request, actual.Request);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.FilledAmount.ToString(), actual.FilledAmount.ToString());
        Assert.Equal(expected.AveragePrice?.ToString(), actual.AveragePrice?.ToString());
        Assert.Equal(expected.Fees.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"), actual.Fees.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"));
        Assert.Equal(expected.Fills, actual.Fills);
        Assert.Equal(expected.Fills.Select(f => $"{f.Price}|{f.Amount}|{f.FeeAmount}"), actual.Fills.Select(f => $"{f.Price}|{f.Amount}|{f.FeeAmount}"));
        AssertSameInstantAndOffset(expected.CreatedAt, actual.CreatedAt);
        AssertSameInstantAndOffset(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.FailureReason, actual.FailureReason);
    }

    public static void AssertSameRequest(OrderRequest expected, OrderRequest actual)
    {
        Assert.Equal(expected.Pair, actual.Pair);
        Assert.Equal(expected.Side, actual.Side);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Amount.ToString(), actual.Amount.ToString()); // value and scale
        Assert.Equal(expected.Price?.ToString(), actual.Price?.ToString());
        Assert.Equal(expected.TimeInForce, actual.TimeInForce);
        Assert.Equal(expected.ExpireTime, actual.ExpireTime);
        Assert.Equal(expected.ExpireTime?.Offset, actual.ExpireTime?.Offset);
        Assert.Equal(expected.ClientTag, actual.ClientTag);
    }

    private static void AssertSameInstantAndOffset(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Offset, actual.Offset);
    }
}
