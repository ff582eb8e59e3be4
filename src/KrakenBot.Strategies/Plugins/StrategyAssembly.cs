using System.Reflection;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Plugins;

/// <summary>
/// A user's compiled strategies: the assembly at a path, loaded once into its own <see cref="StrategyLoadContext"/>,
/// and its classes found by full or short name.
/// </summary>
public sealed class StrategyAssembly
{
    private static readonly Dictionary<string, StrategyAssembly> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadedLock = new();

    private StrategyAssembly(string path, Assembly assembly)
    {
        Path = path;
        Assembly = assembly;
    }

    /// <summary>The assembly's full path.</summary>
    public string Path { get; }

    /// <summary>The loaded assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>Loads the assembly at <paramref name="path"/> (once per process; later calls answer the same one).</summary>
    /// <exception cref="StrategyLoadException">No file there, or not a .NET assembly.</exception>
    public static StrategyAssembly Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        lock (LoadedLock)
        {
            if (Loaded.TryGetValue(full, out var known)) return known;
            if (!File.Exists(full))
            {
                throw new StrategyLoadException(
                    $"The strategy assembly '{full}' does not exist. Build your strategy project ('dotnet build -c Release') and pass " +
                    "the .dll from its bin/Release/net10.0/ folder with --strategy-assembly.");
            }

            Assembly assembly;
            try
            {
                assembly = new StrategyLoadContext(full).LoadFromAssemblyPath(full);
            }
            catch (BadImageFormatException e)
            {
                throw new StrategyLoadException(
                    $"'{full}' is not a .NET assembly: pass the .dll your strategy project builds (bin/Release/net10.0/NAME.dll), not its sources or an app host.", e);
            }
            catch (FileLoadException e)
            {
                throw new StrategyLoadException($"'{full}' could not be loaded: {e.Message}", e);
            }

            var loaded = new StrategyAssembly(full, assembly);
            Loaded[full] = loaded;
            return loaded;
        }
    }

    /// <summary>The strategy classes the assembly defines (public, concrete, deriving from <see cref="Strategy"/>).</summary>
    /// <exception cref="StrategyLoadException">A type could not be loaded (a dependency is missing).</exception>
    public IReadOnlyList<Type> StrategyTypes() => [.. Types().Where(IsStrategy).OrderBy(t => t.FullName, StringComparer.Ordinal)];

    /// <summary>
    /// The strategy class named <paramref name="name"/>: its full name (<c>MyStrategy.QuoteUnderMid</c>), or its short
    /// name (<c>QuoteUnderMid</c>) when only one class of the assembly has it.
    /// </summary>
    /// <exception cref="StrategyLoadException">No such class, several, or a class that is not a strategy.</exception>
    public Type FindStrategy(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var types = Types();
        var matches = types.Where(t => t.FullName == name).ToList();
        if (matches.Count == 0) matches = [.. types.Where(t => t.Name == name)];
        if (matches.Count > 1)
        {
            throw new StrategyLoadException(
                $"strategy: '{name}' names {matches.Count} classes in {Path}: {string.Join(", ", matches.Select(t => t.FullName))}. Write the full name of the one to run.");
        }

        if (matches.Count == 0)
        {
            var offered = StrategyTypes();
            string known = offered.Count == 0
                ? "It defines no strategy class (a public class deriving from KrakenBot.Strategies.Hosting.Strategy)."
                : $"Its strategy classes: {string.Join(", ", offered.Select(t => t.FullName))}.";
            throw new StrategyLoadException($"strategy: no class '{name}' in {Path}. {known} Name one of them in the config's 'strategy:' key.");
        }

        var type = matches[0];
        if (!typeof(Strategy).IsAssignableFrom(type))
        {
            throw new StrategyLoadException(
                $"strategy: {type.FullName} is not a strategy: it must derive from KrakenBot.Strategies.Hosting.Strategy " +
                $"(it derives from {type.BaseType?.FullName ?? "nothing"}). Write 'public sealed class {type.Name} : Strategy'.");
        }

        if (type.IsAbstract || !type.IsPublic && !type.IsNestedPublic)
        {
            throw new StrategyLoadException(
                $"strategy: {type.FullName} cannot be run: it is {(type.IsAbstract ? "abstract" : "not public")}. Make it a public, non-abstract class.");
        }

        return type;
    }

    private static bool IsStrategy(Type type) => typeof(Strategy).IsAssignableFrom(type) && !type.IsAbstract && (type.IsPublic || type.IsNestedPublic);

    private Type[] Types()
    {
        try
        {
            return Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            string missing = string.Join("; ", e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct().Take(3));
            throw new StrategyLoadException(
                $"{Path} could not be loaded: {missing}. Its dependencies must sit beside it with its .deps.json: pass the .dll " +
                "from the project's build output (bin/Release/net10.0/) or from 'dotnet publish', not a copy of the .dll alone.", e);
        }
    }
}
