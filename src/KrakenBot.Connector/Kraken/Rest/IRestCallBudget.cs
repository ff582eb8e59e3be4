namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>
/// The per-key REST call counter (API.md §3.1) as seen by the REST client: every private call waits here
/// for room before it is sent, instead of tripping Kraken's limit.
/// </summary>
internal interface IRestCallBudget
{
    /// <summary>Waits until a call costing <paramref name="cost"/> fits under the tier's maximum, then charges it.</summary>
    ValueTask WaitAsync(int cost, CancellationToken cancellationToken);

    /// <summary>Kraken said <c>EAPI:Rate limit exceeded</c>: our model was behind; treat the counter as full.</summary>
    void OnRateLimitExceeded();

    /// <summary>Kraken said <c>EService: Throttled: &lt;ts&gt;</c>: send nothing before <paramref name="until"/>.</summary>
    void OnThrottled(DateTimeOffset until);

    /// <summary>
    /// The last call charged here has its reply (calls on the key go one at a time, as in a fleet): it reached Kraken
    /// somewhere between its booking and now, so count its cost from now on, never earlier than Kraken did.
    /// </summary>
    void OnReplied()
    {
    }
}
