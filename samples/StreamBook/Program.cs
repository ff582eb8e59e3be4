// Streams the BTC/USD order book of an in-process Kraken-compatible sandbox and prints the spread of each update.
// Offline: the same code on live Kraken is `new KrakenConnector(new KrakenConnectorOptions())` in place of the sandbox.
// Usage: dotnet run --project samples/StreamBook [updates]   (10 updates by default)
using KrakenBot.Connector;
using KrakenBot.Connector.Trading;

int updates = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;

await using var sandbox = await KrakenConnector.StartSandboxAsync();
await using var market = await sandbox.Connector.MarketDataAsync();
IOrderBookView book = await market.WatchBookAsync("BTC/USD");

int seen = 0;
await foreach (OrderBookSnapshot top in book.ReadSnapshotsAsync(levels: 1))
{
    if (top.Spread is not { } spread) continue; // one side empty: no spread to show
    Console.WriteLine($"{top.Pair} bid {top.Bids[0]} ask {top.Asks[0]} spread {spread}");
    if (++seen == updates) break;
}
