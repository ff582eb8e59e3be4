using KrakenBot.Cli.Commands;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Strategies.State;

namespace KrakenBot.Cli.Bots;

/// <summary>What cancelling a stopped bot's orders came to.</summary>
/// <param name="Cancelled">Orders Kraken (or the paper account) confirmed cancelled.</param>
/// <param name="NeverPlaced">
/// Orders the bot had journaled but Kraken never received: the bot ended between recording an order and sending it (or
/// while the send was on its way and refused at its deadline). Nothing of them is on the book.
/// </param>
internal readonly record struct BotOrdersCancelled(int Cancelled, int NeverPlaced);

/// <summary>
/// Cancels the orders of a bot that is not running (<c>stop --bot</c>, <c>fleet cancel</c>), and settles the ones Kraken
/// does not know. A bot killed right after journaling an order leaves it pending with no Kraken id: the cancel is refused
/// with <c>EOrder:Unknown order</c>, yet the order may still be on its way. Reconciliation decides: found on Kraken, it
/// is cancelled like the others; not found once its send deadline has passed, it was never placed.
/// </summary>
internal static class BotOrderCancellation
{
    /// <summary>How often reconciliation runs while orders wait to be settled.</summary>
    private static readonly TimeSpan ReconcileEvery = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest wait for those orders: the connector declares an order never placed once its grace (twice the order
    /// deadline plus 10 s, 30 s by default) has passed since it was created.
    /// </summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(90);

    /// <summary>Cancels the open orders tagged as bot <paramref name="id"/>'s and waits for each to end.</summary>
    /// <param name="say">Where to tell the user that orders are being settled (it can take half a minute).</param>
    public static async Task<BotOrdersCancelled> CancelAsync(IExchange exchange, string id, Action<string> say, TimeProvider time,
        CancellationToken ct)
    {
        string tag = StrategyIds.OrderTag(id);
        var own = exchange.OpenOrders.Where(o => o.Request.ClientTag == tag && !o.IsReadOnly).ToList();
        var unknown = new List<string>();
        foreach (var order in own)
        {
            if (!await TryCancelAsync(exchange, order.ClientOrderId, ct)) unknown.Add(order.ClientOrderId);
        }

        if (unknown.Count > 0) await SettleAsync(exchange, id, unknown, say, time, ct);

        // Counted once confirmed (a paper account cancels on its own loop, which must run before this process ends).
        int cancelled = 0, neverPlaced = 0;
        foreach (var order in own)
        {
            var settled = await ExchangeTradingCommands.WaitAsync(exchange, order.ClientOrderId, o => o.IsTerminal, ct);
            if (settled.State == OrderState.Cancelled) cancelled++;
            else if (settled.State == OrderState.Failed && settled.ExchangeOrderId is null) neverPlaced++;
        }

        return new BotOrdersCancelled(cancelled, neverPlaced);
    }

    /// <summary>False when Kraken does not know the order (finished meanwhile, or never received).</summary>
    private static async Task<bool> TryCancelAsync(IExchange exchange, string clientOrderId, CancellationToken ct)
    {
        try
        {
            await exchange.CancelOrderAsync(clientOrderId, ct);
            return true;
        }
        catch (ExchangeException e) when (e.Category == ExchangeErrorCategory.UnknownOrder)
        {
            return false;
        }
    }

    private static async Task SettleAsync(IExchange exchange, string id, List<string> unknown, Action<string> say, TimeProvider time,
        CancellationToken ct)
    {
        if (exchange is not KrakenSpotExchange live) return; // a paper account knows every order it holds
        say($"{unknown.Count} order(s) of bot '{id}' are not on Kraken: the bot may have ended while sending them. " +
            "Waiting until their send deadline has passed to know whether Kraken received them…");
        var giveUpAt = time.GetUtcNow() + SettleLimit;
        while (true)
        {
            await live.ReconcileAsync(ct);
            bool waiting = false;
            foreach (string clientOrderId in unknown)
            {
                var order = live.GetOrder(clientOrderId);
                if (order is null || order.IsTerminal) continue;
                if (order.ExchangeOrderId is not null && order.State != OrderState.PendingCancel)
                {
                    // It reached Kraken after all: cancel it like the others (an order being cancelled is left to end).
                    waiting |= !await TryCancelAsync(exchange, clientOrderId, ct);
                    continue;
                }

                waiting = true;
            }

            if (!waiting) return;
            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new CliException("outcome_unknown",
                    $"Kraken still neither shows nor rules out some orders of bot '{id}' after {SettleLimit.TotalSeconds:0} s. " +
                    "Run the same command again in a minute; 'krakenbot orders' lists what is open.");
            }

            await Task.Delay(ReconcileEvery, time, ct);
        }
    }
}
