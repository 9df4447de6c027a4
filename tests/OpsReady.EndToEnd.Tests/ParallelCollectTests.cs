using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>Twenty services built in parallel (-m) into one collect folder leave twenty complete manifests.</summary>
public class ParallelCollectTests
{
    [Fact]
    public void Twenty_services_built_with_m_leave_twenty_valid_manifests()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("parallel");
        var collect = Path.Combine(root, "collect");
        PackageFixture.Write(root, "Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <OpsReadyService>true</OpsReadyService>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);

        var projects = Enumerable.Range(1, 20).Select(i => $"Service{i:00}").ToArray();
        foreach (var name in projects)
        {
            PackageFixture.Write(root, $"{name}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            PackageFixture.Write(root, $"{name}/Program.cs", $$"""
                [assembly: OpsReady.ServiceOwner("team-{{name}}", Contact = "#{{name.ToLowerInvariant()}}", Runbook = "https://wiki.example/{{name}}/{{new string('r', 2000)}}")]
                System.Console.WriteLine("{{name}}");
                """);
        }

        PackageFixture.Write(root, "All.slnx", "<Solution>\n" + string.Join("\n", projects.Select(p => $"  <Project Path=\"{p}/{p}.csproj\" />")) + "\n</Solution>\n");

        // Relative, as typed in a shell: one folder where the build started, not one per project.
        var build = DotNet.Run(root, "build All.slnx -m:4 -p:OpsReadyCollectDir=collect/");
        Assert.True(build.ExitCode == 0, build.Output);

        var files = Directory.GetFiles(collect).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(projects.SelectMany(p => new[] { p + ".cdx.json", p + ".ownership.json" }), files);
        foreach (var name in projects)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(collect, name + ".ownership.json")));
            Assert.Equal(name, json.RootElement.GetProperty("service").GetProperty("name").GetString());
            Assert.Equal("team-" + name, json.RootElement.GetProperty("ownership").GetProperty("team").GetString());
        }

        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(Path.Combine(root, "Service01"), "collect", SearchOption.AllDirectories));
    }
}
