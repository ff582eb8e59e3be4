using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// An executor: a small state machine that places and follows its own orders on one pair until it ends with a
/// <see cref="CloseType"/>, keeping its net P&amp;L in quote after fees. It runs on a strategy's loop (a
/// <see cref="StrategyContext"/>): <see cref="StartAsync"/> once, then <see cref="StepAsync"/> on every input (tick,
/// book change, fill, order change) and <see cref="OnFill"/> for each fill. Its orders carry the strategy's client tag
/// and a label starting with the executor's id, so several executors can share one strategy.
/// </summary>
/// <remarks>
/// The common end (<see cref="Close"/>): its open orders are cancelled; then, unless the position is to be kept, what
/// its fills hold is closed with a market order (retried up to <see cref="MaxRetries"/> times, else
/// <see cref="CloseType.Failed"/>); then it is terminated.
/// </remarks>
public abstract class Executor
{
    /// <summary>How many times a close order is sent again before the executor ends as failed.</summary>
    public const int MaxRetries = 10;

    private readonly HashSet<string> _orders = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private OwnedOrder? _closeOrder;
    private bool _keepPosition;
    private int _closeAttempts;

    /// <summary>An executor with id <paramref name="id"/> on <paramref name="pair"/>.</summary>
    protected Executor(string id, TradingPair pair, OrderSide side)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(pair);
        Id = id;
        Pair = pair;
        Side = side;
        Ledger = new ExecutorLedger(pair);
    }

    /// <summary>The executor's id; its orders' labels start with it.</summary>
    public string Id { get; }

    /// <summary>The executor type, e.g. <c>position_executor</c>.</summary>
    public abstract string Type { get; }

    /// <summary>The pair it trades.</summary>
    public TradingPair Pair { get; }

    /// <summary>The side of its entry.</summary>
    public OrderSide Side { get; }

    /// <summary>Where it is.</summary>
    public ExecutorStatus Status { get; private set; } = ExecutorStatus.NotStarted;

    /// <summary>Why it ended (decided when it starts shutting down); null while running.</summary>
    public CloseType? ClosedAs { get; private set; }

    /// <summary>The close in words.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When it was terminated.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Its fills, summed.</summary>
    public ExecutorLedger Ledger { get; }

    /// <summary>True once terminated.</summary>
    public bool IsDone => Status == ExecutorStatus.Terminated;

    /// <summary>What happened on the way (refusals, retries, dust left).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>True when <paramref name="order"/> is one of this executor's.</summary>
    public bool Owns(OwnedOrder order) => order is not null && _orders.Contains(order.ClientOrderId);

    /// <summary>Starts: checks the budget and places the first orders (or ends at once as insufficient balance).</summary>
    public async ValueTask StartAsync(StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Status != ExecutorStatus.NotStarted)
        {
            throw new InvalidOperationException($"Executor {Id} was already started.");
        }

        StartedAt = context.Now;
        Status = ExecutorStatus.Running;
        string? shortfall = await CheckBudgetAsync(context, cancellationToken).ConfigureAwait(false);
        if (shortfall is not null)
        {
            Close(CloseType.InsufficientBalance, shortfall);
            Terminate(context);
            context.Logger.LogWarning("Executor {Id}: {Reason}", Id, shortfall);
            return;
        }

        await OnStartAsync(context, cancellationToken).ConfigureAwait(false);
        await StepAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the executor on as far as it can now.</summary>
    public async ValueTask StepAsync(StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Status == ExecutorStatus.Running)
        {
            await ControlAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (Status == ExecutorStatus.ShuttingDown)
        {
            await ShutDownAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts a fill of one of its orders.</summary>
    public void OnFill(OwnedOrder order, Fill fill)
    {
        if (Owns(order) && Ledger.Apply(fill))
        {
            OnOwnFill(order, fill);
        }
    }

    /// <summary>
    /// Stops it from outside: its orders are cancelled and, unless <paramref name="keepPosition"/>, its position closed
    /// at market; it ends as <see cref="CloseType.EarlyStop"/>. Nothing happens once it is shutting down already.
    /// </summary>
    public void EarlyStop(bool keepPosition = false)
    {
        if (Status is ExecutorStatus.Running or ExecutorStatus.NotStarted)
        {
            Close(CloseType.EarlyStop, keepPosition ? "stopped early, position kept" : "stopped early", keepPosition);
        }
    }

    /// <summary>The figures now; the position valued at the price it would close at.</summary>
    public ExecutorReport Report(StrategyContext? context)
    {
        decimal? mark = context is null ? null : CloseMark(context);
        decimal pnl = Ledger.NetPnl(mark);
        decimal entry = EntryQuote;
        return new ExecutorReport(Id, Type, Pair, Side, Status, ClosedAs, CloseReason, StartedAt, ClosedAt, Ledger.Position,
            Side == OrderSide.Buy ? Ledger.AverageBuyPrice : Ledger.AverageSellPrice, Ledger.FilledQuote, Ledger.FeesQuote, pnl,
            entry == 0 ? 0m : pnl / entry, [.. Info(), .. _notes]);
    }

    /// <summary>True for executors whose purpose is the position itself (TWAP, order): it is never closed at their end.</summary>
    protected virtual bool KeepsPosition => false;

    /// <summary>Lines for status beyond the common figures.</summary>
    protected virtual IEnumerable<string> Info() => [];

    /// <summary>Quote value of the entry side (the base of the P&amp;L percentage).</summary>
    protected decimal EntryQuote => Side == OrderSide.Buy ? Ledger.QuotePaid : Ledger.QuoteReceived;

    /// <summary>Net P&amp;L as a fraction of the entry's quote value, the position valued at the price it would close at; 0 before a fill.</summary>
    protected decimal NetPnlPct(StrategyContext context)
    {
        decimal entry = EntryQuote;
        return entry == 0 ? 0m : Ledger.NetPnl(CloseMark(context)) / entry;
    }

    /// <summary>
    /// The price the position would close at now: the best bid for a long position, the best ask for a short one
    /// (the mid when that side is empty); null without a book.
    /// </summary>
    protected decimal? CloseMark(StrategyContext context)
    {
        var book = context.Book(Pair);
        if (!book.IsReady)
        {
            return null;
        }

        var level = Ledger.Position >= 0 ? book.BestBid : book.BestAsk;
        return level?.Price ?? book.MidPrice;
    }

    /// <summary>Null when the account holds what the executor needs, else the shortfall in words.</summary>
    protected abstract ValueTask<string?> CheckBudgetAsync(StrategyContext context, CancellationToken cancellationToken);

    /// <summary>Called once after the budget check passed.</summary>
    protected virtual ValueTask OnStartAsync(StrategyContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The executor's own step while running: place, follow, check barriers; calls <see cref="Close"/> to end.</summary>
    protected abstract ValueTask ControlAsync(StrategyContext context, CancellationToken cancellationToken);

    /// <summary>Called after one of its fills was counted.</summary>
    protected virtual void OnOwnFill(OwnedOrder order, Fill fill)
    {
    }

    /// <summary>Decides the end: from the next step its orders are cancelled and (unless kept) its position closed.</summary>
    protected void Close(CloseType type, string reason, bool keepPosition = false)
    {
        if (ClosedAs is not null)
        {
            return;
        }

        ClosedAs = type;
        CloseReason = reason;
        _keepPosition = keepPosition || KeepsPosition;
        Status = ExecutorStatus.ShuttingDown;
    }

    /// <summary>Adds a line to <see cref="Notes"/>.</summary>
    protected void Note(string note) => _notes.Add(note);

    /// <summary>
    /// Places one of its orders, labelled <c>{Id} {role}</c>. Null when the exchange refused it (the reason is noted).
    /// </summary>
    protected async ValueTask<OwnedOrder?> PlaceAsync(StrategyContext context, OrderSide side, OrderType type, decimal amount, decimal? price,
        string role, CancellationToken cancellationToken)
    {
        OrderRequest request;
        try
        {
            request = new OrderRequest(Pair, side, type, amount, price);
            context.Rule(Pair).Validate(request, price ?? CloseMark(context));
        }
        catch (Connector.Trading.Errors.ExchangeException e) when (e.Category == Connector.Trading.Errors.ExchangeErrorCategory.Validation)
        {
            Note($"{role}: not placed: {e.Message}");
            return null;
        }

        var order = await context.Orders.PlaceAsync(request, $"{Id} {role}", cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            Note($"{role}: {side.ToString().ToLowerInvariant()} {F(amount)} {Pair.Base} refused by the exchange");
            return null;
        }

        _orders.Add(order.ClientOrderId);
        return order;
    }

    /// <summary>True once <paramref name="order"/> is final and all its fills were counted.</summary>
    protected static bool IsSettled(OwnedOrder order) =>
        order.IsTerminal && order.Order.Fills.Sum(f => f.Amount) == order.Order.FilledAmount;

    /// <summary>The open orders of this executor.</summary>
    protected IEnumerable<OwnedOrder> OpenOrders(StrategyContext context) => context.Orders.Open.Where(Owns);

    /// <summary>Formats a number as typed (invariant culture).</summary>
    protected static string F(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage, e.g. 0.0125 → <c>1.25 %</c>.</summary>
    protected static string Percent(decimal fraction) => F(decimal.Round(fraction * 100, 4)) + " %";

    private async ValueTask ShutDownAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        bool waiting = false;
        foreach (var order in OpenOrders(context))
        {
            if (order != _closeOrder)
            {
                context.Orders.Cancel(order);
                waiting = true;
            }
        }

        if (waiting)
        {
            return; // their final fills come first
        }

        if (_closeOrder is { } close)
        {
            if (!IsSettled(close))
            {
                return;
            }

            _closeOrder = null;
            if (close.Order.State == OrderState.Failed)
            {
                Note($"close order refused: {close.Order.FailureReason}");
            }
        }

        if (!_keepPosition && CloseAmount(context) is { } amount)
        {
            if (_closeAttempts >= MaxRetries)
            {
                ClosedAs = CloseType.Failed;
                CloseReason = $"{CloseReason}; the position of {F(Ledger.Position)} {Pair.Base} could not be closed after {MaxRetries} attempts";
                Terminate(context);
                return;
            }

            _closeAttempts++;
            var side = Ledger.Position > 0 ? OrderSide.Sell : OrderSide.Buy;
            _closeOrder = await PlaceAsync(context, side, OrderType.Market, amount, null, "close", cancellationToken).ConfigureAwait(false);
            return; // settled on a later step (or retried)
        }

        Terminate(context);
    }

    // What a market order would close now, on the lot; null when nothing (or only dust under the minimums) is left.
    private decimal? CloseAmount(StrategyContext context)
    {
        var rule = context.Rule(Pair);
        decimal held = Ledger.Position > 0 ? Ledger.Position - Ledger.BaseFees : -Ledger.Position;
        decimal amount = rule.QuantizeAmount(held);
        if (amount <= 0)
        {
            return null;
        }

        decimal? price = CloseMark(context);
        bool dust = amount < rule.MinAmount || (rule.MinCost is { } minCost && price is { } p && amount * p < minCost);
        if (dust)
        {
            Note($"{F(amount)} {Pair.Base} left: under the pair's minimum order, not closed");
            return null;
        }

        return amount;
    }

    private void Terminate(StrategyContext context)
    {
        Status = ExecutorStatus.Terminated;
        ClosedAt = context.Now;
        context.Logger.LogInformation("Executor {Id} ({Type}) ended: {Close} ({Reason}); net P&L {Pnl} {Quote}", Id, Type,
            ClosedAs?.ToName(), CloseReason, Ledger.NetPnl(null), Pair.Quote);
    }
}
