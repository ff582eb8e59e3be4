namespace KrakenBot.Connector.Storage;

/// <summary>Where the journal lives and how it is opened.</summary>
public sealed record TradingJournalOptions
{
    /// <summary>
    /// The default journal file: <c>krakenbot/journal.db</c> under the user's local application data directory
    /// (<c>~/.local/share</c> on Linux, <c>%LOCALAPPDATA%</c> on Windows).
    /// </summary>
    public static string DefaultPath =>
        System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "krakenbot",
            "journal.db");

    /// <summary>
    /// Where the journal lives: a SQLite file (<see cref="DefaultPath"/> when null; its directory is created when
    /// missing), or a PostgreSQL database shared by several bots, given as <c>postgres://user:password@host:5432/db</c>
    /// or <c>Host=…;Username=…;Database=…</c> (tables in schema <c>krakenbot</c> unless <c>Search Path</c> names one).
    /// </summary>
    public string? Path { get; init; }

    /// <summary>
    /// Open for reading only (e.g. a CLI showing history while the bot runs): no writer lock is taken, nothing is
    /// migrated, every write throws. The file must already exist at the current schema version.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Run SQLite's <c>quick_check</c> when opening, so a damaged file is refused at start rather than halfway
    /// through a trading session. On by default; it reads the whole file once.
    /// </summary>
    public bool VerifyIntegrityOnOpen { get; init; } = true;

    /// <summary>The clock used to stamp rows the journal creates itself (accounts, migrations, balances).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Creates the connector's meter (<c>krakenbot.journal.commit_duration</c>); a process-wide meter when null.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    internal string ResolvePath() => System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path) ? DefaultPath : Path);
}
