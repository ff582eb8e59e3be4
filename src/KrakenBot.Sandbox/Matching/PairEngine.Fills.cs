using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>Fills: settling both sides, fees, trades and the settlement events.</summary>
internal sealed partial class PairEngine
{
    private void Fill(Order taker, Order maker, decimal quantity, decimal price, DateTimeOffset now)
    {
        var cost = Money.Round(quantity * price, Pair.QuoteAmountDecimals);
        var number = ++_tradeNumber;
        var takerTrade = Settle(taker, quantity, price, cost, maker: false, number, now);
        var makerTrade = Settle(maker, quantity, price, cost, maker: true, number, now);
        var trade = new PublicTrade(number, price, quantity, now, taker.Side, taker.Kind);
        Stats.RecordTrade(trade);
        _exchange.Journal?.PublicTradeRecorded(Pair, trade);
        if (_exchange.Events.HasSubscribers)
        {
            _exchange.Events.Publish(new PublicTradeEvent(Pair, number, taker.Side, taker.Kind, price, quantity, now));
            Emit(ExecType.Trade, taker, takerTrade, null, now);
            Emit(ExecType.Trade, maker, makerTrade, null, now);
        }
        if (taker.Remaining == 0m) Close(taker, OrderStatus.Closed, ExecType.Filled, null, now);
    }

    /// <summary>
    /// Moves the money of one side of a fill, charges its fee and records its trade. The trade
    /// object is only built when someone will read it (history, journal or event subscribers).
    /// </summary>
    private Trade? Settle(Order order, decimal quantity, decimal price, decimal cost, bool maker, long number, DateTimeOffset now)
    {
        var account = order.Account;
        var feeAsset = order.FeeInBase ? Pair.Base : Pair.Quote;
        var publish = _exchange.Events.HasSubscribers;
        var buildTrade = account.KeepsHistory || publish || _exchange.Journal is not null;
        Trade? trade = null;
        lock (account.Gate)
        {
            var rate = maker ? Pair.MakerFees.RateFor(account.TradedVolume) : Pair.TakerFees.RateFor(account.TradedVolume);
            var fee = order.FeeInBase
                ? Money.Ceiling(quantity * rate, Pair.BaseAmountDecimals)
                : Money.Ceiling(cost * rate, Pair.QuoteAmountDecimals);
            if (buildTrade)
            {
                trade = new Trade
                {
                    Txid = _ids.Next('T'),
                    TradeNumber = number,
                    Account = account,
                    Pair = Pair,
                    OrderTxid = order.Txid,
                    Side = order.Side,
                    OrderKind = order.Kind,
                    Price = price,
                    Volume = quantity,
                    Cost = cost,
                    Fee = fee,
                    FeeAsset = feeAsset,
                    Maker = maker,
                    Time = now,
                };
            }
            decimal spentFromHold;
            if (order.Side == Side.Buy)
            {
                account.Credit(Pair.Base, quantity);
                account.Debit(Pair.Quote, cost);
                account.Debit(feeAsset, fee);
                spentFromHold = order.FeeInBase ? cost : cost + fee;
            }
            else
            {
                account.Debit(Pair.Base, quantity);
                account.Credit(Pair.Quote, cost);
                account.Debit(feeAsset, fee);
                spentFromHold = order.FeeInBase ? quantity + fee : quantity;
            }
            var release = Math.Min(spentFromHold, order.Hold);
            order.Hold -= release;
            account.Release(order.HoldAsset, release);
            order.Filled += quantity;
            order.Cost += cost;
            order.Fee += fee;
            if (Pair.QuoteCountsAsFeeVolume) account.TradedVolume += cost;
            if (trade is not null && account.KeepsHistory)
            {
                (order.TradeIds ??= []).Add(trade.Txid);
                account.Trades.Add(trade);
            }
            if (publish) EmitSettlement(account, trade!, now);
        }
        if (trade is not null) _exchange.Journal?.TradeAdded(trade);
        _exchange.Journal?.AccountChanged(account);
        return trade;
    }

    private void EmitSettlement(Account account, Trade trade, DateTimeOffset now)
    {
        var quoteFee = ReferenceEquals(trade.FeeAsset, Pair.Quote) ? trade.Fee : 0m;
        var baseFee = ReferenceEquals(trade.FeeAsset, Pair.Base) ? trade.Fee : 0m;
        var baseAmount = (trade.Side == Side.Buy ? trade.Volume : -trade.Volume) - baseFee;
        var quoteAmount = (trade.Side == Side.Buy ? -trade.Cost : trade.Cost) - quoteFee;
        _exchange.Events.Publish(new BalanceEvent(account, Pair.Base, BalanceChangeKind.Trade, baseAmount, baseFee,
            account.Total(Pair.Base), account.Held(Pair.Base), trade.Txid, now));
        _exchange.Events.Publish(new BalanceEvent(account, Pair.Quote, BalanceChangeKind.Trade, quoteAmount, quoteFee,
            account.Total(Pair.Quote), account.Held(Pair.Quote), trade.Txid, now));
    }
}
