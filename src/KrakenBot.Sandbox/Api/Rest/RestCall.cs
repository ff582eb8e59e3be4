using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>One REST request after parsing and authentication.</summary>
internal sealed class RestCall
{
    public required SandboxContext Sandbox { get; init; }
    public required RequestArgs Args { get; init; }
    /// <summary>The authenticated account (private calls only).</summary>
    public Account? Account { get; init; }
    public required DateTimeOffset Now { get; init; }

    public ExchangeEngine Exchange => Sandbox.Exchange;
    public Account Owner => Account ?? throw new InvalidOperationException("Private handler called without an account.");
}

/// <summary>Writes the <c>result</c> value of a call, or returns Kraken's error string (nothing written).</summary>
internal delegate string? RestHandler(RestCall call, Utf8JsonWriter result);
