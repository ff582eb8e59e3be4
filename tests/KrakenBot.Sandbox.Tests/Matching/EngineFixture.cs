using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Matching;

/// <summary>An exchange on a fake clock with helpers to fund accounts and place orders.</summary>
internal sealed class EngineFixture : IDisposable
{
    public EngineFixture(int seed = 1)
    {
        Exchange = new ExchangeEngine(MarketCatalog.CreateDefault(), Clock, seed);
        Markets.TryGetPair("XBTUSD", out var btc);
        Btc = btc!;
        Usd = btc!.Quote;
        Xbt = btc.Base;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    public ExchangeEngine Exchange { get; }
    public MarketCatalog Markets => Exchange.Markets;
    public PairInfo Btc { get; }
    public AssetInfo Usd { get; }
    public AssetInfo Xbt { get; }
    public PairEngine BtcEngine => Exchange.Engine(Btc);

    public Account Account(string name, decimal usd = 1_000_000m, decimal btc = 100m)
    {
        var account = Exchange.Accounts.Create(name, null, null, ApiPermissions.All, AccountTier.Pro);
        if (usd > 0) Exchange.Deposit(account, Usd, usd);
        if (btc > 0) Exchange.Deposit(account, Xbt, btc);
        return account;
    }

    public OrderResult Limit(Account account, Side side, decimal volume, decimal price,
        TimeInForce tif = TimeInForce.Gtc, bool postOnly = false, SelfTradePrevention stp = SelfTradePrevention.CancelNewest,
        bool? feeInBase = null, DateTimeOffset? expire = null) =>
        BtcEngine.Submit(new OrderRequest
        {
            Account = account, Side = side, Kind = OrderKind.Limit, Volume = volume, LimitPrice = price,
            TimeInForce = tif, PostOnly = postOnly, Stp = stp, FeeInBase = feeInBase, ExpireTime = expire,
        });

    public OrderResult Market(Account account, Side side, decimal volume, bool viqc = false, bool nompp = false) =>
        BtcEngine.Submit(new OrderRequest
        {
            Account = account, Side = side, Kind = OrderKind.Market, Volume = volume, VolumeInQuote = viqc, NoMarketPriceProtection = nompp,
        });

    public Order Placed(OrderResult result)
    {
        Assert.Null(result.Error);
        return result.Order!;
    }

    public (decimal Total, decimal Held) Balance(Account account, AssetInfo asset)
    {
        lock (account.Gate) return (account.Total(asset), account.Held(asset));
    }

    public void Dispose() => Exchange.Dispose();
}
