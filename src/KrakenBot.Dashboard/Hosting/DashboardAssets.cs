using System.Collections.Frozen;

namespace KrakenBot.Dashboard.Hosting;

/// <summary>The page's files, embedded in this assembly (plain HTML, JS and CSS: nothing to build or install).</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Files = Load();

    /// <summary>The file served at <paramref name="path"/> (<c>/</c> is <c>index.html</c>), or null.</summary>
    public static (byte[] Body, string ContentType)? Find(string path)
    {
        string name = path is "" or "/" ? "index.html" : path.TrimStart('/');
        return Files.TryGetValue(name, out var file) ? file : null;
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        const string Prefix = "wwwroot/";
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..].Replace('\\', '/')] = (copy.ToArray(), ContentType(resource));
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
