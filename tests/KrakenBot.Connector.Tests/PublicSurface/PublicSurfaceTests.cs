using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace KrakenBot.Connector.Tests.PublicSurface;

/// <summary>
/// The connector's public surface stays small, documented and free of names that clash (issue 15). PublicAPI.*.txt
/// tracks each member; these tests hold the overall shape, so the surface cannot silently regrow.
/// </summary>
public class PublicSurfaceTests
{
    /// <summary>Raise only on purpose: each new public type is one more thing users learn and we keep compatible.</summary>
    private const int MaxPublicTypes = 66;

    private static readonly Assembly Connector = typeof(KrakenConnector).Assembly;

    private static Type[] Exported => Connector.GetExportedTypes();

    [Fact]
    public void The_connector_exports_no_more_types_than_the_limit()
    {
        Type[] exported = Exported;

        string byNamespace = string.Join(Environment.NewLine, exported
            .GroupBy(t => t.Namespace)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()} ({string.Join(", ", g.Select(t => t.Name).Order(StringComparer.Ordinal))})"));
        Assert.True(exported.Length <= MaxPublicTypes,
            $"The connector exports {exported.Length} public types, more than {MaxPublicTypes}. Make infrastructure internal " +
            $"(InternalsVisibleTo serves tests, benchmarks and the CLI), or raise the limit on purpose.{Environment.NewLine}{byNamespace}");
    }

    [Fact]
    public void Every_exported_type_and_member_has_a_summary_in_the_xml_documentation()
    {
        string docPath = Path.ChangeExtension(Connector.Location, ".xml");
        Assert.True(File.Exists(docPath), $"No XML documentation next to {Connector.Location}; GenerateDocumentationFile must stay on.");
        Dictionary<string, XElement> members = XDocument.Load(docPath).Descendants("member")
            .GroupBy(m => (string)m.Attribute("name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var documented = members
            .Where(m => !string.IsNullOrWhiteSpace((string?)m.Value.Element("summary")) || m.Value.Element("inheritdoc") is not null)
            .Select(m => m.Key)
            .ToHashSet(StringComparer.Ordinal);

        var missing = new List<string>();
        foreach (Type type in Exported)
        {
            string typeId = DocId(type);
            if (!documented.Contains("T:" + typeId)) missing.Add("T:" + typeId);
            // Members are checked by name: enough to catch an undocumented property, event, field or method group.
            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (member is MethodInfo { IsSpecialName: true } || IsCompilerMade(type, member)) continue;
                string prefix = member switch
                {
                    PropertyInfo => "P:",
                    EventInfo => "E:",
                    FieldInfo => "F:",
                    ConstructorInfo => "M:",
                    _ => "M:",
                };
                string name = member is ConstructorInfo ? "#ctor" : member.Name;
                string id = $"{prefix}{typeId}.{name}";
                bool hasDoc = documented.Any(d => d == id || d.StartsWith(id + "(", StringComparison.Ordinal) || d.StartsWith(id + "``", StringComparison.Ordinal));
                // A positional record's properties are documented by the record's <param> tags.
                bool isRecordParameter = member is PropertyInfo && members.TryGetValue("T:" + typeId, out XElement? typeDoc)
                    && typeDoc.Elements("param").Any(p => (string?)p.Attribute("name") == member.Name && !string.IsNullOrWhiteSpace(p.Value));
                if (!hasDoc && !isRecordParameter) missing.Add(id);
            }
        }

        Assert.True(missing.Count == 0, "Public API without an XML summary:" + Environment.NewLine + string.Join(Environment.NewLine, missing.Distinct()));
    }

    [Fact]
    public void No_two_exported_types_share_a_name()
    {
        string[] clashes = [.. Exported.GroupBy(t => t.Name).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Namespace))}")];

        Assert.True(clashes.Length == 0, "Type names used in two namespaces: " + string.Join("; ", clashes));
    }

    [Fact]
    public void No_exported_type_shadows_a_public_type_of_the_dotnet_runtime()
    {
        HashSet<string> runtimeNames = RuntimeTypeNames();
        Assert.Contains("AuthenticationException", runtimeNames); // the probe reads what it should

        string[] shadowing = [.. Exported.Where(t => !t.IsNested && runtimeNames.Contains(t.Name)).Select(t => t.FullName!)];

        Assert.True(shadowing.Length == 0, "Public types named like a .NET runtime type (rename them): " + string.Join(", ", shadowing));
    }

    /// <summary>Names of the public top-level types defined by the shared framework the tests run on, read from metadata without loading it.</summary>
    private static HashSet<string> RuntimeTypeNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string file in Directory.EnumerateFiles(runtimeDirectory, "System.*.dll"))
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) continue;
            MetadataReader reader = pe.GetMetadataReader();
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if ((type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
                    names.Add(StripArity(reader.GetString(type.Name)));
            }
        }
        return names;
    }

    /// <summary>Members the compiler writes for records (Equals, Deconstruct, EqualityContract, the copy constructor) carry no docs of their own.</summary>
    private static bool IsCompilerMade(Type type, MemberInfo member) =>
        member.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "<Clone>$" or "EqualityContract"
        || (member is FieldInfo && type.IsEnum && member.Name == "value__")
        || (member is ConstructorInfo ctor && ctor.GetParameters() is [{ } only] && only.ParameterType == type)
        || (member is ConstructorInfo { IsStatic: false } c && type.IsValueType && c.GetParameters().Length == 0);

    private static string DocId(Type type) => type.FullName!.Replace('+', '.');

    private static string StripArity(string name) => name.IndexOf('`') is var tick and >= 0 ? name[..tick] : name;
}
