using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// The packed package under another compiler than the SDK's own: the Roslyn 4.14 toolset (Microsoft.Net.Compilers.Toolset,
/// which the SDK runs only with RoslynCompilerType=Toolset; no older toolset is on the feed), and the [Embedded] decision,
/// which follows the compiler that runs (CompilerApiVersion), not the MSBuild version.
/// </summary>
public sealed class CompilerToolsetTests
{
    private const string Worker = """
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddJsonConsole();
        builder.Build().Run();
        """;

    private static string Project(PackageFixture package, string extra = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk.Worker">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" />
            <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
            {extra}
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void The_Roslyn_4_14_toolset_runs_the_packed_analyzers_and_accepts_the_embedded_attributes()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("toolset");
        PackageFixture.Write(root, "Orders.csproj", Project(package, """<PackageReference Include="Microsoft.Net.Compilers.Toolset" Version="4.14.0" PrivateAssets="all" />"""));
        PackageFixture.Write(root, "Program.cs", Worker);

        var build = DotNet.Run(root, "build -nologo -v:n -p:RoslynCompilerType=Toolset");
        Assert.True(build.ExitCode == 0, build.Output);
        // The toolset's compiler ran, not the SDK's.
        Assert.Contains(build.Output.Split('\n'), l => l.Contains("microsoft.net.compilers.toolset/4.14.0", StringComparison.OrdinalIgnoreCase) && l.Contains("csc", StringComparison.Ordinal));
        Assert.Contains(build.Diagnostics(), d => d.Id == "OPS001" && d.File == "Program.cs");
        Assert.DoesNotContain("AD0001", build.Output);
        Assert.DoesNotContain(build.Output.Split('\n'), l => (l.Contains("CS8032") || l.Contains("CS9057")) && l.Contains("OpsReady", StringComparison.Ordinal));
        Assert.True(DeclaresEmbeddedAttribute(Path.Combine(root, "bin", "Debug", "net10.0", "Orders.dll")), "Roslyn 4.14 accepts [Embedded]: the attributes should carry it");
        Assert.True(File.Exists(Path.Combine(root, "bin", "Debug", "net10.0", "Orders.ownership.json")));
    }

    [Fact]
    public void A_compiler_older_than_4_14_gets_plain_internal_attributes_whatever_the_MSBuild_version()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("oldcompiler");
        PackageFixture.Write(root, "Orders.csproj", Project(package));
        PackageFixture.Write(root, "Program.cs", Worker);
        var assembly = Path.Combine(root, "bin", "Debug", "net10.0", "Orders.dll");

        var current = DotNet.Run(root, "build -nologo");
        Assert.True(current.ExitCode == 0, current.Output);
        Assert.True(DeclaresEmbeddedAttribute(assembly), "the SDK 10 compiler accepts [Embedded]");

        // As the compiler targets of a Roslyn 4.8 compiler say it (MSBuild here is 18.x, which alone would say yes).
        var older = DotNet.Run(root, "build -nologo --no-incremental -p:CompilerApiVersion=roslyn4.8");
        Assert.True(older.ExitCode == 0, older.Output);
        Assert.False(DeclaresEmbeddedAttribute(assembly), "a compiler older than 4.14 rejects a source-declared [Embedded]");
        Assert.Contains(older.Diagnostics(), d => d.Id == "OPS001");

        // The property still wins.
        var forced = DotNet.Run(root, "build -nologo --no-incremental -p:CompilerApiVersion=roslyn4.8 -p:OpsReadyEmbeddedAttribute=true");
        Assert.True(forced.ExitCode == 0, forced.Output);
        Assert.True(DeclaresEmbeddedAttribute(assembly));
    }

    /// <summary>Whether the compiled service declares Microsoft.CodeAnalysis.EmbeddedAttribute (the attribute source adds it only with [Embedded] on).</summary>
    private static bool DeclaresEmbeddedAttribute(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Any(t => metadata.GetString(t.Namespace) == "Microsoft.CodeAnalysis" && metadata.GetString(t.Name) == "EmbeddedAttribute");
    }
}
