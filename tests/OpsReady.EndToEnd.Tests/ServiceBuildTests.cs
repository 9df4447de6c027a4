using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// Packs the real package, enables it for a whole repository in Directory.Build.props, builds a
/// solution of services, a library and a test project from the local feed, and checks what a
/// developer and a CI pipeline see: the warnings, the manifests, incremental builds and publish.
/// </summary>
public sealed class ServiceSolution
{
    public ServiceSolution()
    {
        var package = PackageFixture.Shared;
        Root = package.NewWorkspace("services");
        Collect = Path.Combine(Root, "artifacts", "manifests");
        void W(string path, string content) => PackageFixture.Write(Root, path, content);

        W("Directory.Build.props", $"""
            <Project>
              <ItemGroup>
                <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        W("docs/payments-runbook.md", "# Payments runbook\n");
        W("Services.slnx", """
            <Solution>
              <Project Path="src/Web/Web.csproj" />
              <Project Path="src/Worker/Worker.csproj" />
              <Project Path="src/Lib/Lib.csproj" />
              <Project Path="src/Payments/Payments.csproj" />
              <Project Path="src/Search/Search.csproj" />
              <Project Path="src/Multi/Multi.csproj" />
              <Project Path="src/Forced/Forced.csproj" />
              <Project Path="src/OptOut/OptOut.csproj" />
              <Project Path="src/Confused/Confused.csproj" />
              <Project Path="tests/Payments.Tests/Payments.Tests.csproj" />
            </Solution>
            """);

        const string WebProject = """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                EXTRA
              </PropertyGroup>
            </Project>
            """;
        const string MinimalProgram = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", () => "hello");
            app.Run();
            """;

        W("src/Web/Web.csproj", WebProject.Replace("EXTRA", ""));
        W("src/Web/Program.cs", MinimalProgram);

        W("src/Worker/Worker.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Worker">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """);
        W("src/Worker/Program.cs", """
            var builder = Host.CreateApplicationBuilder(args);
            builder.Build().Run();
            """);
        W("src/Worker/Ownership.cs", """
            using OpsReady;

            [assembly: ServiceOwner("workers-team", Contact = "TODO", Lifecycle = ServiceLifecycle.Maintenance)]
            """);

        W("src/Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        W("src/Lib/Class1.cs", """
            [assembly: OpsReady.ServiceOwner("TODO")]
            namespace Lib;
            public class Class1 { }
            """);

        W("src/Payments/Payments.csproj", WebProject.Replace("EXTRA", "<Version>2.3.1</Version>"));
        W("src/Payments/Program.cs", """
            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """);
        W("src/Payments/Ownership.cs", """
            using System.Runtime.CompilerServices;
            using Owner = OpsReady.ServiceOwnerAttribute;

            [assembly: Owner(Teams.Payments,
                Contact = "payments@contoso.example",
                OnCall = "https://oncall.example/schedules/payments",
                Runbook = "docs/payments-runbook.md",
                Lifecycle = OpsReady.ServiceLifecycle.Maintenance)]
            [assembly: OpsReady.OperationsHandoff("appops", Contact = "#appops", Since = "2026-09-01")]
            [assembly: InternalsVisibleTo("Payments.Tests")]

            internal static class Teams
            {
                public const string Payments = "payments-team";
            }
            """);

        W("src/Search/Search.csproj", WebProject.Replace("EXTRA", "<OpsReadyKnownTeams>payments-team;identity</OpsReadyKnownTeams>"));
        W("src/Search/Program.cs", MinimalProgram);
        W("src/Search/Ownership.cs", """[assembly: OpsReady.ServiceOwner("search-team", Contact = "search@contoso.example")]""");

        W("src/Multi/Multi.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.1" />
              </ItemGroup>
            </Project>
            """);
        W("src/Multi/Program.cs", """
            using Microsoft.Extensions.Hosting;

            [assembly: OpsReady.ServiceOwner("multi-team", Contact = "https://teams.example/multi")]

            Host.CreateApplicationBuilder(args).Build().Run();
            """);

        W("src/Forced/Forced.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OpsReadyService>true</OpsReadyService>
              </PropertyGroup>
            </Project>
            """);
        W("src/Forced/Class1.cs", "namespace Forced;\npublic class Class1 { }\n");

        W("src/OptOut/OptOut.csproj", WebProject.Replace("EXTRA", "<OpsReadyService>false</OpsReadyService>"));
        W("src/OptOut/Program.cs", MinimalProgram);

        W("src/Confused/Confused.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OpsReadyService>maybe</OpsReadyService>
                <OpsReadyServiceKind>daemon</OpsReadyServiceKind>
              </PropertyGroup>
            </Project>
            """);
        W("src/Confused/Class1.cs", "namespace Confused;\npublic class Class1 { }\n");

        W("tests/Payments.Tests/Payments.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <ProjectReference Include="../../src/Payments/Payments.csproj" />
              </ItemGroup>
            </Project>
            """);
        W("tests/Payments.Tests/UsesInternals.cs", """
            [assembly: OpsReady.ServiceOwner("TODO")]
            namespace Payments.Tests;
            public class UsesInternals
            {
                public string Team => Teams.Payments;
            }
            """);

        Build = DotNet.Run(Root, $"build Services.slnx --no-incremental -p:OpsReadyCollectDir={Collect}/");
        NoChangeBuild = DotNet.Run(Root, "build src/Payments/Payments.csproj --no-restore -v:d");
        Publish = DotNet.Run(Root, $"publish src/Payments/Payments.csproj --no-restore -o {Path.Combine(Root, "publish")}");
    }

    public string Root { get; }

    public string Collect { get; }

    public DotNet.Result Build { get; }

    public DotNet.Result NoChangeBuild { get; }

    public DotNet.Result Publish { get; }

    /// <summary>The ownership rules' warnings only (OPS001-OPS004): these services are not meant to have probes or JSON logs.</summary>
    public string[] OwnershipWarnings(string project) => Warnings(project).Where(w => w.StartsWith("OPS0", StringComparison.Ordinal)).ToArray();

    public string[] Warnings(string project) => Build.Diagnostics()
        .Where(d => Build.Output.Contains($"{d.File}({d.Line}") && BelongsTo(d, project))
        .Select(d => $"{d.Id} {d.File}:{d.Line}")
        .OrderBy(s => s, StringComparer.Ordinal)
        .ToArray();

    private bool BelongsTo((string File, int Line, string Id, string Message) diagnostic, string project)
        => Build.Output.Split('\n').Any(l => l.Contains($"{diagnostic.File}({diagnostic.Line},") && l.Contains($": warning {diagnostic.Id}:") && l.Contains($"/{project}.csproj]"));

    public JsonElement Manifest(string project, string tfm = "net10.0")
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", project, "bin", "Debug", tfm, project + ".ownership.json"))).RootElement;
}

public class ServiceBuildTests : IClassFixture<ServiceSolution>
{
    private readonly ServiceSolution solution;

    public ServiceBuildTests(ServiceSolution solution) => this.solution = solution;

    [Fact]
    public void Build_succeeds_with_no_analyzer_crash_and_no_attribute_clash()
    {
        Assert.True(solution.Build.ExitCode == 0, solution.Build.Output);
        Assert.DoesNotContain("AD0001", solution.Build.Output);
        Assert.DoesNotContain("CS0436", solution.Build.Output);
        Assert.DoesNotContain("CS8336", solution.Build.Output);
    }

    [Fact]
    public void Web_service_without_owner_gets_OPS001_on_Program_cs()
        => Assert.Equal(new[] { "OPS001 Program.cs:1" }, solution.OwnershipWarnings("Web"));

    [Fact]
    public void Worker_gets_OPS002_for_the_placeholder_and_OPS004_for_maintenance_without_handoff()
        => Assert.Equal(new[] { "OPS002 Ownership.cs:3", "OPS004 Ownership.cs:3" }, solution.OwnershipWarnings("Worker"));

    [Fact]
    public void Fully_owned_service_gets_no_warning_and_a_complete_manifest()
    {
        Assert.Empty(solution.Warnings("Payments"));
        var manifest = solution.Manifest("Payments");
        Assert.Equal(1, manifest.GetProperty("schemaVersion").GetInt32());
        var service = manifest.GetProperty("service");
        Assert.Equal("Payments", service.GetProperty("name").GetString());
        Assert.Equal("2.3.1", service.GetProperty("version").GetString());
        Assert.Equal("net10.0", service.GetProperty("targetFramework").GetString());
        Assert.Equal("web", service.GetProperty("kind").GetString());
        var ownership = manifest.GetProperty("ownership");
        Assert.Equal("payments-team", ownership.GetProperty("team").GetString());
        Assert.Equal("payments@contoso.example", ownership.GetProperty("contact").GetString());
        Assert.Equal("https://oncall.example/schedules/payments", ownership.GetProperty("onCall").GetString());
        Assert.Equal("docs/payments-runbook.md", ownership.GetProperty("runbook").GetString());
        Assert.Equal("maintenance", ownership.GetProperty("lifecycle").GetString());
        var operations = manifest.GetProperty("operations");
        Assert.Equal("appops", operations.GetProperty("team").GetString());
        Assert.Equal("#appops", operations.GetProperty("contact").GetString());
        Assert.Equal("2026-09-01", operations.GetProperty("since").GetString());
    }

    [Fact]
    public void Web_service_without_owner_still_gets_a_manifest_with_null_ownership()
    {
        var manifest = solution.Manifest("Web");
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("ownership").ValueKind);
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("operations").ValueKind);
        Assert.Equal("web", manifest.GetProperty("service").GetProperty("kind").GetString());
        Assert.Equal("worker", solution.Manifest("Worker").GetProperty("service").GetProperty("kind").GetString());
    }

    [Fact]
    public void Team_outside_the_configured_list_gets_OPS003()
        => Assert.Equal(new[] { "OPS003 Ownership.cs:1" }, solution.OwnershipWarnings("Search"));

    [Fact]
    public void Library_test_project_and_opted_out_service_get_no_rule_and_no_manifest()
    {
        foreach (var project in new[] { "Lib", "OptOut", "Payments.Tests" })
        {
            Assert.DoesNotContain(solution.Warnings(project), w => w.StartsWith("OPS", StringComparison.Ordinal) && !w.StartsWith("OPSB", StringComparison.Ordinal));
        }

        Assert.False(File.Exists(Path.Combine(solution.Root, "src", "Lib", "bin", "Debug", "net10.0", "Lib.ownership.json")));
        Assert.False(File.Exists(Path.Combine(solution.Root, "src", "OptOut", "bin", "Debug", "net10.0", "OptOut.ownership.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(solution.Root, "tests"), "*.ownership.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void Unknown_setting_values_are_reported_and_detection_takes_over()
    {
        Assert.Contains("OPSB006", solution.Build.Output);
        Assert.Contains("OPSB007", solution.Build.Output);
        Assert.Contains("OpsReadyService is 'maybe'", solution.Build.Output);
        var warnings = solution.Warnings("Confused");
        Assert.Contains(warnings, w => w.StartsWith("OPSB006 OpsReady.ServiceDetection.targets:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("OPSB007 OpsReady.ServiceDetection.targets:", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.StartsWith("OPS0", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(solution.Root, "src", "Confused", "bin", "Debug", "net10.0", "Confused.ownership.json")));
    }

    [Fact]
    public void Library_forced_to_be_a_service_gets_OPS001()
        => Assert.Equal(new[] { "OPS001 Class1.cs:1" }, solution.OwnershipWarnings("Forced"));

    [Fact]
    public void Collect_folder_holds_one_manifest_per_service_and_framework()
    {
        var names = Directory.GetFiles(solution.Collect).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var services = new[] { "Forced", "Multi.net10.0", "Multi.net8.0", "Payments", "Search", "Web", "Worker" };
        // Each manifest with its SBOM beside it.
        Assert.Equal(services.SelectMany(s => new[] { s + ".cdx.json", s + ".ownership.json" }), names);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(solution.Root, "src", "Payments", "bin", "Debug", "net10.0", "Payments.ownership.json")),
            File.ReadAllBytes(Path.Combine(solution.Collect, "Payments.ownership.json")));
        Assert.Equal("net8.0", solution.Manifest("Multi", "net8.0").GetProperty("service").GetProperty("targetFramework").GetString());
    }

    [Fact]
    public void No_change_build_skips_the_manifest_target()
    {
        Assert.True(solution.NoChangeBuild.ExitCode == 0, solution.NoChangeBuild.Output);
        Assert.Contains("Skipping target \"OpsReadyWriteManifest\" because all output files are up-to-date", solution.NoChangeBuild.Output);
        Assert.Contains("Skipping target \"CoreCompile\"", solution.NoChangeBuild.Output);
    }

    [Fact]
    public void Publish_ships_the_manifest_and_no_OpsReady_assembly()
    {
        Assert.True(solution.Publish.ExitCode == 0, solution.Publish.Output);
        var publish = Path.Combine(solution.Root, "publish");
        Assert.True(File.Exists(Path.Combine(publish, "Payments.ownership.json")));
        // The SBOM ships with it, the same bytes as beside the build's manifest.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(solution.Root, "src", "Payments", "bin", "Release", "net10.0", "Payments.cdx.json")),
            File.ReadAllBytes(Path.Combine(publish, "Payments.cdx.json")));
        Assert.Empty(Directory.GetFiles(publish, "OpsReady*.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(solution.Root, "src", "Payments", "bin"), "OpsReady*.dll", SearchOption.AllDirectories));
    }
}
