namespace KrakenBot.Tests.Shared;

/// <summary>
/// The last lines of every log file under a folder, read while the program may still be writing them: a test that fails
/// on a bot says what the bot saw, not only what it showed.
/// </summary>
public static class LogTails
{
    public static string Under(string folder, string pattern, int lines)
    {
        var logs = Directory.Exists(folder) ? Directory.GetFiles(folder, pattern, SearchOption.AllDirectories) : [];
        if (logs.Length == 0) return $"(no {pattern} under {folder})";
        return string.Join('\n', logs.Select(path =>
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return $"--- {path} (last {lines} lines)\n" + string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }));
    }
}
