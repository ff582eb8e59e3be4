// Counts (and with --list, names) the exported types of an assembly, read from metadata without loading it.
// Usage: dotnet run tools/public-types.cs -- src/KrakenBot.Connector/bin/Release/net10.0/KrakenBot.Connector.dll [--list]
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

using var stream = File.OpenRead(args[0]);
using var pe = new PEReader(stream);
var md = pe.GetMetadataReader();
var names = new List<string>();
int nonPublic = 0;
foreach (var handle in md.TypeDefinitions)
{
    var type = md.GetTypeDefinition(handle);
    if (IsVisible(md, type)) names.Add(md.GetString(type.Namespace) + "." + md.GetString(type.Name));
    else if (md.GetString(type.Name) != "<Module>" && !md.GetString(type.Name).Contains('<')) nonPublic++;
}
if (args.Contains("--list")) foreach (var n in names.Order()) Console.WriteLine(n);
Console.WriteLine($"public types: {names.Count}, non-public types: {nonPublic}");

static bool IsVisible(MetadataReader md, TypeDefinition type)
{
    var visibility = type.Attributes & System.Reflection.TypeAttributes.VisibilityMask;
    if (visibility == System.Reflection.TypeAttributes.Public) return true;
    if (visibility is System.Reflection.TypeAttributes.NestedPublic or System.Reflection.TypeAttributes.NestedFamily or System.Reflection.TypeAttributes.NestedFamORAssem)
        return IsVisible(md, md.GetTypeDefinition(type.GetDeclaringType()));
    return false;
}
