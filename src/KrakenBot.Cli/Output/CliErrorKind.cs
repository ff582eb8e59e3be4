using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Cli.Output;

/// <summary>
/// The error categories of the <c>krakenbot</c> command: the JSON envelope's <c>error</c> value and the process exit
/// code. Codes are stable; scripts may branch on them (see README "Exit codes").
/// </summary>
internal static class CliErrorKind
{
    private static readonly Dictionary<string, int> Codes = new(StringComparer.Ordinal)
    {
        ["internal"] = 1,
        ["usage"] = 2,
        ["configuration"] = 3,
        ["key_store"] = 4,
        ["cancelled"] = 5,
        ["authentication"] = 10,
        ["permission"] = 11,
        ["invalid_nonce"] = 12,
        ["rate_limit"] = 13,
        ["validation"] = 14,
        ["insufficient_funds"] = 15,
        ["unknown_order"] = 16,
        ["order_rejected"] = 17,
        ["service_unavailable"] = 18,
        ["network"] = 19,
        ["unexpected_response"] = 20,
        ["outcome_unknown"] = 21,
        ["strategy_failed"] = 22,
    };

    /// <summary>Every category with its exit code, in code order (for the README and the tests).</summary>
    public static IEnumerable<KeyValuePair<string, int>> All => Codes.OrderBy(c => c.Value);

    public static int ExitCode(string category) => Codes.TryGetValue(category, out var code) ? code : 1;

    /// <summary>The envelope name of a connector error category.</summary>
    public static string Of(ExchangeErrorCategory category) => category switch
    {
        ExchangeErrorCategory.Authentication => "authentication",
        ExchangeErrorCategory.Permission => "permission",
        ExchangeErrorCategory.InvalidNonce => "invalid_nonce",
        ExchangeErrorCategory.RateLimit => "rate_limit",
        ExchangeErrorCategory.Validation => "validation",
        ExchangeErrorCategory.InsufficientFunds => "insufficient_funds",
        ExchangeErrorCategory.UnknownOrder => "unknown_order",
        ExchangeErrorCategory.OrderRejected => "order_rejected",
        ExchangeErrorCategory.ServiceUnavailable => "service_unavailable",
        ExchangeErrorCategory.Network => "network",
        ExchangeErrorCategory.UnexpectedResponse => "unexpected_response",
        ExchangeErrorCategory.OutcomeUnknown => "outcome_unknown",
        _ => "internal",
    };
}
