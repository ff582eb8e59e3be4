using KrakenBot.Sandbox.Accounts;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Sandbox;

/// <summary>How to start a sandbox. Defaults suit tests: a free port, no synthetic market, no persistence.</summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (read it back from <see cref="SandboxHost.RestUri"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// TCP port on 127.0.0.1 of the private WebSocket, served at <c>/v2</c> like <c>wss://ws-auth.kraken.com/v2</c>;
    /// 0 picks a free one (read it back from <see cref="SandboxHost.WebSocketAuthUri"/>). The main port keeps
    /// serving it at <c>/v2-auth</c> too.
    /// </summary>
    public int WebSocketAuthPort { get; init; }

    /// <summary>Accounts to create (each with its own API key). Several are allowed.</summary>
    public IList<SandboxAccount> Accounts { get; init; } = [];

    /// <summary>Verification tier of every account: sets the REST and trading rate limits.</summary>
    public AccountTier Tier { get; init; } = AccountTier.Intermediate;

    /// <summary>Seed for order/trade ids and the synthetic market; the same seed gives the same run.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Runs synthetic traders that keep every book two-sided and moving.</summary>
    public bool MarketActivity { get; init; }

    /// <summary>
    /// Which market the synthetic traders make when <see cref="MarketActivity"/> is on: a name from
    /// <see cref="Market.MarketPresets"/> (default <c>classic</c>). The same <see cref="Seed"/> and clock give the same market.
    /// </summary>
    public string Market { get; init; } = Sandbox.Market.MarketPresets.Classic;

    /// <summary>How often the synthetic traders act.</summary>
    public TimeSpan MarketActivityInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Directory for the SQLite database; null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Clock for orders, expiries, rate limits and timers (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the sandbox reports its own failures (a handler bug answered as <c>EGeneral:Internal error</c>); null = silent.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Largest REST body accepted; larger bodies get <c>EGeneral:Invalid arguments</c>.</summary>
    public int MaxRequestBodyBytes { get; init; } = 64 * 1024;
}

/// <summary>One account of the sandbox: its API credentials, permissions and starting balances.</summary>
public sealed class SandboxAccount
{
    /// <summary>The public API key (the <c>API-Key</c> header).</summary>
    public required string ApiKey { get; init; }

    /// <summary>The API secret, base64 like Kraken's. Never printed.</summary>
    public required string ApiSecret { get; init; }

    /// <summary>What the key may do; Kraken answers <c>EGeneral:Permission denied</c> otherwise.</summary>
    public ApiPermissions Permissions { get; init; } = ApiPermissions.All;

    /// <summary>Starting balances by asset name (<c>USD</c>, <c>ZUSD</c>, <c>BTC</c>, <c>XBT</c>, <c>XXBT</c> …), credited once.</summary>
    public IDictionary<string, decimal> Balances { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The key and permissions only: the secret stays out of logs.</summary>
    public override string ToString() => $"SandboxAccount {ApiKey} ({Permissions})";
}
