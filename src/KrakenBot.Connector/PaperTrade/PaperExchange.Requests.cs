using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.PaperTrade;

// What a caller asks for: checked and stored at once (holds included), acted on after the latency.
public sealed partial class PaperExchange
{
    /// <inheritdoc />
    /// <exception cref="ExchangeException"><c>ServiceUnavailable</c>: The exchange is not started, or a market order finds no book to price it.</exception>
    public async Task<string> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureStarted();
        var rule = GetTradingRule(request.Pair);
        var book = await EnsureWatchingAsync(request.Pair, cancellationToken).ConfigureAwait(false);
        decimal? marketBuyCost = null;
        decimal? referencePrice = null;
        if (request.Type == OrderType.Market)
        {
            var opposite = OppositeLevels(book, request.Side);
            if (opposite.Count == 0)
            {
                throw new ServiceUnavailableException(
                    $"The paper book for {request.Pair} has no {(request.Side == OrderSide.Buy ? "asks" : "bids")} to price a market " +
                    "order yet: wait until Readiness shows the book ready, or place a limit order.");
            }

            referencePrice = opposite[0].Price;
            if (request.Side == OrderSide.Buy)
            {
                marketBuyCost = PaperPricing.EstimateTakeCost(opposite, request.Amount);
            }
        }

        rule.Validate(request, referencePrice);
        string clientOrderId = _newId();
        await ChangeAsync(change =>
        {
            if (change.Next.Orders.ContainsKey(clientOrderId))
            {
                throw new InvalidOperationException($"The id source returned {clientOrderId} twice: ids must be unique.");
            }

            var order = TrackedOrder.Create(clientOrderId, request, change.At);
            var hold = PaperPricing.HoldFor(order, rule, _options.ThirtyDayVolume, marketBuyCost);
            CheckFunds(change.Next.Ledger, hold, 0m, request.ToString());
            change.Record(PaperOrderStepKind.Created, order);
            change.SetHold(clientOrderId, hold);
        }, cancellationToken).ConfigureAwait(false);

        _counter.Charge(request.Pair, TradingCost.AddOrder);
        _latency.Schedule(PaperWork.Activate(clientOrderId));
        return clientOrderId;
    }

    /// <inheritdoc />
    /// <exception cref="ExchangeException"><c>UnknownOrder</c>: No such order, or it is already filled, cancelled, expired or failed.</exception>
    public async Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        EnsureStarted();
        bool schedule = false;
        await ChangeAsync(change =>
        {
            var order = KnownOpenOrder(change.Next, clientOrderId, "cancel");
            schedule = RequestCancel(change, order);
            if (schedule)
            {
                ChargeCancel(order);
            }
        }, cancellationToken).ConfigureAwait(false);

        if (schedule)
        {
            _latency.Schedule(PaperWork.CompleteCancel(clientOrderId));
        }
    }

    /// <inheritdoc />
    /// <remarks>Returns how many cancels were accepted; each is confirmed by its <see cref="OrderCancelled"/> after the latency.</remarks>
    public async Task<int> CancelAllAsync(TradingPair? pair = null, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        var cancelling = new List<string>();
        var charged = new HashSet<TradingPair>();
        await ChangeAsync(change =>
        {
            foreach (var order in change.Next.Orders.Values.ToList())
            {
                if (!order.IsTerminal && (pair is null || order.Request.Pair == pair) && RequestCancel(change, order))
                {
                    cancelling.Add(order.ClientOrderId);
                    if (pair is not null)
                    {
                        ChargeCancel(order);
                    }
                    else if (charged.Add(order.Request.Pair))
                    {
                        _counter.Charge(order.Request.Pair, TradingCost.CancelAllPerPair);
                    }
                }
            }
        }, cancellationToken).ConfigureAwait(false);

        foreach (string id in cancelling)
        {
            _latency.Schedule(PaperWork.CompleteCancel(id));
        }

        return cancelling.Count;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A smaller amount keeps the order's place in the queue; a new price or a larger amount puts it at the back. A
    /// post-only order that would cross at its new price is refused; a limit order whose new price crosses takes from
    /// the book like a new order.
    /// </remarks>
    /// <exception cref="ExchangeException"><c>Validation</c>: Nothing to change, a market order, or the new values break a trading rule.</exception>
    /// <exception cref="ExchangeException"><c>InsufficientFunds</c>: The new values need more than is available.</exception>
    /// <exception cref="OrderRejectedException">A post-only order would cross at its new price.</exception>
    /// <exception cref="ExchangeException"><c>UnknownOrder</c>: No such open order.</exception>
    public async Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        EnsureStarted();
        if (newPrice is null && newAmount is null)
        {
            throw new ExchangeValidationException($"Amending order {clientOrderId} needs a new price, a new amount, or both.");
        }

        if (!_store.CanRecordAmendments)
        {
            throw new ExchangeValidationException(
                $"This paper account's store cannot record amends, so order {clientOrderId} was not changed: cancel it and place a new order.");
        }

        // Only checked now (the order changes after the latency): read under the gate, nothing copied or stored.
        await CheckAsync((this, clientOrderId, newPrice, newAmount),
            static (state, amend) => amend.Item1.CheckAmend(state, amend.clientOrderId, amend.newPrice, amend.newAmount),
            cancellationToken).ConfigureAwait(false);

        _latency.Schedule(PaperWork.Amend(clientOrderId, newPrice, newAmount));
    }

    // An amend request as it stands now: a known open limit order, new values that keep the rules and the funds.
    private void CheckAmend(PaperState state, string clientOrderId, decimal? newPrice, decimal? newAmount)
    {
        var order = KnownOpenOrder(state, clientOrderId, "amend");
        var amended = Amended(order, newPrice, newAmount, _time.GetUtcNow());
        var rule = GetTradingRule(order.Request.Pair);
        rule.Validate(amended.Request);
        if (amended.Request.Type == OrderType.LimitMaker && _matcher.WouldCross(amended.Request))
        {
            throw new OrderRejectedException(
                $"Amending {clientOrderId} to {F(amended.Request.Price!.Value)} would take liquidity, and it is post-only: " +
                "choose a price that does not cross the book.", "EOrder:Post only order");
        }

        var hold = PaperPricing.HoldFor(amended, rule, _options.ThirtyDayVolume);
        decimal current = state.Ledger.HoldOf(clientOrderId)?.Amount ?? 0m;
        CheckFunds(state.Ledger, hold, current, $"amend of {clientOrderId}");
        ChargeAmend(order);
    }

    /// <summary>
    /// Starts the paper account again from <see cref="PaperExchangeOptions.StartingBalances"/>: every open order is
    /// cancelled at once (reason <c>paper account reset</c>) and every balance replaced. Order and trade history is kept.
    /// </summary>
    public async Task ResetAccountAsync(CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Build(0, static (cancels, _) =>
            {
                foreach (var order in cancels.Next.Orders.Values.ToList())
                {
                    PaperMatcher.Cancel(cancels, order, "paper account reset");
                }
            });
            await CommitAsync(_change, cancellationToken).ConfigureAwait(false);

            var starting = StartingTotals();
            await _store.ResetAsync(starting, cancellationToken).ConfigureAwait(false);
            var events = new List<ExchangeEvent>();
            lock (_stateLock)
            {
                var at = _time.GetUtcNow();
                var ledger = _state.Ledger;
                var assets = new HashSet<string>(ledger.Assets, StringComparer.Ordinal);
                _state.BeginLog();
                try
                {
                    ledger.ClearTotals();
                    foreach (var balance in starting)
                    {
                        ledger.SetTotal(balance.Asset, balance.Total);
                        assets.Add(balance.Asset);
                    }

                    foreach (string asset in assets)
                    {
                        events.Add(new BalanceChanged(at, ledger.BalanceOf(asset)));
                    }
                }
                catch
                {
                    _state.Undo();
                    throw;
                }
                finally
                {
                    _state.EndLog();
                }

                Interlocked.Increment(ref _orderChanges);
            }

            foreach (var e in events)
            {
                _events.Publish(e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static TrackedOrder KnownOpenOrder(PaperState state, string clientOrderId, string action)
    {
        if (!state.Orders.TryGetValue(clientOrderId, out var order))
        {
            throw new UnknownOrderException($"No paper order {clientOrderId} to {action}: check the id (see OpenOrders).");
        }

        if (order.IsTerminal)
        {
            throw new UnknownOrderException($"Paper order {clientOrderId} is already {order.State}: there is nothing to {action}.");
        }

        if (order.State == OrderState.PendingCancel && action == "amend")
        {
            throw new UnknownOrderException($"Paper order {clientOrderId} is being cancelled: it cannot be amended.");
        }

        return order;
    }

    private static TrackedOrder Amended(TrackedOrder order, decimal? newPrice, decimal? newAmount, DateTimeOffset at)
    {
        if (order.Request.Type == OrderType.Market)
        {
            throw new ExchangeValidationException($"Order {order.ClientOrderId} is a market order: only limit orders can be amended.");
        }

        try
        {
            return order.WithAmendment(newPrice, newAmount, at);
        }
        catch (InvalidOperationException e)
        {
            throw new ExchangeValidationException(e.Message);
        }
    }

    // Marks the order PendingCancel (when resting) and says whether a cancel must be scheduled.
    private static bool RequestCancel(PaperChange change, TrackedOrder order)
    {
        switch (order.State)
        {
            case OrderState.Open or OrderState.PartiallyFilled:
                change.Record(PaperOrderStepKind.StateChanged, order.TransitionTo(OrderState.PendingCancel, change.At));
                return true;
            case OrderState.PendingCreate:
                return true; // the activation is ahead of it in the latency queue
            default:
                return false; // already being cancelled
        }
    }

    private static void CheckFunds(PaperLedger ledger, PaperHold hold, decimal alreadyHeld, string what)
    {
        decimal available = ledger.Available(hold.Asset) + alreadyHeld;
        if (hold.Amount > available)
        {
            throw new InsufficientFundsException(
                $"Not enough {hold.Asset} in the paper account for {what}: it needs {F(hold.Amount)} {hold.Asset} " +
                $"(fees included) and {F(available)} is available ({F(ledger.Held(hold.Asset) - alreadyHeld)} held by other open orders).",
                "EOrder:Insufficient funds");
        }
    }

    private IReadOnlyList<BookLevel> OppositeLevels(IOrderBookView book, OrderSide side)
    {
        if (!book.IsReady)
        {
            return [];
        }

        var snapshot = book.GetSnapshot(_options.BookDepth);
        return side == OrderSide.Buy ? snapshot.Asks : snapshot.Bids;
    }

    // Computed amounts are shown without trailing zeros (10029.96, not 10029.9600).
    private static string F(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
