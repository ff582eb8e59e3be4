namespace KrakenBot.Connector.Kraken;

/// <summary>
/// Where and how the connector talks to Kraken. Every URL can be pointed at the local sandbox. Call
/// <see cref="Validate"/> once before use (the REST client does it in its constructor).
/// </summary>
public sealed class KrakenOptions
{
    /// <summary>Base of the spot REST API; <c>/0/public/…</c> and <c>/0/private/…</c> are appended. Default <c>https://api.kraken.com</c>.</summary>
    public Uri RestBaseUrl { get; set; } = new("https://api.kraken.com");

    /// <summary>Public WebSocket v2 endpoint. Default <c>wss://ws.kraken.com/v2</c>.</summary>
    public Uri WebSocketPublicUrl { get; set; } = new("wss://ws.kraken.com/v2");

    /// <summary>Authenticated WebSocket v2 endpoint. Default <c>wss://ws-auth.kraken.com/v2</c>.</summary>
    public Uri WebSocketAuthUrl { get; set; } = new("wss://ws-auth.kraken.com/v2");

    /// <summary>The account's verification tier: it sets the size of the rate budgets. Default <see cref="KrakenTier.Starter"/>.</summary>
    public KrakenTier Tier { get; set; } = KrakenTier.Starter;

    /// <summary>How long one REST attempt may take, from sending to the last byte of the reply. Default 15 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts for a read-only call that fails transiently (network, 5xx, busy). Default 3; 1 disables retries.</summary>
    public int MaxReadAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt of a read-only call; doubles for each further attempt. Default 500 ms.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Checks every setting and throws one <see cref="InvalidOperationException"/> listing all problems.
    /// URLs must be absolute; plain <c>http</c>/<c>ws</c> is allowed only for loopback hosts (the local sandbox).
    /// </summary>
    public void Validate()
    {
        var problems = new List<string>();
        CheckUrl(problems, nameof(RestBaseUrl), RestBaseUrl, secureScheme: "https", plainScheme: "http");
        CheckUrl(problems, nameof(WebSocketPublicUrl), WebSocketPublicUrl, secureScheme: "wss", plainScheme: "ws");
        CheckUrl(problems, nameof(WebSocketAuthUrl), WebSocketAuthUrl, secureScheme: "wss", plainScheme: "ws");

        if (!Enum.IsDefined(Tier))
            problems.Add($"{nameof(Tier)} is {(int)Tier}, which is not a Kraken tier: use Starter, Intermediate or Pro.");
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(10))
            problems.Add($"{nameof(RequestTimeout)} is {RequestTimeout}: it must be above zero and at most 10 minutes.");
        if (MaxReadAttempts is < 1 or > 10)
            problems.Add($"{nameof(MaxReadAttempts)} is {MaxReadAttempts}: it must be between 1 and 10.");
        if (RetryBackoff < TimeSpan.Zero || RetryBackoff > TimeSpan.FromMinutes(1))
            problems.Add($"{nameof(RetryBackoff)} is {RetryBackoff}: it must be between zero and 1 minute.");

        if (problems.Count > 0)
            throw new InvalidOperationException("Invalid Kraken options: " + string.Join(" ", problems));
    }

    private static void CheckUrl(List<string> problems, string name, Uri? url, string secureScheme, string plainScheme)
    {
        if (url is null)
        {
            problems.Add($"{name} is not set.");
            return;
        }
        if (!url.IsAbsoluteUri)
        {
            problems.Add($"{name} '{url}' is not an absolute URL: write it with scheme and host, e.g. '{secureScheme}://host'.");
            return;
        }
        if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            problems.Add($"{name} '{url}' has a query or fragment: give only scheme, host, port and (optionally) a base path.");
        if (url.Scheme == secureScheme) return;
        if (url.Scheme == plainScheme)
        {
            if (!url.IsLoopback)
                problems.Add($"{name} '{url}' uses unencrypted '{plainScheme}' for a non-loopback host: use '{secureScheme}' (plain '{plainScheme}' is only for a local sandbox on 127.0.0.1/localhost).");
            return;
        }
        problems.Add($"{name} '{url}' has scheme '{url.Scheme}': use '{secureScheme}' (or '{plainScheme}' for a loopback sandbox).");
    }
}
