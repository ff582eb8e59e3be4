using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>One side of a fill, as the account that owns it sees it (TradesHistory row).</summary>
internal sealed class Trade
{
    public required string Txid { get; init; }
    /// <summary>Public trade number, shared by both sides of the fill (Trades <c>trade_id</c>).</summary>
    public required long TradeNumber { get; init; }
    public required Account Account { get; init; }
    public required PairInfo Pair { get; init; }
    public required string OrderTxid { get; init; }
    public required Side Side { get; init; }
    public required OrderKind OrderKind { get; init; }
    public required decimal Price { get; init; }
    public required decimal Volume { get; init; }
    public required decimal Cost { get; init; }
    /// <summary>Fee charged, in <see cref="FeeAsset"/>.</summary>
    public required decimal Fee { get; init; }
    public required AssetInfo FeeAsset { get; init; }
    public required bool Maker { get; init; }
    public required DateTimeOffset Time { get; init; }
}
