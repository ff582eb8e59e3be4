using System.CommandLine;
using KrakenBot.Cli.Hosting;

namespace KrakenBot.Cli.Commands;

/// <summary>Every <c>krakenbot</c> command, its arguments and options. The shell runs the same tree.</summary>
internal static class CommandTree
{
    public static RootCommand Build(CliApp app, GlobalOptions global)
    {
        var root = new RootCommand("krakenbot: trade on Kraken spot, paper trade, or play offline against the embedded sandbox. Run with no command (global options such as --connector sandbox allowed) for the interactive shell.");
        foreach (var option in global.All) root.Options.Add(option);

        // Wires a handler through the app's runner (global options, session, error envelope).
        void Add(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> handler)
        {
            command.SetAction((result, ct) => app.ExecuteAsync(result, (ctx, token) => handler(result, ctx, token), ct));
            root.Subcommands.Add(command);
        }

        var pairArg = () => new Argument<string>("pair") { Description = "Pair in any form: BTC-USD, BTC/USD, XBTUSD, XXBTZUSD." };

        // status: the bots of this data directory once one has run (Hummingbot's status), else the exchange's
        var statusBot = new Option<string?>("--bot") { Description = "Only this bot (its id: the config file's name)." };
        var statusExchange = new Option<bool>("--exchange") { Description = "The exchange's status, endpoints and server time (the default until a bot has run here)." };
        Add(new Command("status", "Bots of this data directory (orders with level, spread and age; balances; inventory; P&L; warnings), or the exchange's status when no bot has run here.") { statusBot, statusExchange },
            (r, ctx, ct) => r.GetValue(statusExchange) || (r.GetValue(statusBot) is null && !BotCommands.AnyBot(ctx.Settings))
                ? MarketCommands.StatusAsync(ctx, ct)
                : BotCommands.StatusAsync(ctx, r.GetValue(statusBot)));

        // pairs
        var quote = new Option<string?>("--quote") { Description = "Only pairs quoted in this asset (e.g. USD)." };
        var pairs = new Command("pairs", "Tradable pairs with their names and trading rules.") { quote };
        Add(pairs, (r, ctx, ct) => MarketCommands.PairsAsync(ctx, r.GetValue(quote), ct));

        // ticker
        var tickerPair = pairArg();
        Add(new Command("ticker", "Last price, best bid/ask and 24-hour figures.") { tickerPair },
            (r, ctx, ct) => MarketCommands.TickerAsync(ctx, r.GetValue(tickerPair)!, ct));

        // book / order_book
        var bookPair = pairArg();
        var depth = new Option<int>("--depth") { Description = "Levels per side.", DefaultValueFactory = _ => 10 };
        var watch = new Option<bool>("--watch") { Description = "Keep the book on screen, redrawn in place, until Ctrl+C." };
        var updates = new Option<int>("--updates") { Description = "With --watch: stop after this many snapshots (0 = until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var book = new Command("book", "Order book of a pair.") { bookPair, depth, watch, updates };
        book.Aliases.Add("order_book");
        Add(book, (r, ctx, ct) => MarketCommands.BookAsync(ctx, r.GetValue(bookPair)!, r.GetValue(depth), r.GetValue(watch), r.GetValue(updates), ct));

        // trades
        var tradesPair = pairArg();
        var tradesLimit = new Option<int>("--limit") { Description = "How many recent trades.", DefaultValueFactory = _ => 20 };
        Add(new Command("trades", "Recent public trades of a pair.") { tradesPair, tradesLimit },
            (r, ctx, ct) => MarketCommands.TradesAsync(ctx, r.GetValue(tradesPair)!, r.GetValue(tradesLimit), ct));

        // candles
        var candlePair = pairArg();
        var interval = new Option<int>("--interval", "-i") { Description = "Candle length in minutes: 1, 5, 15, 30, 60, 240, 1440, 10080, 21600.", DefaultValueFactory = _ => 1 };
        var since = new Option<string?>("--since") { Description = "Start: unix seconds or an ISO-8601 time (UTC)." };
        var chart = new Option<string?>("--chart") { Description = "Also draw the candles into this PNG file." };
        var candleLimit = new Option<int>("--limit") { Description = "At most this many (newest) candles.", DefaultValueFactory = _ => 720 };
        Add(new Command("candles", "OHLC candles of a pair, optionally drawn as a PNG chart.") { candlePair, interval, since, chart, candleLimit },
            (r, ctx, ct) => MarketCommands.CandlesAsync(ctx, r.GetValue(candlePair)!, r.GetValue(interval), r.GetValue(since), r.GetValue(chart), r.GetValue(candleLimit), ct));

        // record
        var recordPairs = new Option<string>("--pairs") { Description = "Pairs to record, comma-separated (e.g. BTC/USD,ETH/USD).", Required = true };
        var recordDepth = new Option<int>("--depth") { Description = "Book depth: 10, 25, 100, 500 or 1000.", DefaultValueFactory = _ => 100 };
        var recordOut = new Option<string>("--out") { Description = "Directory of the recording (created; hour-rolled files).", Required = true };
        var recordDuration = new Option<int>("--duration") { Description = "Stop after this many seconds (0 = until Ctrl+C).", DefaultValueFactory = _ => 0 };
        Add(new Command("record", "Record Kraken's order books and trades as received (checksums verified, gaps marked) for backtests.") { recordPairs, recordDepth, recordOut, recordDuration },
            (r, ctx, ct) => RecordCommand.RunAsync(ctx, r.GetValue(recordPairs)!, r.GetValue(recordDepth), r.GetValue(recordOut)!, r.GetValue(recordDuration), ct));

        // backtest
        var btConfig = new Option<string>("--config", "-c") { Description = "The strategy config (as for start).", Required = true };
        var btData = new Option<string>("--data") { Description = "The recording's directory (krakenbot record --out).", Required = true };
        var btFrom = new Option<string?>("--from") { Description = "Replay from this time (unix seconds or ISO-8601, UTC)." };
        var btTo = new Option<string?>("--to") { Description = "Replay until this time." };
        var btBalances = new Option<string[]>("--balance") { Description = "Starting balance ASSET=AMOUNT (repeatable); default USD=10000 BTC=1 ETH=10." };
        var btMaker = new Option<decimal>("--maker-fee") { Description = "Maker fee in percent (Kraken Starter: 0.25).", DefaultValueFactory = _ => 0.25m };
        var btTaker = new Option<decimal>("--taker-fee") { Description = "Taker fee in percent (Kraken Starter: 0.40).", DefaultValueFactory = _ => 0.40m };
        var btLatency = new Option<int>("--latency-ms") { Description = "Order/amend/cancel latency of the simulated exchange (1 to 10000 ms).", DefaultValueFactory = _ => 100 };
        var btReport = new Option<string?>("--report") { Description = "Also write the full report (JSON: figures, fills, equity and inventory samples) to this file." };
        var btChart = new Option<string?>("--chart") { Description = "Also draw a PNG: mid price with the strategy's buys and sells, equity, inventory." };
        var btSweep = new Option<string[]>("--sweep") { Description = "Sweep a parameter: KEY=FROM:TO:STEP or KEY=V1,V2 (repeatable); every combination is replayed in parallel and ranked." };
        var btAssembly = new Option<string?>("--strategy-assembly") { Description = "Your own compiled strategy (.dll), as for start: the config's 'strategy:' names its class." };
        Add(new Command("backtest", "Replay a recording through a strategy config on the paper matching model; deterministic report.") { btConfig, btData, btFrom, btTo, btBalances, btMaker, btTaker, btLatency, btReport, btChart, btSweep, btAssembly },
            (r, ctx, ct) => BacktestCommand.RunAsync(ctx, new BacktestCommand.Options(r.GetValue(btConfig)!, r.GetValue(btData)!, r.GetValue(btFrom), r.GetValue(btTo),
                r.GetValue(btBalances) ?? [], r.GetValue(btMaker), r.GetValue(btTaker), r.GetValue(btLatency), r.GetValue(btReport), r.GetValue(btChart), r.GetValue(btSweep) ?? [],
                r.GetValue(btAssembly)), ct));

        AccountCommandTree.Add(app, Add, pairArg);
        BotCommandTree.Add(Add);
        FleetCommands.Add(app, Add);
        return root;
    }
}
