using KrakenBot.Connector.Kraken.Rest.Internal;

namespace KrakenBot.Connector.Kraken.Rest;

// Private account endpoints. Read-only: retried on transient failures, each charged 1 on the REST counter.
internal sealed partial class KrakenRestClient
{
    /// <summary>
    /// Net balances per asset key as sent (<c>Balance</c>). It shows no holds: use <see cref="GetBalanceExAsync"/> to know
    /// what is available for trading.
    /// </summary>
    public Task<IReadOnlyDictionary<string, decimal>> GetBalanceAsync(CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.Balance, KrakenForm.Empty, KrakenAccountParser.ParseBalance, cancellationToken);

    /// <summary>
    /// Balances with holds (<c>BalanceEx</c>): total, held by open orders and available per entry; earn and staking
    /// wallets (<c>.F</c>, <c>.S</c>, <c>.M</c>, <c>.B</c>, <c>.T</c>) as separate entries. An empty account is an empty result.
    /// </summary>
    public Task<KrakenBalances> GetBalanceExAsync(CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.BalanceEx, KrakenForm.Empty, KrakenAccountParser.ParseBalanceEx, cancellationToken);

    /// <summary>Margin summary (<c>TradeBalance</c>) expressed in <paramref name="asset"/> (Kraken's default <c>ZUSD</c>).</summary>
    public Task<KrakenTradeBalance> GetTradeBalanceAsync(string? asset = null, CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.TradeBalance, new KrakenForm().AddIfSet("asset", asset), KrakenAccountParser.ParseTradeBalance, cancellationToken);

    /// <summary>30-day volume and the fees for <paramref name="pairs"/> (<c>TradeVolume</c>).</summary>
    public Task<KrakenTradeVolume> GetTradeVolumeAsync(IReadOnlyCollection<string>? pairs = null, CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.TradeVolume, new KrakenForm().AddIfSet("pair", JoinOrNull(pairs)), KrakenAccountParser.ParseTradeVolume, cancellationToken);

    /// <summary>
    /// A token for the authenticated WebSocket (<c>GetWebSocketsToken</c>). It must be used within 15 minutes; get a
    /// fresh one for every connection.
    /// </summary>
    public Task<KrakenWebSocketToken> GetWebSocketsTokenAsync(CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.GetWebSocketsToken, KrakenForm.Empty, KrakenTradingParser.ParseWebSocketsToken, cancellationToken);
}
