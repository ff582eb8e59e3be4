namespace KrakenBot.Chaos;

/// <summary>The sandbox faults the driver switches on and off.</summary>
internal enum FaultKind
{
    SocketDrop,
    SocketDropEvery,
    AckDrop,
    AckDelay,
    ReplySwallowed,
    DuplicateExecutions,
    ReorderExecutions,
    Rest502,
    RestUnavailable,
    RestBusy,
    RateLimit,
    Maintenance,
    CancelOnly,
    PairStatus,
    CorruptChecksum,
}

internal static class FaultKinds
{
    public static readonly IReadOnlyList<FaultKind> All = Enum.GetValues<FaultKind>();

    /// <summary>The name used on the command line, e.g. <c>socket-drop</c>.</summary>
    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.SocketDrop => "socket-drop",
        FaultKind.SocketDropEvery => "socket-drop-every",
        FaultKind.AckDrop => "ack-drop",
        FaultKind.AckDelay => "ack-delay",
        FaultKind.ReplySwallowed => "reply-swallowed",
        FaultKind.DuplicateExecutions => "dup-exec",
        FaultKind.ReorderExecutions => "reorder-exec",
        FaultKind.Rest502 => "rest-502",
        FaultKind.RestUnavailable => "rest-unavailable",
        FaultKind.RestBusy => "rest-busy",
        FaultKind.RateLimit => "rate-limit",
        FaultKind.Maintenance => "maintenance",
        FaultKind.CancelOnly => "cancel-only",
        FaultKind.PairStatus => "pair-status",
        FaultKind.CorruptChecksum => "checksum",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><c>all</c>, <c>none</c> or a comma-separated list of names.</summary>
    public static IReadOnlyList<FaultKind> Parse(string text)
    {
        if (text == "all") return All;
        if (text == "none") return [];
        var result = new List<FaultKind>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = All.Where(k => Name(k) == part).ToList();
            if (match.Count == 0)
                throw new ArgumentException($"Unknown fault '{part}'. Known: all, none, {string.Join(", ", All.Select(Name))}.");
            result.Add(match[0]);
        }
        return result;
    }
}
