using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// Where a bot of the data directory keeps what other <c>krakenbot</c> processes read: <c>DATA_DIR/bots/ID/</c> holds
/// <c>status.json</c> (the running bot's latest status, rewritten each second and once more when it ends),
/// <c>running.lock</c> (held open while it runs; the OS lets go if the process dies), <c>stop-request</c> (written by
/// <c>stop</c>, read by the running bot) and <c>bot.log</c> (headless runs). Its state proper (P&amp;L, own orders, hanging
/// orders) lives in the journal; these files only let processes see and steer each other without sharing the journal.
/// </summary>
internal sealed class BotFiles
{
    private BotFiles(string directory, string id)
    {
        Id = id;
        Directory = directory;
    }

    public string Id { get; }
    public string Directory { get; }
    public string StatusPath => Path.Combine(Directory, "status.json");
    public string LockPath => Path.Combine(Directory, "running.lock");
    public string StopRequestPath => Path.Combine(Directory, "stop-request");
    public string LogPath => Path.Combine(Directory, "bot.log");

    public static string Root(string dataDirectory) => Path.Combine(dataDirectory, "bots");

    public static BotFiles For(string dataDirectory, string id) => new(Path.Combine(Root(dataDirectory), id), id);

    /// <summary>Every bot that has run in this data directory, by id.</summary>
    public static IReadOnlyList<BotFiles> All(string dataDirectory)
    {
        var root = Root(dataDirectory);
        if (!System.IO.Directory.Exists(root)) return [];
        return System.IO.Directory.GetDirectories(root)
            .Select(d => new BotFiles(d, Path.GetFileName(d)))
            .Where(b => File.Exists(b.StatusPath))
            .OrderBy(b => b.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The bots named by <paramref name="id"/> (that one, or an error naming the known ones), or all when null.</summary>
    public static IReadOnlyList<BotFiles> Select(string dataDirectory, string? id)
    {
        var all = All(dataDirectory);
        if (id is null) return all;
        var bot = all.FirstOrDefault(b => b.Id == id);
        if (bot is not null) return [bot];
        var known = all.Count == 0 ? "no bot has run in this data directory yet" : "bots here: " + string.Join(", ", all.Select(b => b.Id));
        throw CliException.Usage($"There is no bot '{id}' in {dataDirectory} ({known}).");
    }

    /// <summary>Takes the running lock, or returns null when another process holds it (the bot runs elsewhere).</summary>
    public FileStream? TryLock()
    {
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True while a process runs this bot (it holds the lock).</summary>
    public bool IsRunning()
    {
        if (!File.Exists(LockPath)) return false;
        using var probe = TryLock();
        return probe is null;
    }

    /// <summary>Writes <paramref name="json"/> as the status, whole or not at all (a reader never sees half a file).</summary>
    public void WriteStatus(byte[] json)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = StatusPath + ".tmp";
        File.WriteAllBytes(temporary, json);
        File.Move(temporary, StatusPath, overwrite: true);
    }

    public string? ReadStatus() => File.Exists(StatusPath) ? File.ReadAllText(StatusPath) : null;

    /// <summary>Asks the running bot to stop; <paramref name="keepOrders"/> leaves its orders on the book.</summary>
    public void RequestStop(bool keepOrders) => File.WriteAllText(StopRequestPath, keepOrders ? "keep-orders" : "cancel-orders");

    /// <summary>A pending stop request: null when none, else whether it keeps the orders.</summary>
    public bool? TakeStopRequest()
    {
        if (!File.Exists(StopRequestPath)) return null;
        string text;
        try
        {
            text = File.ReadAllText(StopRequestPath).Trim();
            File.Delete(StopRequestPath);
        }
        catch (IOException)
        {
            return null; // being written: seen on the next look
        }
        return text == "keep-orders";
    }

    public void ClearStopRequest()
    {
        if (File.Exists(StopRequestPath)) File.Delete(StopRequestPath);
    }
}
