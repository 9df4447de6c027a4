using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// The SBOM a service build writes, checked against CycloneDX's own: validated with the CycloneDX 1.6 JSON schema that
/// the CycloneDX .NET tool ships (embedded in its CycloneDX.Core.dll, installed here from the package feed), and its
/// packages compared with what that tool reports for the same project.
/// </summary>
public sealed class SbomTests
{
    private static readonly Lazy<CycloneDxTool> Tool = new(() => new CycloneDxTool());

    [Fact]
    public void The_service_SBOM_is_valid_CycloneDX_1_6_and_lists_what_the_CycloneDX_tool_lists()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("sbom");
        PackageFixture.Write(root, "Billing.csproj", package.WebServiceProject().Replace("<ItemGroup>", """
            <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageReference Include="Serilog.Sinks.Console" Version="6.1.1" />
            """));
        PackageFixture.Write(root, "Program.cs", """
            [assembly: OpsReady.ServiceOwner("billing-team", Contact = "billing@contoso.example")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            var app = builder.Build();
            app.Run();
            """);
        var collect = Path.Combine(root, "collect");
        var build = DotNet.Run(root, $"build -nologo -p:OpsReadyCollectDir=\"{collect}\"");
        Assert.True(build.ExitCode == 0, build.Output);

        var path = Path.Combine(root, "bin", "Debug", "net10.0", "Billing.cdx.json");
        var json = File.ReadAllText(path);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Path.Combine(collect, "Billing.cdx.json")));
        var errors = Tool.Value.SchemaErrors(json);
        Assert.True(errors.Count == 0, "not valid CycloneDX 1.6:\n" + string.Join("\n", errors) + "\n" + json);
        // The validator is live: a component type CycloneDX does not define is an error.
        var broken = JsonNode.Parse(json)!;
        broken["components"]![0]!["type"] = "librarian";
        Assert.NotEmpty(Tool.Value.SchemaErrors(broken.ToJsonString()));

        using var ours = JsonDocument.Parse(json);
        var components = ours.RootElement.GetProperty("components").EnumerateArray().ToList();
        // The shared frameworks a web service runs on, with the version it targets.
        Assert.Equal(new[] { "Microsoft.AspNetCore.App", "Microsoft.NETCore.App" },
            components.Where(c => c.GetProperty("type").GetString() == "framework").Select(c => c.GetProperty("name").GetString()));
        Assert.All(components.Where(c => c.GetProperty("type").GetString() == "framework"), c => Assert.StartsWith("10.0.", c.GetProperty("version").GetString()));
        var packages = components.Where(c => c.GetProperty("type").GetString() == "library").Select(c => c.GetProperty("purl").GetString()!).ToList();
        // Serilog comes in transitively: what ships is listed.
        Assert.Contains("pkg:nuget/Serilog.Sinks.Console@6.1.1", packages);
        Assert.Contains(packages, p => p.StartsWith("pkg:nuget/Serilog@", StringComparison.Ordinal));
        Assert.DoesNotContain(packages, p => p.StartsWith("pkg:nuget/OpsReady@", StringComparison.OrdinalIgnoreCase));

        var theirs = Tool.Value.Packages(root, "Billing.csproj");
        Assert.Equal(theirs.OrderBy(p => p, StringComparer.Ordinal), packages.OrderBy(p => p, StringComparer.Ordinal));

        // A no-change build leaves it alone; a changed dependency rewrites it.
        var written = File.GetLastWriteTimeUtc(path);
        var again = DotNet.Run(root, $"build -nologo --no-restore -p:OpsReadyCollectDir=\"{collect}\"");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));

        // Turned off: no SBOM is written.
        File.Delete(path);
        var off = DotNet.Run(root, "build -nologo --no-restore --no-incremental -p:OpsReadySbom=false");
        Assert.True(off.ExitCode == 0, off.Output);
        Assert.False(File.Exists(path));
    }

    /// <summary>The CycloneDX .NET tool, installed once per run from the package feed into a folder of its own.</summary>
    private sealed class CycloneDxTool
    {
        private const string Version = "6.3.1";
        private readonly string toolPath;
        private readonly List<JsonSchema> schemas = new();
        private readonly JsonSchema bom;

        public CycloneDxTool()
        {
            toolPath = Directory.CreateTempSubdirectory("opsready-cyclonedx-").FullName;
            var install = DotNet.Run(toolPath, $"tool install CycloneDX --version {Version} --tool-path \"{toolPath}\"", TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet tool install CycloneDX failed:\n" + install.Output);
            }

            // The schemas are resources of CycloneDX.Core.dll: read them, never load its code.
            // The tool package holds a copy per framework (tools/net8.0/any, ...): their resources are the same.
            var core = Directory.GetFiles(toolPath, "CycloneDX.Core.dll", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).First();
            var context = new AssemblyLoadContext("cyclonedx-schemas", isCollectible: true);
            try
            {
                var assembly = context.LoadFromAssemblyPath(core);
                string Resource(string name)
                {
                    using var stream = assembly.GetManifestResourceStream("CycloneDX.Core.Schemas." + name)
                        ?? throw new InvalidOperationException(core + " has no schema " + name + ": " + string.Join(", ", assembly.GetManifestResourceNames()));
                    using var reader = new StreamReader(stream);
                    return reader.ReadToEnd();
                }

                foreach (var name in new[] { "spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json" })
                {
                    schemas.Add(JsonSchema.FromText(Resource(name)));
                }

                bom = JsonSchema.FromText(Resource("bom-1.6.schema.json"));
            }
            finally
            {
                context.Unload();
            }
        }

        public List<string> SchemaErrors(string json)
        {
            var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
            foreach (var schema in schemas)
            {
                options.SchemaRegistry.Register(schema);
            }

            EvaluationResults result;
            lock (bom)
            {
                result = bom.Evaluate(JsonNode.Parse(json), options);
            }

            return result.IsValid
                ? new List<string>()
                : result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
        }

        /// <summary>The purls of the packages the tool reports for the project (restored already; development dependencies left out).</summary>
        public List<string> Packages(string folder, string project)
        {
            var output = Path.Combine(folder, "cyclonedx-out");
            var exe = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "dotnet-CycloneDX.exe" : "dotnet-CycloneDX");
            var run = DotNet.Exec(exe, folder, $"\"{project}\" -o \"{output}\" -F Json -spv 1.6 -dpr -ed -tfm net10.0", TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, "dotnet-CycloneDX failed:\n" + run.Output);
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bom.json")));
            return document.RootElement.GetProperty("components").EnumerateArray()
                .Where(c => c.GetProperty("type").GetString() == "library")
                .Select(c => c.GetProperty("purl").GetString()!)
                .ToList();
        }
    }
}
