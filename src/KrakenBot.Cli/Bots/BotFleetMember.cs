using KrakenBot.Connector.Storage;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// The fleet member a bot's connector runs as on a journal a fleet shares: the bot's own id when it runs alone, the
/// group's name when it runs in a strategy group (one connection for the group, so all its bots' orders are under the
/// group's name). Written to the journal by <c>start</c>; read by <c>fleet status</c> (is its process running?) and
/// <c>fleet cancel</c> (under which name are its orders?).
/// </summary>
internal static class BotFleetMember
{
    private const string ScopePrefix = "fleet-member:";
    private const string RunsAs = "runs_as";

    /// <summary>Records that each of <paramref name="botIds"/> runs as <paramref name="member"/>.</summary>
    public static async Task RecordAsync(TradingJournal journal, IEnumerable<string> botIds, string member, CancellationToken ct)
    {
        foreach (var id in botIds)
        {
            await journal.Documents.SaveAsync(ScopePrefix + id, new Dictionary<string, string?> { [RunsAs] = member }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The member <paramref name="botId"/> last ran as: its group's name, or its own id (also when never recorded).</summary>
    public static async Task<string> ReadAsync(TradingJournal journal, string botId, CancellationToken ct)
    {
        var documents = await journal.Documents.GetAllAsync(ScopePrefix + botId, ct).ConfigureAwait(false);
        return documents.TryGetValue(RunsAs, out var member) ? member : botId;
    }
}
