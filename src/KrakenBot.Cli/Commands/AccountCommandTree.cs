using System.CommandLine;
using KrakenBot.Cli.Hosting;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Cli.Commands;

/// <summary>Keys, account, trading, paper trading, sandbox and demo commands.</summary>
internal static class AccountCommandTree
{
    public static void Add(CliApp app, Action<Command, Func<ParseResult, CommandContext, CancellationToken, Task<int>>> add, Func<Argument<string>> pairArg)
    {
        // connect
        var exchange = new Argument<string>("exchange") { Description = "kraken, kraken_paper_trade or sandbox." };
        exchange.AcceptOnlyFromAmong(ConnectorNames.All);
        add(new Command("connect", "Save API keys for kraken (checked against the exchange first), or switch to paper trading / the sandbox.") { exchange },
            (r, ctx, ct) => ConnectCommand.RunAsync(app, ctx, r.GetValue(exchange)!, ct));

        add(new Command("balance", "Balances: total, available and held by open orders."), (_, ctx, ct) => AccountCommands.BalanceAsync(ctx, ct));
        // On a journal a fleet shares, one-shot commands act for the operator (member 'cli'), or for the bot --bot names.
        var actAs = () => new Option<string?>("--bot")
        {
            Description = "With --journal postgres://… (a fleet's journal): act for this bot, on its orders (refused while it runs). Default: the operator's own orders.",
        };
        var ordersBot = actAs();
        add(new Command("orders", "Open orders.") { ordersBot }, async (r, ctx, ct) =>
        {
            await ExchangeTradingCommands.ActForAsync(ctx, r.GetValue(ordersBot), ct);
            return await AccountCommands.OrdersAsync(ctx, ct);
        });
        var historyLimit = new Option<int>("--limit") { Description = "At most this many closed orders and trades, newest first (Kraken: up to 50; the paper account: any).", DefaultValueFactory = _ => 50 };
        var historyBot = new Option<string?>("--bot") { Description = "Only this bot's performance." };
        var historyAccount = new Option<bool>("--account") { Description = "The account's closed orders and trades (the default until a bot has run here)." };
        add(new Command("history", "Bots' performance (start and current balances, trades, volume, realized/unrealized P&L, fees, return), or the account's closed orders and trades when no bot has run here.") { historyLimit, historyBot, historyAccount },
            (r, ctx, ct) => r.GetValue(historyAccount) || (r.GetValue(historyBot) is null && !BotCommands.AnyBot(ctx.Settings))
                ? AccountCommands.HistoryAsync(ctx, r.GetValue(historyLimit), ct)
                : BotCommands.HistoryAsync(ctx, r.GetValue(historyBot)));

        foreach (var side in new[] { OrderSide.Buy, OrderSide.Sell })
        {
            var pair = pairArg();
            var amount = new Argument<string>("amount") { Description = "Amount in the base asset, e.g. 0.01." };
            var price = new Option<string?>("--price") { Description = "Limit price (required for limit and limit_maker)." };
            var type = new Option<string>("--type") { Description = "limit, market or limit_maker (post-only).", DefaultValueFactory = _ => "limit" };
            type.AcceptOnlyFromAmong("limit", "market", "limit_maker");
            var tif = new Option<string>("--tif") { Description = "Time in force: gtc, ioc, fok or gtd.", DefaultValueFactory = _ => "gtc" };
            tif.AcceptOnlyFromAmong("gtc", "ioc", "fok", "gtd");
            var expire = new Option<string?>("--expire-at") { Description = "With --tif gtd: expiry (unix seconds or ISO-8601)." };
            var name = side == OrderSide.Buy ? "buy" : "sell";
            var placeBot = actAs();
            add(new Command(name, $"Place a {name} order.") { pair, amount, price, type, tif, expire, placeBot }, async (r, ctx, ct) =>
            {
                await ExchangeTradingCommands.ActForAsync(ctx, r.GetValue(placeBot), ct);
                return await TradingCommands.PlaceAsync(ctx, side, r.GetValue(pair)!, r.GetValue(amount)!, r.GetValue(price), r.GetValue(type)!, r.GetValue(tif)!, r.GetValue(expire), ct);
            });
        }

        var id = new Argument<string>("id") { Description = "Order id (e.g. OQCLML-BW3P3-BUCMWZ) or client order id (UUID)." };
        var cancelBot = actAs();
        add(new Command("cancel", "Cancel one order.") { id, cancelBot }, async (r, ctx, ct) =>
        {
            await ExchangeTradingCommands.ActForAsync(ctx, r.GetValue(cancelBot), ct);
            return await TradingCommands.CancelAsync(ctx, r.GetValue(id)!, ct);
        });
        var cancelAllBot = actAs();
        add(new Command("cancel-all", "Cancel every open order (with a fleet's journal: the operator's, or --bot's).") { cancelAllBot }, async (r, ctx, ct) =>
        {
            await ExchangeTradingCommands.ActForAsync(ctx, r.GetValue(cancelAllBot), ct);
            return await TradingCommands.CancelAllAsync(ctx, ct);
        });

        // paper init|balance|reset
        var paper = new Command("paper", "The paper trading account (kraken_paper_trade).");
        var paperBalances = () => new Option<string[]>("--balance") { Description = "Starting balance ASSET=AMOUNT (repeatable); default USD=10000 BTC=1 ETH=10.", AllowMultipleArgumentsPerToken = false };
        var initBalances = paperBalances();
        var init = new Command("init", "Create the paper account.") { initBalances };
        init.SetAction((r, ct) => app.ExecuteAsync(r, (ctx, t) => PaperCommands.InitAsync(ctx, r.GetValue(initBalances) ?? [], reset: false, t), ct));
        var resetBalances = paperBalances();
        var reset = new Command("reset", "Replace the paper account's balances.") { resetBalances };
        reset.SetAction((r, ct) => app.ExecuteAsync(r, (ctx, t) => PaperCommands.InitAsync(ctx, r.GetValue(resetBalances) ?? [], reset: true, t), ct));
        var balance = new Command("balance", "Paper balances.");
        balance.SetAction((r, ct) => app.ExecuteAsync(r, (ctx, t) => PaperCommands.BalanceAsync(ctx, t), ct));
        paper.Subcommands.Add(init);
        paper.Subcommands.Add(balance);
        paper.Subcommands.Add(reset);
        add(paper, (_, ctx, _) => throw Output.CliException.Usage("Use 'paper init', 'paper balance' or 'paper reset'."));

        // sandbox
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 7070 };
        var authPort = new Option<int?>("--ws-auth-port") { Description = "TCP port of the private WebSocket at /v2, like ws-auth.kraken.com (default: --port + 1; 0 = any free port)." };
        var keys = new Option<string[]>("--api-key") { Description = "Account API key (repeatable; default: the CLI's built-in sandbox account)." };
        var secrets = new Option<string[]>("--api-secret") { Description = "Base64 secret of the matching --api-key." };
        var balances = new Option<string[]>("--balance") { Description = "Starting balance ASSET=AMOUNT for every account (repeatable)." };
        var tier = new Option<string>("--tier") { Description = "starter, intermediate or pro.", DefaultValueFactory = _ => "intermediate" };
        tier.AcceptOnlyFromAmong("starter", "intermediate", "pro");
        var seed = new Option<int>("--seed") { Description = "Seed for ids and the synthetic market.", DefaultValueFactory = _ => 42 };
        var activity = new Option<string>("--market-activity") { Description = "on or off: synthetic traders keep the books moving.", DefaultValueFactory = _ => "on" };
        activity.AcceptOnlyFromAmong("on", "off");
        var market = new Option<string>("--market")
        {
            Description = $"What the synthetic traders make: {string.Join(", ", Sandbox.Market.MarketPresets.Names)}.",
            DefaultValueFactory = _ => Sandbox.Market.MarketPresets.Classic,
        };
        market.AcceptOnlyFromAmong([.. Sandbox.Market.MarketPresets.Names]);
        var stopAfter = new Option<int>("--stop-after") { Description = "Stop after this many seconds (0 = until Ctrl+C).", DefaultValueFactory = _ => 0 };
        add(new Command("sandbox", "Run the local sandbox exchange in the foreground (state under DATA_DIR/sandbox).") { port, authPort, keys, secrets, balances, tier, seed, activity, market, stopAfter },
            (r, ctx, ct) => SandboxCommand.RunAsync(ctx, new SandboxCommand.Options(r.GetValue(port), r.GetValue(authPort), r.GetValue(keys) ?? [], r.GetValue(secrets) ?? [],
                r.GetValue(balances) ?? [], r.GetValue(tier)!, r.GetValue(seed), r.GetValue(activity)!, r.GetValue(market)!, r.GetValue(stopAfter)), ct));

        // demo
        var bookUpdates = new Option<int>("--book-updates") { Description = "How many live book snapshots to show.", DefaultValueFactory = _ => 3 };
        add(new Command("demo", "Offline tour: embedded sandbox, live book, orders placed, cancelled and filled, balances, history, paper account.") { bookUpdates },
            (r, ctx, ct) => DemoCommand.RunAsync(ctx, r.GetValue(bookUpdates), ct));
    }
}
