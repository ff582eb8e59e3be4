using System.Reflection;
using System.Runtime.Loader;

namespace KrakenBot.Strategies.Plugins;

/// <summary>
/// Where a user's strategy assembly is loaded: its own dependencies resolve from its build output (its
/// <c>.deps.json</c>, through <see cref="AssemblyDependencyResolver"/>), while every assembly the host ships (KrakenBot's,
/// the framework, Microsoft.Extensions.*) is the host's own copy, so that the user's class derives from the very
/// <see cref="Hosting.Strategy"/> the host runs and shares its <c>ILogger</c>, <c>TradingPair</c> and so on.
/// </summary>
internal sealed class StrategyLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(ReadHostAssemblies);

    private readonly AssemblyDependencyResolver _resolver;

    public StrategyLoadContext(string assemblyPath)
        : base($"strategy:{Path.GetFileNameWithoutExtension(assemblyPath)}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Null defers to the default context: the host's copy is used (one type identity for the shared contracts).
        if (assemblyName.Name is { } name && HostAssemblies.Value.Contains(name)) return null;
        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    // The host's trusted platform assemblies: the framework plus the host app's own dependencies.
    private static HashSet<string> ReadHostAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                names.Add(Path.GetFileNameWithoutExtension(path));
        }

        foreach (var loaded in Default.Assemblies)
        {
            if (loaded.GetName().Name is { } name) names.Add(name);
        }

        return names;
    }
}
