using System.Reflection;
using System.Reflection.Metadata;
using System.IO.Compression;
using System.Xml.Linq;

namespace OpsReady.EndToEnd.Tests;

/// <summary>The .nupkg has exactly the layout the contract promises.</summary>
public class PackageLayoutTests
{
    [Fact]
    public void Package_has_analyzers_build_files_tasks_and_nothing_for_runtime()
    {
        using var zip = ZipFile.OpenRead(PackageFixture.Shared.Package);
        var entries = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml").ToHashSet();

        foreach (var expected in new[]
        {
            "analyzers/dotnet/cs/OpsReady.Analyzers.dll",
            "analyzers/dotnet/cs/OpsReady.CodeFixes.dll",
            "build/OpsReady.props",
            "build/OpsReady.targets",
            "build/OpsReady.ServiceDetection.targets",
            "build/OpsReady.Attributes.cs",
            "buildTransitive/OpsReady.props",
            "buildTransitive/OpsReady.targets",
            "buildMultiTargeting/OpsReady.targets",
            "build/opsready-manifest.schema.json",
            "build/OpsReady.DotNetSupport.props",
            "Sdk/Sdk.props",
            "Sdk/Sdk.targets",
            "Sdk/OpsReady.Describe.targets",
            "Sdk/OpsReady.DescribeCrossTargeting.targets",
            "tasks/net8.0/OpsReady.Tasks.dll",
            "tasks/net472/OpsReady.Tasks.dll",
        })
        {
            Assert.Contains(expected, entries);
        }

        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal) || e.StartsWith("runtimes/", StringComparison.Ordinal));

        // The task must use MSBuild's own copies of these, never ship its own.
        Assert.DoesNotContain(entries, e => e.EndsWith("System.Text.Json.dll", StringComparison.Ordinal) || e.EndsWith("System.Reflection.Metadata.dll", StringComparison.Ordinal) || e.EndsWith("Microsoft.Build.Framework.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_ships_the_dotnet_support_table_one_dated_row_per_release()
    {
        using var zip = ZipFile.OpenRead(PackageFixture.Shared.Package);
        using var stream = zip.GetEntry("build/OpsReady.DotNetSupport.props")!.Open();
        var rows = XDocument.Load(stream).Descendants("OpsReadyDotNetSupport").ToList();
        var versions = rows.Select(r => r.Attribute("Include")!.Value).ToList();
        Assert.Equal(versions.Distinct().Count(), versions.Count);
        Assert.All(rows, r =>
        {
            Assert.True(Version.TryParse(r.Attribute("Include")!.Value, out _), r.ToString());
            Assert.True(DateTime.TryParseExact(r.Attribute("EndOfSupport")?.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _), r.ToString());
            Assert.Equal("true", r.Attribute("Shipped")?.Value);
        });
        string Ends(string version) => rows.Single(r => r.Attribute("Include")!.Value == version).Attribute("EndOfSupport")!.Value;
        // Microsoft's .NET support policy: .NET 8 (LTS) and .NET 9 (STS) both ended on 2026-11-10.
        Assert.Equal("2026-11-10", Ends("8.0"));
        Assert.Equal("2026-11-10", Ends("9.0"));
        Assert.Equal("2028-11-14", Ends("10.0"));
        // The package's props import it, so every service sees the table.
        using var props = new StreamReader(zip.GetEntry("build/OpsReady.props")!.Open());
        Assert.Contains("OpsReady.DotNetSupport.props", props.ReadToEnd());
    }

    [Fact]
    public void The_net472_task_references_no_newer_assembly_than_Visual_Studio_17_8_MSBuild_ships()
    {
        var references = PackedTask("net472", metadata => metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .ToDictionary(r => metadata.GetString(r.Name), r => r.Version));

        // What MSBuild 17.8 binds these to on .NET Framework, from the packages' own net472 dependency groups:
        // Microsoft.Build.Utilities.Core 17.8.43 for System.Collections.Immutable and System.Memory; Microsoft.Build for
        // System.Reflection.Metadata (17.8 is not on the feed: 17.7.2 is, and 17.8 ships the same or newer).
        var host = new Dictionary<string, Version>
        {
            ["System.Collections.Immutable"] = HostAssemblyVersion("Microsoft.Build.Utilities.Core", "17.8.43", "System.Collections.Immutable"),
            ["System.Memory"] = HostAssemblyVersion("Microsoft.Build.Utilities.Core", "17.8.43", "System.Memory"),
            ["System.Reflection.Metadata"] = HostAssemblyVersion("Microsoft.Build", "17.7.2", "System.Reflection.Metadata"),
            // MSBuild's own assemblies keep the version 15.1.0.0 in every release.
            ["Microsoft.Build.Framework"] = new Version(15, 1, 0, 0),
            ["Microsoft.Build.Utilities.Core"] = new Version(15, 1, 0, 0),
        };
        var framework = new[] { "mscorlib", "System", "System.Core", "System.Xml", "System.Xml.Linq", "netstandard" };
        foreach (var (name, version) in references)
        {
            if (framework.Contains(name))
            {
                continue;
            }

            Assert.True(host.TryGetValue(name, out var shipped), $"the net472 task references {name} {version}, which MSBuild 17.8 does not ship");
            Assert.True(version <= shipped, $"the net472 task references {name} {version}, newer than the {shipped} MSBuild 17.8 binds to");
        }

        Assert.Equal(new Version(7, 0, 0, 0), references["System.Collections.Immutable"]);
        Assert.Equal(new Version(7, 0, 0, 0), references["System.Reflection.Metadata"]);
    }

    [Fact]
    public void The_task_assembly_version_changes_with_every_package_version_prereleases_included()
    {
        var versions = new[] { "net8.0", "net472" }.Select(framework => PackedTask(framework, metadata => metadata.GetAssemblyDefinition().Version)).Distinct().ToList();
        var version = Assert.Single(versions);
        // The fixture packs 0.0.1-e2e.<time>.<pid>: the numeric part, then a hash of the whole version (a release gets 65534).
        Assert.Equal(new Version(0, 0, 1), new Version(version.Major, version.Minor, version.Build));
        Assert.InRange(version.Revision, 0, 65533);
    }

    /// <summary>What <paramref name="read"/> takes from the metadata of the packed task of <paramref name="framework"/> (read, never loaded).</summary>
    private static T PackedTask<T>(string framework, Func<MetadataReader, T> read)
    {
        using var zip = ZipFile.OpenRead(PackageFixture.Shared.Package);
        using var task = new MemoryStream();
        using (var entry = zip.GetEntry($"tasks/{framework}/OpsReady.Tasks.dll")!.Open())
        {
            entry.CopyTo(task);
        }

        task.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(task);
        return read(pe.GetMetadataReader());
    }

    /// <summary>The assembly version of the dependency <paramref name="id"/> that <paramref name="package"/>'s net472 group declares, from the restored packages.</summary>
    private static Version HostAssemblyVersion(string package, string packageVersion, string id)
    {
        var root = typeof(PackageLayoutTests).Assembly.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var nuspec = XDocument.Load(Path.Combine(root, package.ToLowerInvariant(), packageVersion, package.ToLowerInvariant() + ".nuspec"));
        var ns = nuspec.Root!.Name.Namespace;
        var declared = nuspec.Descendants(ns + "group").Single(g => (string?)g.Attribute("targetFramework") == ".NETFramework4.7.2")
            .Elements(ns + "dependency").Single(d => (string?)d.Attribute("id") == id).Attribute("version")!.Value;
        var lib = Path.Combine(root, id.ToLowerInvariant(), declared, "lib");
        var dll = Directory.GetDirectories(lib, "net4*").OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, id + ".dll")).Last(File.Exists);
        using var stream = File.OpenRead(dll);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        return pe.GetMetadataReader().GetAssemblyDefinition().Version;
    }

    [Fact]
    public void Package_is_a_development_dependency_with_no_dependencies()
    {
        using var zip = ZipFile.OpenRead(PackageFixture.Shared.Package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var ns = document.Root!.Name.Namespace;
        var metadata = document.Root.Element(ns + "metadata")!;
        Assert.Equal("OpsReady", metadata.Element(ns + "id")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));
    }

    [Fact]
    public void Package_declares_the_project_url_and_packs_its_own_readme()
    {
        var root = DotNet.RepositoryRoot();
        var projectUrl = XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("OpsReadyProjectUrl").Single().Value.Trim();

        using var zip = ZipFile.OpenRead(PackageFixture.Shared.Package);
        XElement metadata;
        using (var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open())
        {
            var document = XDocument.Load(stream);
            metadata = document.Root!.Element(document.Root.Name.Namespace + "metadata")!;
        }

        var ns = metadata.Name.Namespace;
        Assert.Equal(projectUrl, metadata.Element(ns + "projectUrl")?.Value);
        var repository = metadata.Element(ns + "repository");
        Assert.NotNull(repository);
        Assert.Equal(projectUrl, repository!.Attribute("url")?.Value);
        Assert.Equal("git", repository.Attribute("type")?.Value);

        // The NuGet page shows nuget/README.md (written for package users), not the repository's README.
        var readme = metadata.Element(ns + "readme")?.Value;
        Assert.NotNull(readme);
        string packed;
        using (var reader = new StreamReader(zip.GetEntry(readme!)!.Open()))
        {
            packed = reader.ReadToEnd();
        }

        Assert.Equal(File.ReadAllText(Path.Combine(root, "nuget", "README.md")), packed);
        Assert.NotEqual(File.ReadAllText(Path.Combine(root, "README.md")), packed);
    }

    [Fact]
    public void Analyzers_compile_against_Roslyn_4_8()
    {
        using var zip = ZipFile.OpenRead(PackageFixture.Shared.Package);
        foreach (var name in new[] { "analyzers/dotnet/cs/OpsReady.Analyzers.dll", "analyzers/dotnet/cs/OpsReady.CodeFixes.dll" })
        {
            using var memory = new MemoryStream();
            using (var stream = zip.GetEntry(name)!.Open())
            {
                stream.CopyTo(memory);
            }

            memory.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(memory);
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var roslyn = reader.AssemblyReferences.Select(reader.GetAssemblyReference)
                .Where(r => reader.GetString(r.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(roslyn);
            Assert.All(roslyn, r => Assert.Equal(new Version(4, 8, 0, 0), r.Version));
        }
    }
}
