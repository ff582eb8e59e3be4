using System.Reflection;

namespace KrakenBot.Cli.Tests;

/// <summary>The strategy assemblies the tests pass to <c>--strategy-assembly</c>, as their projects built them (same configuration as the tests).</summary>
internal static class UserAssemblies
{
    /// <summary>samples/MyStrategy: the documented sample.</summary>
    public static string Sample => Built("samples/MyStrategy", "MyStrategy");

    /// <summary>tests/UserStrategies: strategies that fail in each way a user's may, and one with its own dependency.</summary>
    public static string TestStrategies => Built("tests/UserStrategies", "UserStrategies");

    private static string Built(string project, string name)
    {
        var configuration = typeof(UserAssemblies).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "KrakenBot.slnx"))) continue;
            var path = Path.Combine(dir.FullName, project, "bin", configuration, "net10.0", name + ".dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built: build {project} first.");
        }

        throw new InvalidOperationException("Cannot find the repository root (KrakenBot.slnx) above " + AppContext.BaseDirectory);
    }
}
