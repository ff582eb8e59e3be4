using System.Globalization;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox;

/// <summary>Parses the sandbox program's arguments into <see cref="SandboxOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: KrakenBot.Sandbox --api-key KEY --api-secret BASE64 [--api-key KEY --api-secret BASE64 ...]
                                 [--port 7070] [--ws-auth-port PORT+1] [--balance ASSET=AMOUNT ...] [--tier starter|intermediate|pro]
                                 [--seed 42] [--market-activity on|off] [--market classic|calm|normal|volatile] [--data-dir DIR]
          --ws-auth-port serves the private WebSocket at /v2 (like ws-auth.kraken.com); 0 picks a free port
          --market chooses what the synthetic traders make (default classic); the same --seed gives the same market
          --balance applies to every account (asset names: USD, ZUSD, BTC, XBT, XXBT, ETH, SOL, DOGE, USDT ...)
        """;

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (SandboxOptions? Options, string? Error) Parse(string[] args)
    {
        var keys = new List<string>();
        var secrets = new List<string>();
        var balances = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        int port = 7070, seed = 42;
        int? authPort = null;
        var tier = AccountTier.Intermediate;
        var activity = true;
        string? dataDir = null;
        var market = MarketPresets.Classic;

        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help") return (null, "");
            if (i + 1 >= args.Length) return (null, $"{name} needs a value");
            var value = args[++i];
            switch (name)
            {
                case "--port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                        return (null, $"--port must be a TCP port number (0-65535), not '{value}'");
                    break;
                case "--ws-auth-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedAuthPort) || parsedAuthPort > 65535)
                        return (null, $"--ws-auth-port must be a TCP port number (0-65535), not '{value}'");
                    authPort = parsedAuthPort;
                    break;
                case "--api-key": keys.Add(value); break;
                case "--api-secret":
                    try { if (Convert.FromBase64String(value).Length == 0) return (null, "--api-secret must not be empty"); }
                    catch (FormatException) { return (null, "--api-secret must be base64, like a Kraken API secret (the value is not shown)"); }
                    secrets.Add(value);
                    break;
                case "--balance":
                    var eq = value.IndexOf('=');
                    if (eq <= 0 || !decimal.TryParse(value[(eq + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
                        return (null, $"--balance must look like ASSET=AMOUNT with a positive amount, e.g. USD=100000; got '{value}'");
                    balances[value[..eq]] = balances.GetValueOrDefault(value[..eq]) + amount;
                    break;
                case "--tier":
                    switch (value.ToLowerInvariant())
                    {
                        case "starter": tier = AccountTier.Starter; break;
                        case "intermediate": tier = AccountTier.Intermediate; break;
                        case "pro": tier = AccountTier.Pro; break;
                        default: return (null, $"--tier must be starter, intermediate or pro, not '{value}'");
                    }
                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed)) return (null, $"--seed must be an integer, not '{value}'");
                    break;
                case "--market-activity":
                    if (value is not ("on" or "off")) return (null, $"--market-activity must be on or off, not '{value}'");
                    activity = value == "on";
                    break;
                case "--market":
                    if (!MarketPresets.IsKnown(value)) return (null, $"--market must be one of {string.Join(", ", MarketPresets.Names)}, not '{value}'");
                    market = value;
                    break;
                case "--data-dir": dataDir = value; break;
                default: return (null, $"unknown argument '{name}'");
            }
        }
        if (keys.Count == 0) return (null, "at least one --api-key/--api-secret pair is required");
        if (keys.Count != secrets.Count) return (null, $"every --api-key needs its --api-secret ({keys.Count} keys, {secrets.Count} secrets)");
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count) return (null, "each --api-key must be different");
        // Next to the main port by default, like the two Kraken hosts side by side; free ports stay free.
        authPort ??= port is 0 or 65535 ? 0 : port + 1;
        if (authPort == port && port != 0) return (null, $"--ws-auth-port must differ from --port ({port})");

        var accounts = new List<SandboxAccount>();
        for (var i = 0; i < keys.Count; i++)
            accounts.Add(new SandboxAccount { ApiKey = keys[i], ApiSecret = secrets[i], Balances = new Dictionary<string, decimal>(balances) });
        return (new SandboxOptions
        {
            Port = port, WebSocketAuthPort = authPort.Value, Accounts = accounts, Tier = tier, Seed = seed, MarketActivity = activity, Market = market,
            DataDirectory = dataDir,
        }, null);
    }
}
