using System.Text;
using System.Text.Json;
using OpsReady.Tests.Shared;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// Use 2 end to end: a bundle project (Sdk="OpsReady/&lt;version&gt;", resolved from the local feed through the
/// workspace's nuget.config) over a web service, a worker and a multi-targeted service, built with -m; then a
/// -graph rebuild, a fan-in from manifests uploaded by separate jobs, and the CI gate.
/// </summary>
public sealed class HandoffWorkspace
{
    public HandoffWorkspace()
    {
        var package = PackageFixture.Shared;
        Root = package.NewWorkspace("handoff");
        Uploads = Path.Combine(Root, "uploads");
        void W(string path, string content) => PackageFixture.Write(Root, path, content);

        W("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <RepositoryUrl>https://ci-bot:s3cr3t@github.com/contoso/services.git</RepositoryUrl>
                <SourceRevisionId>0123456789abcdef0123456789abcdef01234567</SourceRevisionId>
                <!-- Pinned so the verdicts (net8.0 is past its end of support) and the bundle do not move with the date. -->
                <OpsReadyAsOf>2026-12-04</OpsReadyAsOf>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" Condition="'$(MSBuildProjectName)' != 'Legacy'" />
              </ItemGroup>
            </Project>
            """);
        W("src/Payments/Payments.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Version>2.3.1</Version>
              </PropertyGroup>
            </Project>
            """);
        W("src/Payments/Program.cs", """
            [assembly: OpsReady.ServiceOwner("payments-team",
                Contact = "payments@contoso.example",
                OnCall = "https://oncall.example/schedules/payments",
                Runbook = "https://wiki.example/payments/runbook",
                Lifecycle = OpsReady.ServiceLifecycle.Production)]
            [assembly: OpsReady.OperationsHandoff("appops", Contact = "#appops", Since = "2026-09-01")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.MapGet("/", () => "hello");
            app.Run();
            """);
        W("src/Orders/Orders.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Worker">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
                <PackageReference Include="Microsoft.Extensions.Diagnostics.HealthChecks" Version="10.0.0" />
                <PackageReference Include="Serilog" Version="4.3.0" />
              </ItemGroup>
            </Project>
            """);
        W("src/Orders/Program.cs", """
            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "TODO", Lifecycle = OpsReady.ServiceLifecycle.Maintenance)]

            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            builder.Build().Run();
            """);
        W("src/Multi/Multi.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.1" />
                <PackageReference Include="Microsoft.Extensions.Diagnostics.HealthChecks" Version="8.0.11" />
              </ItemGroup>
            </Project>
            """);
        W("src/Multi/Program.cs", """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            [assembly: OpsReady.ServiceOwner("multi-team", Contact = "https://teams.example/multi")]

            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            // A worker maps no endpoint: its checks reach operations through a publisher (else OPS100: nothing can probe them).
            builder.Services.AddSingleton<Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheckPublisher, LogPublisher>();
            builder.Build().Run();

            internal sealed class LogPublisher(ILogger<LogPublisher> logger) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheckPublisher
            {
                public Task PublishAsync(Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report, CancellationToken cancellationToken)
                {
                    logger.LogInformation("Health is {Status}", report.Status);
                    return Task.CompletedTask;
                }
            }
            """);
        W("src/Shared/Shared.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        W("src/Shared/Class1.cs", "namespace Shared;\npublic class Class1 { }\n");
        // A web service that was never onboarded: the bundle that references it must list it, not drop it.
        W("src/Legacy/Legacy.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        W("src/Legacy/Program.cs", "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n");
        W("handoff/everything.proj", $"""
            <Project Sdk="OpsReady/{package.Version}">
              <ItemGroup>
                <ProjectReference Include="../src/**/*.csproj" />
              </ItemGroup>
            </Project>
            """);
        W("handoff/handoff.proj", $"""
            <Project Sdk="OpsReady/{package.Version}">
              <PropertyGroup>
                <OpsReadyBackstage>true</OpsReadyBackstage>
                <OpsReadyBackstageSystem>commerce</OpsReadyBackstageSystem>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../src/**/*.csproj" Exclude="../src/Legacy/**" />
              </ItemGroup>
            </Project>
            """);

        // A developer builds the compliant service first (no readiness: no compiler log), then the gate and the
        // bundle run on that incremental state: both must still see it ready.
        DeveloperBuild = DotNet.Run(Root, "build src/Payments/Payments.csproj");
        ReadyGate = DotNet.Run(Root, "build src/Payments/Payments.csproj --no-restore -p:OpsReadyRequireReady=true");

        // One CI job: build every service, bundle, and also drop the manifests in a collect folder given as a
        // relative path, as a person types it (relative to where the build starts, not to each project).
        Build = DotNet.Run(Root, "build handoff/handoff.proj -m -p:OpsReadyCollectDir=uploads/all/");
        First = Snapshot(Bundle);

        // With the bundle and every service's manifest deleted, a -graph build must write the same bytes again
        // (a full rebuild would prove no more: the manifest comes from the assembly and the compiler's log).
        Directory.Delete(Bundle, recursive: true);
        foreach (var manifest in Directory.GetFiles(Path.Combine(Root, "src"), "*.ownership.json", SearchOption.AllDirectories))
        {
            File.Delete(manifest);
        }

        GraphRebuild = DotNet.Run(Root, "build handoff/handoff.proj -m -graph --no-restore");
        Second = Snapshot(Bundle);

        // Fan-in: the manifests as separate jobs upload them (one folder per job), bundled without building.
        foreach (var file in Directory.GetFiles(Path.Combine(Uploads, "all")))
        {
            var job = Path.Combine(Uploads, "job-" + Path.GetFileName(file).Split('.')[0].ToLowerInvariant());
            Directory.CreateDirectory(job);
            File.Move(file, Path.Combine(job, Path.GetFileName(file)));
        }

        FanIn = DotNet.Run(Root, "build handoff/handoff.proj -p:OpsReadyManifestsDir=uploads/ -p:OpsReadyBundleDir=fan-in/");

        // The bundle that also references the service without the package.
        Everything = DotNet.Run(Root, "build handoff/everything.proj -m");

        // The CI gate, as a team that gates on readiness runs it: the worker with open findings fails.
        Gate = DotNet.Run(Root, "build src/Orders/Orders.csproj --no-restore -p:OpsReadyRequireReady=true");
    }

    public string Root { get; }

    public string Uploads { get; }

    public string Bundle => Path.Combine(Root, "handoff", "bin", "handoff");

    public DotNet.Result DeveloperBuild { get; }

    public DotNet.Result ReadyGate { get; }

    public DotNet.Result Build { get; }

    public DotNet.Result Everything { get; }

    public DotNet.Result GraphRebuild { get; }

    public DotNet.Result FanIn { get; }

    public DotNet.Result Gate { get; }

    public SortedDictionary<string, byte[]> First { get; }

    public SortedDictionary<string, byte[]> Second { get; }

    public static SortedDictionary<string, byte[]> Snapshot(string folder)
        => !Directory.Exists(folder)
            ? new(StringComparer.Ordinal)
            : new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    public string Text(string file) => Encoding.UTF8.GetString(First[file]);
}

public class HandoffBundleTests : IClassFixture<HandoffWorkspace>
{
    private readonly HandoffWorkspace workspace;

    public HandoffBundleTests(HandoffWorkspace workspace) => this.workspace = workspace;

    [Fact]
    public void Bundle_project_builds_the_services_and_writes_the_bundle()
    {
        Assert.True(workspace.Build.ExitCode == 0, workspace.Build.Output);
        Assert.DoesNotContain("OPSB", workspace.Build.Output);
        Assert.Equal(new[]
        {
            "backstage/Multi/catalog-info.yaml",
            "backstage/Orders/catalog-info.yaml",
            "backstage/Payments/catalog-info.yaml",
            "backstage/catalog-info.yaml",
            "handoff.md",
            "index.json",
            "manifests/Multi.net10.0.ownership.json",
            "manifests/Multi.net8.0.ownership.json",
            "manifests/Orders.net10.0.ownership.json",
            "manifests/Payments.net10.0.ownership.json",
            "sbom/Multi.net10.0.cdx.json",
            "sbom/Multi.net8.0.cdx.json",
            "sbom/Orders.net10.0.cdx.json",
            "sbom/Payments.net10.0.cdx.json",
        }, workspace.First.Keys);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(workspace.Root, "src", "Multi", "bin", "Debug", "net8.0", "Multi.ownership.json")),
            workspace.First["manifests/Multi.net8.0.ownership.json"]);
        // The bundle's SBOM is the one the service's build wrote beside its manifest, byte for byte.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(workspace.Root, "src", "Multi", "bin", "Debug", "net8.0", "Multi.cdx.json")),
            workspace.First["sbom/Multi.net8.0.cdx.json"]);
        foreach (var file in workspace.First)
        {
            Assert.DoesNotContain(workspace.Root, Encoding.UTF8.GetString(file.Value));
        }
    }

    [Fact]
    public void Every_manifest_matches_the_schema_shipped_in_the_package()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(PackageFixture.Shared.Package);
        using var reader = new StreamReader(zip.GetEntry("build/opsready-manifest.schema.json")!.Open());
        var shipped = Json.Schema.JsonSchema.FromText(reader.ReadToEnd());
        var manifests = workspace.First.Where(f => f.Key.StartsWith("manifests/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, manifests.Count);
        foreach (var manifest in manifests)
        {
            var json = Encoding.UTF8.GetString(manifest.Value);
            var errors = ManifestSchema.Errors(json, shipped);
            Assert.True(errors.Count == 0, manifest.Key + ":\n" + string.Join("\n", errors));
        }
    }

    [Fact]
    public void Manifest_has_dependencies_source_and_readiness_from_the_real_build()
    {
        using var orders = JsonDocument.Parse(workspace.First["manifests/Orders.net10.0.ownership.json"]);
        var root = orders.RootElement;
        var dependencies = root.GetProperty("dependencies").EnumerateArray().Select(d => d.GetProperty("name").GetString() + "@" + d.GetProperty("version").GetString()).ToList();
        Assert.Contains("Serilog@4.3.0", dependencies);
        Assert.Contains("Microsoft.Extensions.Hosting@10.0.0", dependencies);
        Assert.DoesNotContain(dependencies, d => d.StartsWith("OpsReady@", StringComparison.OrdinalIgnoreCase));
        var names = dependencies.Select(d => d.Split('@')[0]).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), names);

        Assert.Equal("https://github.com/contoso/services.git", root.GetProperty("source").GetProperty("repository").GetString());
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", root.GetProperty("source").GetProperty("commit").GetString());

        var readiness = root.GetProperty("readiness");
        Assert.False(readiness.GetProperty("ready").GetBoolean());
        // Orders registers health checks but maps no endpoint and registers no publisher: nothing can probe it (OPS100).
        Assert.Equal(new[] { "OPS002 src/Orders/Program.cs:1", "OPS004 src/Orders/Program.cs:1", "OPS100 src/Orders/Program.cs:6" },
            readiness.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("file").GetString()}:{f.GetProperty("line").GetInt32()}"));

        using var payments = JsonDocument.Parse(workspace.First["manifests/Payments.net10.0.ownership.json"]);
        Assert.True(payments.RootElement.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.Empty(payments.RootElement.GetProperty("readiness").GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public void Index_and_report_tell_the_operations_team_who_owns_and_runs_what_and_what_is_open()
    {
        using var index = JsonDocument.Parse(workspace.First["index.json"]);
        var services = index.RootElement.GetProperty("services").EnumerateArray().ToArray();
        Assert.Equal(new[] { "Multi/net10.0", "Multi/net8.0", "Orders/net10.0", "Payments/net10.0" },
            services.Select(s => s.GetProperty("name").GetString() + "/" + s.GetProperty("targetFramework").GetString()));
        var payments = services[3];
        Assert.Equal("payments-team", payments.GetProperty("owner").GetProperty("team").GetString());
        Assert.Equal("appops", payments.GetProperty("operations").GetProperty("team").GetString());
        Assert.Equal("production", payments.GetProperty("lifecycle").GetString());
        Assert.Equal("2.3.1", payments.GetProperty("version").GetString());
        Assert.True(payments.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.Equal(new[] { "OPS002", "OPS004", "OPS100" }, services[2].GetProperty("readiness").GetProperty("openRules").EnumerateArray().Select(r => r.GetString()));
        // .NET 8 reached its end of support on 2026-11-10: the net8.0 build of Multi cannot be patched (OPS400), its net10.0 build can.
        Assert.Equal(new[] { "OPS400" }, services[1].GetProperty("readiness").GetProperty("openRules").EnumerateArray().Select(r => r.GetString()));
        Assert.True(services[0].GetProperty("readiness").GetProperty("ready").GetBoolean());
        // The bundle judges support on its own reference date (Directory.Build.props pins it for the bundle project too).
        Assert.Equal("2026-12-04", index.RootElement.GetProperty("asOf").GetString());
        Assert.Equal(new[] { "supported", "ended", "supported", "supported" }, services.Select(s => s.GetProperty("runtime").GetProperty("status").GetString()));
        Assert.Equal("2026-11-10", services[1].GetProperty("runtime").GetProperty("supportEnds").GetString());

        var report = workspace.Text("handoff.md");
        Assert.Contains("3 services, 1 ready for handoff.", report);
        Assert.Contains("## Orders\n", report);
        Assert.Contains("**Not ready**. Findings:", report);
        Assert.Contains("| [Payments](#payments) | web | payments-team | appops since 2026-09-01 | production |", report);
        Assert.Contains("| [Orders](#orders) | worker | orders-team | not handed off | maintenance |", report);
        Assert.Contains("- Runbook: <https://wiki.example/payments/runbook>", report);
        Assert.Contains("| OPS004 | warning | `src/Orders/Program.cs:1` |", report);
        Assert.Contains("| Serilog | 4.3.0 |", report);
        Assert.Contains("### Dependencies (net8.0)", report);
        Assert.Contains("Patching as of 2026-12-04: 1 service on a .NET version past its end of support;", report);
        Assert.Contains("### Patching (net8.0)\n\n- Runtime: net8.0, **support ended on 2026-11-10**: it gets no more security fixes (OPS400)\n", report);
        Assert.Contains("### Patching (net10.0)\n\n- Runtime: net10.0, supported until 2028-11-14\n", report);
        // No <auditSources> here (the mirror serves no advisories): not checked, never "none".
        Assert.EndsWith("| **no** | **support ended** (net8.0) | not checked |", report.Split('\n').Single(l => l.StartsWith("| [Multi]", StringComparison.Ordinal)));
        Assert.Equal(JsonValueKind.Null, services[1].GetProperty("vulnerabilities").ValueKind);
    }

    [Fact]
    public void Backstage_export_has_a_component_per_service()
    {
        var payments = workspace.Text("backstage/Payments/catalog-info.yaml");
        Assert.StartsWith("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: \"Payments\"\n", payments);
        Assert.Contains("  lifecycle: \"production\"\n  owner: \"group:payments-team\"\n  system: \"commerce\"\n", payments);
        // Backstage documents experimental, production, deprecated: maintenance is production there, and said in an annotation.
        var orders = workspace.Text("backstage/Orders/catalog-info.yaml");
        Assert.Contains("  lifecycle: \"production\"\n  owner: \"group:orders-team\"\n", orders);
        Assert.Contains("    opsready/lifecycle: \"maintenance\"\n", orders);
        Assert.Contains("    - url: \"https://wiki.example/payments/runbook\"\n      title: \"Runbook\"", payments);
        Assert.Contains("    - url: \"https://oncall.example/schedules/payments\"\n      title: \"On call\"", payments);
        Assert.Contains("    opsready/operations-team: \"appops\"\n", payments);
        Assert.Contains("    opsready/ready: \"false\"\n", workspace.Text("backstage/Orders/catalog-info.yaml"));
        var location = workspace.Text("backstage/catalog-info.yaml");
        Assert.StartsWith("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: \"opsready-commerce\"\n", location);
        Assert.Contains("  targets:\n    - \"./Multi/catalog-info.yaml\"\n    - \"./Orders/catalog-info.yaml\"\n    - \"./Payments/catalog-info.yaml\"\n", location);
    }

    [Fact]
    public void A_compliant_service_built_without_readiness_is_ready_in_the_gate_and_the_bundle()
    {
        Assert.True(workspace.DeveloperBuild.ExitCode == 0, workspace.DeveloperBuild.Output);
        Assert.True(workspace.ReadyGate.ExitCode == 0, workspace.ReadyGate.Output);
        Assert.DoesNotContain("OPSB", workspace.ReadyGate.Output);
        using var payments = JsonDocument.Parse(workspace.First["manifests/Payments.net10.0.ownership.json"]);
        Assert.Equal("recorded", payments.RootElement.GetProperty("readiness").GetProperty("diagnostics").GetString());
        Assert.Contains("| [Payments](#payments) | web | payments-team | appops since 2026-09-01 | production | /health/live, /health/ready | yes | yes |", workspace.Text("handoff.md"));
        Assert.DoesNotContain("were not available", workspace.Text("handoff.md"));
    }

    [Fact]
    public void A_relative_collect_folder_is_one_folder_where_the_build_started()
    {
        Assert.Empty(Directory.GetDirectories(Path.Combine(workspace.Root, "src"), "uploads", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(Path.Combine(workspace.Root, "handoff"), "uploads", SearchOption.AllDirectories));
        Assert.True(Directory.Exists(Path.Combine(workspace.Root, "fan-in")), workspace.FanIn.Output);
    }

    [Fact]
    public void A_referenced_service_without_the_package_is_listed_as_not_onboarded_with_a_warning()
    {
        var result = workspace.Everything;
        Assert.True(result.ExitCode == 0, result.Output);
        var warnings = System.Text.RegularExpressions.Regex.Matches(result.Output, @"warning (OPSB\d+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(new[] { "OPSB118" }, warnings);
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("Legacy.csproj : warning OPSB118: Service 'Legacy' (web) does not reference the OpsReady package"));

        var bundle = Path.Combine(workspace.Root, "handoff", "bin", "handoff");
        var report = File.ReadAllText(Path.Combine(bundle, "handoff.md"));
        Assert.Contains("4 services, 1 ready for handoff, 1 with no ownership manifest.", report);
        Assert.Contains("| [Legacy](#legacy) | web | unknown | unknown | unknown | unknown | unknown | **no** (not onboarded) |", report);
        Assert.Contains("- **Not onboarded**: `../src/Legacy/Legacy.csproj` does not reference the OpsReady package", report);
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(bundle, "index.json")));
        var legacy = index.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Legacy");
        Assert.False(legacy.GetProperty("onboarded").GetBoolean());
        Assert.Equal("not-onboarded", legacy.GetProperty("readiness").GetProperty("reason").GetString());
        Assert.False(Directory.Exists(Path.Combine(bundle, "backstage", "Legacy")));
        // The libraries and the services with the package are not reported as missing.
        Assert.DoesNotContain("'Shared'", result.Output);
    }

    [Fact]
    public void Graph_build_regenerates_a_byte_identical_bundle()
    {
        Assert.True(workspace.GraphRebuild.ExitCode == 0, workspace.GraphRebuild.Output);
        AssertSameBundle(workspace.First, workspace.Second);
    }

    [Fact]
    public void Fan_in_from_uploaded_manifests_gives_the_same_bundle_as_one_job()
    {
        Assert.True(workspace.FanIn.ExitCode == 0, workspace.FanIn.Output);
        Assert.True(Directory.GetDirectories(workspace.Uploads, "job-*").Length >= 3);
        AssertSameBundle(workspace.First, HandoffWorkspace.Snapshot(Path.Combine(workspace.Root, "fan-in")));
    }

    [Fact]
    public void Gate_fails_the_build_with_OPSB100_naming_the_service_and_rules()
    {
        Assert.NotEqual(0, workspace.Gate.ExitCode);
        var errors = workspace.Gate.Output.Split('\n').Where(l => l.Contains("error OPSB100")).Distinct().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("Orders.csproj", e));
        Assert.DoesNotContain("error OPSB100", workspace.Build.Output);
        Assert.Contains(errors, e => e.Contains("'Orders' (net10.0) is not ready") && e.Contains("OPS002, OPS004"));
    }

    private static void AssertSameBundle(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var file in expected.Keys)
        {
            Assert.True(expected[file].SequenceEqual(actual[file]), file + " differs");
        }
    }
}
