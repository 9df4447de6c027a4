using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using OpsReady.Contract;

namespace OpsReady.Tasks.Tests;

/// <summary>
/// The contract module (src/OpsReady.Contract) names what build/OpsReady.Attributes.cs declares, and is the only
/// place in src/ that spells those names out.
/// </summary>
public class ContractTests
{
    private static readonly string[] NameFields = { "Name", "TypeName", "MetadataName" };

    [Theory]
    [InlineData(typeof(AttributeNames.ServiceOwner))]
    [InlineData(typeof(AttributeNames.OperationsHandoff))]
    public void Attribute_names_are_those_the_attributes_source_declares(Type names)
    {
        var constants = Constants(names);
        var type = CompiledAttributes().GetType(constants["MetadataName"]);
        Assert.NotNull(type);
        Assert.Equal(constants["TypeName"], type!.Name);
        Assert.Equal(AttributeNames.Namespace, type.Namespace);
        Assert.Equal(constants["Name"] + "Attribute", type.Name);

        // The one positional argument is the team, kept in the get-only property the contract names.
        var constructor = Assert.Single(type.GetConstructors());
        Assert.Equal(typeof(string), Assert.Single(constructor.GetParameters()).ParameterType);
        var team = type.GetProperty(constants["Team"]);
        Assert.NotNull(team);
        Assert.False(team!.CanWrite);

        var named = type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
        var contract = constants.Where(c => !NameFields.Contains(c.Key) && c.Key != "Team").Select(c => c.Value).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(named, contract);
        Assert.All(constants.Where(c => !NameFields.Contains(c.Key)), c => Assert.Equal(c.Key, c.Value));
    }

    [Fact]
    public void Lifecycle_values_are_those_the_attributes_source_declares()
    {
        var assembly = CompiledAttributes();
        var type = assembly.GetType(AttributeNames.Namespace + "." + ServiceLifecycles.TypeName);
        Assert.NotNull(type);
        Assert.True(type!.IsEnum);
        Assert.Equal(
            Enum.GetValues(type).Cast<object>().Select(v => (v.ToString()!, Convert.ToInt32(v))),
            ServiceLifecycles.All.Select(v => (v.ToString(), (int)v)));

        var owner = assembly.GetType(AttributeNames.ServiceOwner.MetadataName)!;
        Assert.Equal(type, owner.GetProperty(AttributeNames.ServiceOwner.Lifecycle)!.PropertyType);
        var unset = Activator.CreateInstance(owner, "team")!;
        Assert.Equal((int)ServiceLifecycles.Default, Convert.ToInt32(owner.GetProperty(AttributeNames.ServiceOwner.Lifecycle)!.GetValue(unset)));
        Assert.Equal("production", ServiceLifecycles.DefaultManifestName);
        Assert.Equal("Experimental, Production, Maintenance or Deprecated", ServiceLifecycles.Choices());
        Assert.Equal("7", ServiceLifecycles.ManifestName(7));
    }

    [Fact]
    public void The_attributes_file_name_is_the_one_the_targets_link()
    {
        Assert.Contains($@"Link=""OpsReady\{AttributeNames.SourceFileName}""", File.ReadAllText(Path.Combine(RepositoryRoot, "build", "OpsReady.targets")));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot, "build", AttributeNames.SourceFileName)));
    }

    /// <summary>What the contract names, written as a string literal anywhere else in src/, is a second definition that can drift.</summary>
    [Fact]
    public void No_other_source_file_restates_the_contract_names()
    {
        var literals = new List<string>();
        foreach (var names in new[] { typeof(AttributeNames), typeof(AttributeNames.ServiceOwner), typeof(AttributeNames.OperationsHandoff), typeof(ServiceLifecycles), typeof(FactKinds) })
        {
            // The namespace alone ("OpsReady") is also the package's id and the product's name: not a name to look for.
            literals.AddRange(Constants(names).Where(c => c.Value != AttributeNames.Namespace).Select(c => "\"" + c.Value + "\""));
        }

        literals.AddRange(ServiceLifecycles.All.Select(v => "\"" + ServiceLifecycles.ManifestName((int)v) + "\""));
        literals.Add("\"" + FactKinds.MetadataKeyPrefix); // also as the start of a longer literal

        // Same text, another meaning: the title of the runbook link in a Backstage catalog entity.
        var allowed = new HashSet<(string, string)> { ("src/OpsReady.Tasks/BackstageRenderer.cs", "\"Runbook\"") };

        var src = Path.Combine(RepositoryRoot, "src");
        var contract = Path.Combine(src, "OpsReady.Contract") + Path.DirectorySeparatorChar;
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/');
            if (file.StartsWith(contract, StringComparison.Ordinal) || Regex.IsMatch(relative, "/(bin|obj)/"))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            found.AddRange(literals.Where(l => text.Contains(l, StringComparison.Ordinal) && !allowed.Contains((relative, l))).Select(l => $"{relative}: {l}"));
        }

        Assert.True(found.Count == 0, "Use the names in src/OpsReady.Contract instead of restating them:\n" + string.Join("\n", found));
        Assert.Contains("\"ServiceOwnerAttribute\"", literals);
        Assert.Contains("\"Contact\"", literals);
        Assert.Contains("\"maintenance\"", literals);
        Assert.Contains("\"health.endpoint\"", literals);
    }

    private static Dictionary<string, string> Constants(Type type)
        => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    private static readonly Lazy<Assembly> Attributes = new(() =>
    {
        var directory = Directory.CreateTempSubdirectory("opsready-contract-");
        var path = TestAssemblies.Compile(directory.FullName, "Contract.Attributes", "", withAttributes: true);
        var image = File.ReadAllBytes(path);
        directory.Delete(recursive: true);
        return new AssemblyLoadContext("contract", isCollectible: true).LoadFromStream(new MemoryStream(image));
    });

    private static Assembly CompiledAttributes() => Attributes.Value;

    private static string RepositoryRoot => RepositoryFiles.Root;
}
