using System.Collections.Immutable;

namespace KrakenBot.Connector.Trading;

/// <summary>
/// An order as we know it: the request, the ids, the state and every fill. Immutable: each change returns a new
/// instance, so a snapshot handed to a caller never changes under it. Changes keep these invariants: the state only
/// moves along <see cref="OrderStates.CanTransition"/>; a fill is counted once (by trade id); the filled amount never
/// exceeds the requested amount; the average price and fees are derived from the recorded fills.
/// </summary>
public sealed class TrackedOrder
{
    private readonly decimal _filledCost;
    private readonly ImmutableDictionary<string, decimal> _fees;
    private readonly ImmutableList<Fill> _fills;

    private TrackedOrder(string clientOrderId, string? exchangeOrderId, OrderRequest request, OrderState state,
        decimal filledAmount, decimal filledCost, ImmutableDictionary<string, decimal> fees, ImmutableList<Fill> fills,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, string? failureReason)
    {
        ClientOrderId = clientOrderId;
        ExchangeOrderId = exchangeOrderId;
        Request = request;
        State = state;
        FilledAmount = filledAmount;
        _filledCost = filledCost;
        _fees = fees;
        _fills = fills;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        FailureReason = failureReason;
    }

    /// <summary>A new order in <see cref="OrderState.PendingCreate"/>, before it is sent.</summary>
    public static TrackedOrder Create(string clientOrderId, OrderRequest request, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        ArgumentNullException.ThrowIfNull(request);
        return new TrackedOrder(clientOrderId, null, request, OrderState.PendingCreate, 0m, 0m,
            ImmutableDictionary<string, decimal>.Empty, ImmutableList<Fill>.Empty, createdAt, createdAt, null);
    }

    /// <summary>
    /// How the client order id of an order placed outside this connector (another tool, the website) starts: such an
    /// order is adopted under <c>external-</c> followed by the exchange's id, so that it is journaled and tracked like
    /// ours while it can never be mistaken for one of ours (those are UUIDs).
    /// </summary>
    public const string ExternalIdPrefix = "external-";

    /// <summary>Our id for the order (sent to the exchange as the client order id); see <see cref="IsExternal"/>.</summary>
    public string ClientOrderId { get; }

    /// <summary>
    /// True for an order placed outside this connector and adopted by reconciliation: it holds funds and its fills are
    /// recorded, but the exchange knows it by <see cref="ExchangeOrderId"/> only.
    /// </summary>
    public bool IsExternal => ClientOrderId.StartsWith(ExternalIdPrefix, StringComparison.Ordinal);

    /// <summary>The client order id under which an external order with this exchange id is adopted.</summary>
    public static string ExternalClientOrderId(string exchangeOrderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exchangeOrderId);
        return ExternalIdPrefix + exchangeOrderId;
    }

    /// <summary>
    /// True for an order of a type KrakenBot does not place (a stop, a trailing stop, an iceberg…), found on the
    /// account: it is listed, its holds and fills are counted, but it is never amended, and cancelled only when asked for
    /// by its own id (never by a cancel-all).
    /// </summary>
    public bool IsReadOnly => !Request.Type.IsPlaceable();

    /// <summary>The exchange's id, once acknowledged.</summary>
    public string? ExchangeOrderId { get; }

    /// <summary>What was asked for.</summary>
    public OrderRequest Request { get; }

    /// <summary>Current state.</summary>
    public OrderState State { get; }

    /// <summary>True once the order is filled, cancelled, expired or failed.</summary>
    public bool IsTerminal => State.IsTerminal();

    /// <summary>Base amount filled so far.</summary>
    public decimal FilledAmount { get; }

    /// <summary>Base amount not yet filled.</summary>
    public decimal RemainingAmount => Request.Amount - FilledAmount;

    /// <summary>Volume-weighted average fill price; null before the first fill.</summary>
    public decimal? AveragePrice => FilledAmount == 0 ? null : _filledCost / FilledAmount;

    /// <summary>Fees paid so far, per fee asset.</summary>
    public IReadOnlyDictionary<string, decimal> Fees => _fees;

    /// <summary>Every fill, in the order they were applied.</summary>
    public IReadOnlyList<Fill> Fills => _fills;

    /// <summary>When the order was created locally.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When anything last changed.</summary>
    public DateTimeOffset UpdatedAt { get; }

    /// <summary>Why the order failed (exchange error text), when <see cref="State"/> is Failed.</summary>
    public string? FailureReason { get; }

    /// <summary>Records the exchange's order id.</summary>
    /// <exception cref="InvalidOperationException">A different exchange id was already recorded.</exception>
    public TrackedOrder WithExchangeOrderId(string exchangeOrderId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exchangeOrderId);
        if (ExchangeOrderId == exchangeOrderId)
        {
            return this;
        }

        if (ExchangeOrderId is not null)
        {
            throw new InvalidOperationException(
                $"Order {ClientOrderId} already has exchange id {ExchangeOrderId}; refusing to replace it with {exchangeOrderId}.");
        }

        return new TrackedOrder(ClientOrderId, exchangeOrderId, Request, State, FilledAmount, _filledCost, _fees,
            _fills, CreatedAt, Later(at), FailureReason);
    }

    /// <summary>Moves to <paramref name="next"/>. A move to Failed needs a reason.</summary>
    /// <exception cref="InvalidOperationException">The move is not legal from the current state.</exception>
    public TrackedOrder TransitionTo(OrderState next, DateTimeOffset at, string? failureReason = null)
    {
        if (!OrderStates.CanTransition(State, next))
        {
            throw new InvalidOperationException($"Order {ClientOrderId} cannot move from {State} to {next}.");
        }

        if (next == OrderState.Failed && string.IsNullOrWhiteSpace(failureReason))
        {
            throw new ArgumentException("A failed order needs a reason (the exchange's error).", nameof(failureReason));
        }

        return new TrackedOrder(ClientOrderId, ExchangeOrderId, Request, next, FilledAmount, _filledCost, _fees,
            _fills, CreatedAt, Later(at), next == OrderState.Failed ? failureReason : FailureReason);
    }

    /// <summary>
    /// Records a fill. A fill already recorded (same trade id) changes nothing. The state follows the fill
    /// (PartiallyFilled, or Filled when complete) when that move is legal; otherwise it stays (e.g. PendingCancel with
    /// a partial fill stays PendingCancel, a late fill of a Cancelled order is recorded but it stays Cancelled). A fill
    /// is never dropped for its state.
    /// </summary>
    /// <exception cref="ArgumentException">The fill belongs to another order, pair or side.</exception>
    /// <exception cref="InvalidOperationException">The fill would take the filled amount above the requested amount.</exception>
    public TrackedOrder ApplyFill(Fill fill, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(fill);
        foreach (var existing in Fills)
        {
            if (existing.TradeId == fill.TradeId)
            {
                return this;
            }
        }

        CheckBelongsHere(fill);
        decimal filled = FilledAmount + fill.Amount;
        if (filled > Request.Amount)
        {
            throw new InvalidOperationException(
                $"Fill {fill.TradeId} of {fill.Amount} would overfill order {ClientOrderId}: {FilledAmount} of {Request.Amount} already filled.");
        }

        var target = filled == Request.Amount ? OrderState.Filled : OrderState.PartiallyFilled;
        var state = OrderStates.CanTransition(State, target) && !(State == OrderState.PendingCancel && target == OrderState.PartiallyFilled)
            ? target
            : State;
        var fees = _fees.SetItem(fill.FeeAsset, _fees.GetValueOrDefault(fill.FeeAsset) + fill.FeeAmount);
        return new TrackedOrder(ClientOrderId, ExchangeOrderId ?? fill.ExchangeOrderId, Request, state, filled,
            _filledCost + fill.Cost, fees, _fills.Add(fill), CreatedAt, Later(at), FailureReason);
    }

    /// <summary>
    /// Changes the limit price and/or the amount in place (an amend): the request is rebuilt with the new values and
    /// checked again; fills, ids and state are kept. The new amount must stay above what is already filled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The order is terminal, or the new amount is not above the filled amount.</exception>
    /// <exception cref="Errors.ExchangeException"><c>Validation</c>: The new values make an invalid request (e.g. a price on a market order).</exception>
    public TrackedOrder WithAmendment(decimal? newPrice, decimal? newAmount, DateTimeOffset at)
    {
        if (IsTerminal)
        {
            throw new InvalidOperationException($"Order {ClientOrderId} is {State}: a terminal order cannot be amended.");
        }

        decimal amount = newAmount ?? Request.Amount;
        if (amount <= FilledAmount)
        {
            throw new InvalidOperationException(
                $"Order {ClientOrderId} has {FilledAmount} filled: the new amount {amount} must be above it.");
        }

        var request = Request.WithAmountAndPrice(amount, newPrice ?? Request.Price);
        return new TrackedOrder(ClientOrderId, ExchangeOrderId, request, State, FilledAmount, _filledCost, _fees,
            _fills, CreatedAt, Later(at), FailureReason);
    }

    /// <summary>E.g. <c>c-123 Open Buy Limit 0.5 BTC-USD @ 65000.1 Gtc (0 filled)</c>.</summary>
    public override string ToString() => $"{ClientOrderId} {State} {Request} ({FilledAmount} filled)";

    private void CheckBelongsHere(Fill fill)
    {
        bool clientIdMatches = fill.ClientOrderId is null || fill.ClientOrderId == ClientOrderId;
        bool exchangeIdMatches = fill.ExchangeOrderId is null || ExchangeOrderId is null || fill.ExchangeOrderId == ExchangeOrderId;
        bool namesThisOrder = fill.ClientOrderId == ClientOrderId || (ExchangeOrderId is not null && fill.ExchangeOrderId == ExchangeOrderId);
        if (!clientIdMatches || !exchangeIdMatches || !namesThisOrder)
        {
            throw new ArgumentException(
                $"Fill {fill.TradeId} (order {fill.ClientOrderId ?? fill.ExchangeOrderId}) does not belong to order {ClientOrderId}/{ExchangeOrderId}.",
                nameof(fill));
        }

        if (fill.Pair != Request.Pair || fill.Side != Request.Side)
        {
            throw new ArgumentException(
                $"Fill {fill.TradeId} is {fill.Side} {fill.Pair} but order {ClientOrderId} is {Request.Side} {Request.Pair}.",
                nameof(fill));
        }
    }

    private DateTimeOffset Later(DateTimeOffset at) => at > UpdatedAt ? at : UpdatedAt;
}
