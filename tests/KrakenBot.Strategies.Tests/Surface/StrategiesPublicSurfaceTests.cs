using System.Reflection;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.Strategies.Tests.Surface;

/// <summary>
/// The strategies library shows a strategy author the host, the built-in strategies with their configs and status, and
/// the state stores; the machinery behind the built-ins stays internal (issue 15). The limit keeps it from regrowing.
/// </summary>
public class StrategiesPublicSurfaceTests
{
    /// <summary>Raise only on purpose: each public type is one more thing authors learn and we keep compatible.</summary>
    private const int MaxPublicTypes = 96;

    private static readonly Assembly Strategies = typeof(Strategy).Assembly;

    [Fact]
    public void The_library_exports_no_more_types_than_the_limit()
    {
        int exported = Strategies.GetExportedTypes().Length;

        Assert.True(exported <= MaxPublicTypes,
            $"The strategies library exports {exported} public types, more than {MaxPublicTypes}. Make what an author never " +
            $"names internal, or raise the limit on purpose.{Environment.NewLine}{PublicSurface.Describe(Strategies)}");
    }

    [Fact]
    public void Every_exported_type_and_member_has_a_summary()
    {
        IReadOnlyList<string> missing = PublicSurface.Undocumented(Strategies);

        Assert.True(missing.Count == 0, "Public API without an XML summary:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void No_two_exported_types_share_a_name_nor_shadow_a_dotnet_runtime_type()
    {
        IReadOnlyList<string> clashes = [.. PublicSurface.NameClashes(Strategies), .. PublicSurface.ShadowingRuntimeTypes(Strategies)];

        Assert.True(clashes.Count == 0, "Clashing public type names: " + string.Join("; ", clashes));
    }
}
