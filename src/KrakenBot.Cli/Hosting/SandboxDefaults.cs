using System.Text;
using KrakenBot.Sandbox;

namespace KrakenBot.Cli.Hosting;

/// <summary>
/// The account the CLI creates in its embedded sandbox (<c>--connector sandbox</c>, <c>demo</c>). It is a local,
/// play-money account: its secret is public by design and never a Kraken key.
/// </summary>
internal static class SandboxDefaults
{
    public const string ApiKey = "krakenbot-sandbox";

    /// <summary>base64 of a fixed phrase: the sandbox needs a secret to check signatures, not a hidden one.</summary>
    public static readonly string ApiSecret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot local sandbox account, not a Kraken key"));

    public static IDictionary<string, decimal> Balances() => new Dictionary<string, decimal>
    {
        ["USD"] = 100_000m,
        ["BTC"] = 10m,
        ["ETH"] = 100m,
    };

    public static SandboxAccount Account() => new() { ApiKey = ApiKey, ApiSecret = ApiSecret, Balances = Balances() };

    public static string DataDirectory(string dataDir) => Path.Combine(dataDir, "sandbox");
}
