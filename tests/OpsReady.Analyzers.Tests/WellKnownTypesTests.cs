using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OpsReady.Analyzers.Tests;

/// <summary>WellKnownTypes.Find answers as Compilation.GetTypeByMetadataName does, by walking namespaces instead of every reference.</summary>
public class WellKnownTypesTests
{
    private static readonly MetadataReference[] Framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToArray();

    private static CSharpCompilation Compile(string source, params MetadataReference[] more)
        => CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText(source) }, Framework.Concat(more), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static MetadataReference Library(string name, string source)
    {
        var library = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, Framework, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.True(library.Emit(stream).Success);
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    [Fact]
    public void Finds_every_well_known_type_the_compiler_finds()
    {
        var compilation = Compile("class C { }");
        var names = typeof(WellKnownTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is string value && value.Contains('.'))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            Assert.Equal(compilation.GetTypeByMetadataName(name), WellKnownTypes.Find(compilation, name), SymbolEqualityComparer.Default);
        }

        // The framework subset above holds some of them; make sure the comparison was not only of nulls.
        Assert.NotNull(WellKnownTypes.Find(compilation, WellKnownTypes.Exception));
        Assert.NotNull(WellKnownTypes.Find(compilation, WellKnownTypes.MelLogger));
    }

    [Theory]
    [InlineData("System.Collections.Generic.List`1", "List", 1)]
    [InlineData("System.Collections.Generic.KeyValuePair`2", "KeyValuePair", 2)]
    [InlineData("System.String", "String", 0)]
    public void Reads_namespace_name_and_arity(string metadataName, string name, int arity)
    {
        var type = WellKnownTypes.Find(Compile(""), metadataName);
        Assert.NotNull(type);
        Assert.Equal(name, type!.Name);
        Assert.Equal(arity, type.Arity);
    }

    [Theory]
    [InlineData("System.Collections.Generic.List")]
    [InlineData("No.Such.Namespace.Type")]
    [InlineData("System.NoSuchType")]
    [InlineData("System")]
    public void Is_null_for_what_does_not_exist(string metadataName)
        => Assert.Null(WellKnownTypes.Find(Compile(""), metadataName));

    [Fact]
    public void The_compilations_own_type_wins_and_two_referenced_ones_are_ambiguous()
    {
        var first = Library("First", "namespace Lib { public class Dup { } public class OnlyFirst { } }");
        var second = Library("Second", "namespace Lib { public class Dup { } }");

        var referencing = Compile("class C { }", first, second);
        Assert.Null(WellKnownTypes.Find(referencing, "Lib.Dup"));
        Assert.Null(referencing.GetTypeByMetadataName("Lib.Dup"));
        Assert.Equal("First", WellKnownTypes.Find(referencing, "Lib.OnlyFirst")!.ContainingAssembly.Name);

        var declaring = Compile("namespace Lib { public class Dup { } }", first, second);
        Assert.Same(declaring.Assembly, WellKnownTypes.Find(declaring, "Lib.Dup")!.ContainingAssembly);
        Assert.Same(declaring.Assembly, declaring.GetTypeByMetadataName("Lib.Dup")!.ContainingAssembly);
    }

    [Fact]
    public void A_reference_under_an_extern_alias_is_not_searched_by_either()
    {
        // Such a type is not in the global namespace; GetTypeByMetadataName does not look there either, so a
        // project that references ASP.NET Core only under an alias is treated as not referencing it, as before.
        var library = Library("Aliased", "namespace Lib { public class OnlyHere { } }").WithAliases(new[] { "other" });
        var compilation = Compile("extern alias other; class C { other::Lib.OnlyHere field; }", library);

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Null(compilation.GetTypeByMetadataName("Lib.OnlyHere"));
        Assert.Null(WellKnownTypes.Find(compilation, "Lib.OnlyHere"));
    }
}
