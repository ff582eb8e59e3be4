using KrakenBot.Connector;
using KrakenBot.Connector.Trading;

await using var sandbox = await KrakenConnector.StartSandboxAsync();
await using var exchange = await sandbox.Connector.ConnectAsync();
string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(TradingPair.Parse("BTC-USD"), OrderSide.Buy, amount: 0.01m, price: 1_000m));
Console.WriteLine($"{id} {(await exchange.WaitForOrderAsync(id, OrderState.Open)).State}");
await exchange.CancelOrderAsync(id);
Console.WriteLine($"{id} {(await exchange.WaitForOrderAsync(id, OrderState.Cancelled)).State}");
