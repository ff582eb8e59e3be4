using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace KrakenBot.Tests.Shared;

/// <summary>
/// What a library assembly shows its users (issue 15): its exported types by namespace, the ones without XML docs, and
/// names that clash with each other or with the .NET runtime. Each package's tests hold their own limits with it.
/// </summary>
public static class PublicSurface
{
    /// <summary>The exported types, one line per namespace with the count and the names (for failure messages).</summary>
    public static string Describe(Assembly assembly) => string.Join(Environment.NewLine, assembly.GetExportedTypes()
        .GroupBy(t => t.Namespace)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key}: {g.Count()} ({string.Join(", ", g.Select(t => t.Name).Order(StringComparer.Ordinal))})"));

    /// <summary>
    /// Documentation ids (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>E:</c>, <c>F:</c>) of exported types and members with no
    /// summary (nor <c>inheritdoc</c>) in the XML documentation file next to the assembly.
    /// </summary>
    public static IReadOnlyList<string> Undocumented(Assembly assembly)
    {
        string docPath = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(docPath)) return [$"(no XML documentation at {docPath}: GenerateDocumentationFile must stay on)"];
        Dictionary<string, XElement> docs = XDocument.Load(docPath).Descendants("member")
            .GroupBy(m => (string)m.Attribute("name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var documented = docs
            .Where(d => !string.IsNullOrWhiteSpace((string?)d.Value.Element("summary")) || d.Value.Element("inheritdoc") is not null)
            .Select(d => d.Key)
            .ToHashSet(StringComparer.Ordinal);

        var missing = new List<string>();
        foreach (Type type in assembly.GetExportedTypes())
        {
            string typeId = type.FullName!.Replace('+', '.');
            if (!documented.Contains("T:" + typeId)) missing.Add("T:" + typeId);
            // Members are checked by name: enough to catch an undocumented property, event, field or method group.
            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (member is MethodInfo { IsSpecialName: true } || IsCompilerMade(type, member)) continue;
                string id = member switch
                {
                    PropertyInfo => $"P:{typeId}.{member.Name}",
                    EventInfo => $"E:{typeId}.{member.Name}",
                    FieldInfo => $"F:{typeId}.{member.Name}",
                    ConstructorInfo => $"M:{typeId}.#ctor",
                    _ => $"M:{typeId}.{member.Name}",
                };
                bool hasDoc = documented.Any(d => d == id || d.StartsWith(id + "(", StringComparison.Ordinal) || d.StartsWith(id + "``", StringComparison.Ordinal));
                // A positional record's properties are documented by the record's <param> tags.
                bool isRecordParameter = member is PropertyInfo && docs.TryGetValue("T:" + typeId, out XElement? typeDoc)
                    && typeDoc.Elements("param").Any(p => (string?)p.Attribute("name") == member.Name && !string.IsNullOrWhiteSpace(p.Value));
                if (!hasDoc && !isRecordParameter) missing.Add(id);
            }
        }
        return [.. missing.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Type names exported from two namespaces, as <c>Name: Namespace, Namespace</c>.</summary>
    public static IReadOnlyList<string> NameClashes(Assembly assembly) => [.. assembly.GetExportedTypes()
        .GroupBy(t => t.Name)
        .Where(g => g.Count() > 1)
        .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Namespace))}")];

    /// <summary>Exported top-level types named like a public type of the .NET runtime the tests run on (e.g. <c>ValidationException</c>).</summary>
    public static IReadOnlyList<string> ShadowingRuntimeTypes(Assembly assembly)
    {
        HashSet<string> runtime = RuntimeTypeNames();
        return [.. assembly.GetExportedTypes().Where(t => !t.IsNested && runtime.Contains(StripArity(t.Name))).Select(t => t.FullName!)];
    }

    /// <summary>Names of the public top-level types the shared framework defines, read from metadata without loading it.</summary>
    public static HashSet<string> RuntimeTypeNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string file in Directory.EnumerateFiles(runtimeDirectory, "System.*.dll"))
        {
            using FileStream stream = File.OpenRead(file);
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

    /// <summary>Members the compiler writes (record equality, Deconstruct, copy and implicit constructors, an enum's value field) carry no docs of their own.</summary>
    private static bool IsCompilerMade(Type type, MemberInfo member) =>
        member.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "<Clone>$" or "EqualityContract" or "value__"
        || (member is ConstructorInfo ctor && ctor.GetParameters() is [{ } only] && only.ParameterType == type)
        // The implicit parameterless constructor of a class or struct has no source to document.
        || (member is ConstructorInfo { IsStatic: false } c && c.GetParameters().Length == 0);

    private static string StripArity(string name) => name.IndexOf('`') is var tick and >= 0 ? name[..tick] : name;
}
