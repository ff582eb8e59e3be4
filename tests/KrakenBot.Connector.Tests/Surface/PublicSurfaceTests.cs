using System.Reflection;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.Connector.Tests.Surface;

/// <summary>
/// The connector's public surface stays small, documented and free of clashing names (issue 15). PublicAPI.*.txt tracks
/// each member; these tests hold the overall shape, so the surface cannot silently regrow.
/// </summary>
public class PublicSurfaceTests
{
    /// <summary>Raise only on purpose: each public type is one more thing users learn and we keep compatible.</summary>
    private const int MaxPublicTypes = 66;

    private static readonly Assembly Connector = typeof(KrakenConnector).Assembly;

    [Fact]
    public void The_connector_exports_no_more_types_than_the_limit()
    {
        int exported = Connector.GetExportedTypes().Length;

        Assert.True(exported <= MaxPublicTypes,
            $"The connector exports {exported} public types, more than {MaxPublicTypes}. Make infrastructure internal " +
            $"(InternalsVisibleTo serves tests, benchmarks and the CLI), or raise the limit on purpose.{Environment.NewLine}" +
            PublicSurface.Describe(Connector));
    }

    [Fact]
    public void Every_exported_type_and_member_has_a_summary()
    {
        IReadOnlyList<string> missing = PublicSurface.Undocumented(Connector);

        Assert.True(missing.Count == 0, "Public API without an XML summary:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void No_two_exported_types_share_a_name()
    {
        IReadOnlyList<string> clashes = PublicSurface.NameClashes(Connector);

        Assert.True(clashes.Count == 0, "Type names used in two namespaces: " + string.Join("; ", clashes));
    }

    [Fact]
    public void No_exported_type_shadows_a_dotnet_runtime_type()
    {
        Assert.Contains("AuthenticationException", PublicSurface.RuntimeTypeNames()); // the probe reads what it should

        IReadOnlyList<string> shadowing = PublicSurface.ShadowingRuntimeTypes(Connector);

        Assert.True(shadowing.Count == 0, "Public types named like a .NET runtime type (rename them): " + string.Join(", ", shadowing));
    }
}
