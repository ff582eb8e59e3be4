'use strict';
// ccxt's side of the KrakenBot end-to-end benchmark (run by KrakenBot.Benchmarks `e2e`, one process per run):
//   node ccxt-client.js --rest URL --ws URL --updates N --latency-updates L --latency-out FILE [--symbol BTC/USD] [--depth 1000]
// ccxt.pro kraken loads its markets over REST, then watchOrderBook subscribes to the WebSocket v2 book channel
// (ccxt 4.5.x speaks v2 for public books: urls.api.ws.publicV2). The loop below is what a ccxt user runs.
// Each update frame is counted where ccxt applies it (handleOrderBook, wrapped): every frame counts even when the
// watch loop only wakes for the latest. Prints ready / warm / done like the KrakenBot client; exits on "quit".
const fs = require ('node:fs');
const readline = require ('node:readline');
const ccxt = require ('ccxt');

const arg = (name, fallback) => {
    const i = process.argv.indexOf (name);
    if (i >= 0) {
        return process.argv[i + 1];
    }
    if (fallback === undefined) {
        throw new Error (name + ' is required');
    }
    return fallback;
};
const rest = arg ('--rest'), ws = arg ('--ws'), symbol = arg ('--symbol', 'BTC/USD');
const depth = Number (arg ('--depth', '1000')), updates = Number (arg ('--updates')), latencyUpdates = Number (arg ('--latency-updates'));
const latencyOut = arg ('--latency-out');

async function main () {
    const exchange = new ccxt.pro.kraken ({ enableRateLimit: false });
    exchange.urls.api.public = rest;
    exchange.urls.api.private = rest;
    exchange.urls.api.ws.publicV2 = ws;
    await exchange.loadHttpProxyAgent (); // ccxt asks for this before any plain ws:// connection
    await exchange.loadMarkets ();

    const changedAt = new Array (latencyUpdates);
    let seen = 0, doneAt = 0n;
    let onWarm, onDone;
    const warm = new Promise ((resolve) => { onWarm = resolve; });
    const done = new Promise ((resolve) => { onDone = resolve; });
    const handle = exchange.handleOrderBook;
    exchange.handleOrderBook = function (client, message) {
        handle.call (this, client, message);
        if (message.type !== 'update') {
            return;
        }
        const now = process.hrtime.bigint ();
        const index = seen++;
        if (index < latencyUpdates) {
            changedAt[index] = now;
            if (index === latencyUpdates - 1) {
                onWarm ();
            }
        }
        if (index === updates - 1) {
            doneAt = now;
            onDone ();
        }
    };

    let first = true;
    (async () => {
        while (true) {
            await exchange.watchOrderBook (symbol, depth);
            if (first) {
                first = false;
                console.log ('ready');
            }
        }
    }) ().catch ((e) => {
        console.error (e);
        process.exit (1);
    });

    await warm;
    console.log ('warm');
    await done;
    const book = exchange.orderbooks[symbol];
    const top = (side) => (side.length ? side[0][0] + '@' + side[0][1] : 'none');
    // ccxt's checksum check is off by default for kraken ("not reliable"); failures are not counted by ccxt.
    console.log ('done t=' + doneAt + ' failures=n/a bid=' + top (book.bids) + ' ask=' + top (book.asks));

    const lines = readline.createInterface ({ input: process.stdin });
    for await (const line of lines) {
        if (line === 'quit') {
            break;
        }
    }
    fs.writeFileSync (latencyOut, changedAt.map (String).join ('\n') + '\n');
    process.exit (0);
}

main ().catch ((e) => {
    console.error (e);
    process.exit (1);
});
