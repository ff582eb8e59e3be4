using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>The outcome of an amend: Kraken's amend id, or an error string.</summary>
internal readonly record struct AmendResult(string? AmendId, string? Error);

internal sealed partial class PairEngine
{
    /// <summary>What a dry walk of the opposite side finds: fillable quantity and the quote it would cost (with fees).</summary>
    private readonly record struct WalkResult(decimal Quantity, decimal Spend);

    /// <summary>
    /// Walks the opposite side without changing it, exactly as <see cref="Match"/> would fill
    /// (same per-fill rounding, same self-trade handling), to size holds and FOK decisions.
    /// </summary>
    private WalkResult Walk(Side takerSide, Account account, SelfTradePrevention stp, decimal limit,
        decimal maxQuantity, decimal maxQuote, decimal feeRate, bool feeInBase)
    {
        var opposite = takerSide == Side.Buy ? _asks : _bids;
        decimal quantity = 0m, spend = 0m, costSum = 0m;
        for (var i = 0; i < opposite.LevelCount; i++)
        {
            var level = opposite.LevelFromBest(i);
            if (!Acceptable(takerSide, level.Price, limit)) break;
            for (var maker = level.Head; maker is not null; maker = maker.Next)
            {
                if (ReferenceEquals(maker.Account, account))
                {
                    if (stp == SelfTradePrevention.CancelOldest) continue;
                    return new WalkResult(quantity, spend);
                }
                var q = Math.Min(maker.Remaining, maxQuantity - quantity);
                if (maxQuote != decimal.MaxValue)
                    q = Math.Min(q, Money.Floor((maxQuote - costSum) / level.Price, Pair.LotDecimals));
                if (q <= 0m) return new WalkResult(quantity, spend);
                var cost = Money.Round(q * level.Price, Pair.QuoteAmountDecimals);
                costSum += cost;
                spend += feeInBase ? cost : cost + Money.Ceiling(cost * feeRate, Pair.QuoteAmountDecimals);
                quantity += q;
                if (quantity >= maxQuantity) return new WalkResult(quantity, spend);
            }
        }
        return new WalkResult(quantity, spend);
    }

    private decimal FillableQuantity(Order order, decimal limit) =>
        Walk(order.Side, order.Account, order.Stp, limit, order.Volume, decimal.MaxValue, 0m, true).Quantity;

    /// <summary>
    /// Amends an open limit order in place: the id stays, queue priority is kept when only the
    /// quantity goes down, a price change (or a larger quantity) sends it to the back of the queue.
    /// </summary>
    public AmendResult Amend(Order order, decimal? newVolume, decimal? newPrice, bool postOnly)
    {
        EnsureMine(order);
        lock (_gate)
        {
            var now = _exchange.Time.GetUtcNow();
            var status = EffectiveStatus();
            if (status is TradingStatus.Maintenance) return new(null, KrakenErrors.ServiceUnavailable);
            if (status is TradingStatus.CancelOnly) return new(null, KrakenErrors.CancelOnly);
            if (!order.IsOpen || order.Level is null) return new(null, KrakenErrors.UnknownOrder);

            var price = newPrice ?? order.LimitPrice;
            var volume = newVolume ?? order.Volume;
            if (price <= 0m) return new(null, KrakenErrors.InvalidPrice);
            if (!Pair.IsOnTick(price)) return new(null, KrakenErrors.TickSize);
            if (volume <= 0m || !Money.FitsDecimals(volume, Pair.LotDecimals)) return new(null, KrakenErrors.InvalidArgument("order_qty"));

            var amendId = _ids.Next('T');
            if (volume <= order.Filled)
            {
                // Kraken: a quantity at or below what is filled cancels the remainder.
                CancelResting(order, OrderStatus.Canceled, ExecType.Canceled, "Order quantity amended below filled quantity", now);
                return new(amendId, null);
            }

            var priceChanged = price != order.LimitPrice;
            if (priceChanged && (postOnly || order.PostOnly) && WouldTake(order.Side, price))
                return new(null, KrakenErrors.PostOnly);

            var newRemaining = volume - order.Filled;
            var rate = TakerRate(order.Account);
            var required = order.Side == Side.Buy
                ? BuyHold(newRemaining, price, order.FeeInBase, rate)
                : SellHold(newRemaining, order.FeeInBase, rate);
            var account = order.Account;
            lock (account.Gate)
            {
                var delta = required - order.Hold;
                if (delta > 0m && !account.TryHold(order.HoldAsset, delta)) return new(null, KrakenErrors.InsufficientFunds);
                if (delta < 0m) account.Release(order.HoldAsset, -delta);
                order.Hold = required;
            }

            var level = order.Level;
            var side = order.Side == Side.Buy ? _bids : _asks;
            if (!priceChanged && newRemaining <= order.Remaining)
            {
                level.Quantity += newRemaining - order.Remaining;
                level.UpdatedAt = now.ToUnixTimeSeconds();
                order.Volume = volume;
                EmitLevel(order.Side, level, now);
            }
            else
            {
                level.Quantity -= order.Remaining;
                level.Unlink(order);
                level.UpdatedAt = now.ToUnixTimeSeconds();
                if (level.Count == 0) side.Remove(level);
                EmitLevel(order.Side, level, now);
                order.LimitPrice = price;
                order.Volume = volume;
                order.Sequence = ++_sequence;
                var stopReason = Match(order, price, now);
                if (order.IsOpen)
                {
                    if (stopReason is not null) Close(order, OrderStatus.Canceled, ExecType.Canceled, stopReason, now);
                    else Rest(order, now);
                }
            }

            order.Amended = true;
            order.PriorityTime = now;
            if (postOnly) order.PostOnly = true;
            if (order.IsOpen) Emit(ExecType.Amended, order, null, null, now);
            RecordSpread(now);
            Journal(order);
            return new(amendId, null);
        }
    }

    /// <summary>
    /// Kraken's legacy EditOrder: cancel-replace. The new order gets a new id and loses queue
    /// priority; fills stay with the original; the new volume must exceed what is already filled.
    /// </summary>
    public OrderResult Edit(Order order, decimal? newVolume, decimal? newPrice, bool? postOnly, int? newUserRef, bool validateOnly)
    {
        EnsureMine(order);
        lock (_gate)
        {
            var status = EffectiveStatus();
            if (status is TradingStatus.Maintenance) return OrderResult.Fail(KrakenErrors.ServiceUnavailable);
            if (status is TradingStatus.CancelOnly) return OrderResult.Fail(KrakenErrors.CancelOnly);
            if (!order.IsOpen || order.Level is null) return OrderResult.Fail(KrakenErrors.UnknownOrder);
            var volume = newVolume ?? order.Volume;
            if (volume <= order.Filled) return OrderResult.Fail(KrakenErrors.InvalidArgument("volume"));

            var request = new OrderRequest
            {
                Account = order.Account,
                Side = order.Side,
                Kind = OrderKind.Limit,
                Volume = volume - order.Filled,
                LimitPrice = newPrice ?? order.LimitPrice,
                TimeInForce = order.TimeInForce,
                PostOnly = postOnly ?? order.PostOnly,
                FeeInBase = order.FeeInBase,
                Stp = order.Stp,
                UserRef = newUserRef,
                ExpireTime = order.ExpireTime,
                ValidateOnly = true,
            };
            // Validate the replacement as if the original's hold were already free.
            var account = order.Account;
            OrderResult check;
            lock (account.Gate)
            {
                account.Release(order.HoldAsset, order.Hold);
                check = SubmitLocked(request);
                account.TryHold(order.HoldAsset, order.Hold);
            }
            if (!check.Ok || validateOnly) return check;

            var now = _exchange.Time.GetUtcNow();
            CancelResting(order, OrderStatus.Canceled, ExecType.Canceled, "Order replaced", now);
            return SubmitLocked(request with { ValidateOnly = false });
        }
    }
}
