using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// A solution shaped like a .NET Aspire app, built from the packed package: the ServiceDefaults
/// project's helpers map the probes (only in Development, as the Aspire template does) and configure
/// JSON console logs; the API and the worker only call them.
/// </summary>
public sealed class AspireSolution
{
    public AspireSolution()
    {
        var package = PackageFixture.Shared;
        Root = package.NewWorkspace("aspire");
        void W(string path, string content) => PackageFixture.Write(Root, path, content);
        W("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        W("ServiceDefaults/ServiceDefaults.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
              </ItemGroup>
            </Project>
            """);
        W("ServiceDefaults/Extensions.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Diagnostics.HealthChecks;
            using Microsoft.Extensions.Logging;

            namespace Microsoft.Extensions.Hosting;

            public static class Extensions
            {
                private const string HealthEndpointPath = "/health";
                private const string AlivenessEndpointPath = "/alive";

                public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
                {
                    builder.Logging.AddJsonConsole();
                    builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
                    return builder;
                }

                public static WebApplication MapDefaultEndpoints(this WebApplication app)
                {
                    if (app.Environment.IsDevelopment())
                    {
                        app.MapHealthChecks(HealthEndpointPath);
                        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
                    }

                    return app;
                }
            }
            """);
        W("Api/Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <ProjectReference Include="../ServiceDefaults/ServiceDefaults.csproj" />
              </ItemGroup>
            </Project>
            """);
        W("Api/Program.cs", """
            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "#orders")]

            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGet("/", () => "orders");
            app.Run();
            """);
        W("Worker/Worker.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Worker">
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
                <ProjectReference Include="../ServiceDefaults/ServiceDefaults.csproj" />
              </ItemGroup>
            </Project>
            """);
        W("Worker/Program.cs", """
            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "#orders")]

            var builder = Host.CreateApplicationBuilder(args);
            builder.AddServiceDefaults();
            builder.Build().Run();
            """);
        W("Aspire.slnx", """
            <Solution>
              <Project Path="ServiceDefaults/ServiceDefaults.csproj" />
              <Project Path="Api/Api.csproj" />
              <Project Path="Worker/Worker.csproj" />
            </Solution>
            """);

        Build = DotNet.Run(Root, "build Aspire.slnx --no-incremental");
    }

    public string Root { get; }

    public DotNet.Result Build { get; }

    public string[] Ids(string project) => Build.Output.Split('\n')
        .Where(l => l.Contains($"/{project}.csproj]") && l.Contains(": warning OPS"))
        .Select(l => l.Substring(l.IndexOf(": warning OPS", StringComparison.Ordinal) + 10, 6))
        .Distinct()
        .OrderBy(i => i, StringComparer.Ordinal)
        .ToArray();

    public JsonElement Manifest(string project)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, project, "bin", "Debug", "net10.0", project + ".ownership.json"))).RootElement;
}

public class AspireSolutionTests : IClassFixture<AspireSolution>
{
    private readonly AspireSolution solution;

    public AspireSolutionTests(AspireSolution solution) => this.solution = solution;

    [Fact]
    public void Builds_without_analyzer_or_generator_failures()
    {
        Assert.True(solution.Build.ExitCode == 0, solution.Build.Output);
        Assert.DoesNotContain("AD0001", solution.Build.Output);
        Assert.DoesNotContain("CS8785", solution.Build.Output);
    }

    [Fact]
    public void Api_gets_OPS103_for_the_development_only_helper_and_neither_OPS100_nor_OPS101()
    {
        var ids = solution.Ids("Api");
        Assert.Contains("OPS103", ids);
        Assert.DoesNotContain("OPS100", ids);
        Assert.DoesNotContain("OPS101", ids);
        Assert.DoesNotContain("OPS205", ids);
    }

    [Fact]
    public void Worker_registers_health_checks_and_structured_logs_through_the_helper_but_nothing_can_probe_the_checks()
    {
        // MapDefaultEndpoints needs a WebApplication: a Generic Host worker maps nothing and registers no publisher.
        var ids = solution.Ids("Worker");
        Assert.Contains("OPS100", ids);
        Assert.Contains("registers health checks but exposes them nowhere", solution.Build.Output);
        Assert.DoesNotContain("OPS205", ids);
    }

    [Fact]
    public void Manifests_list_what_the_helper_maps_and_configures()
    {
        var api = solution.Manifest("Api");
        var health = api.GetProperty("health");
        Assert.True(health.GetProperty("registered").GetBoolean());
        var endpoints = health.GetProperty("endpoints").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!);
        Assert.Equal(new[] { "/alive", "/health" }, endpoints.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "Development" }, endpoints["/alive"].GetProperty("environments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("liveness", endpoints["/alive"].GetProperty("probe").GetString());

        foreach (var service in new[] { api, solution.Manifest("Worker") })
        {
            var logging = service.GetProperty("logging");
            Assert.True(logging.GetProperty("structured").GetBoolean());
            Assert.Contains("json-console", logging.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        }

        var worker = solution.Manifest("Worker").GetProperty("health");
        Assert.True(worker.GetProperty("known").GetBoolean());
        Assert.True(worker.GetProperty("registered").GetBoolean());
        Assert.False(worker.GetProperty("exposed").GetBoolean());
        Assert.True(health.GetProperty("known").GetBoolean());
        Assert.True(health.GetProperty("exposed").GetBoolean());
        Assert.False(File.Exists(Path.Combine(solution.Root, "ServiceDefaults", "bin", "Debug", "net10.0", "ServiceDefaults.ownership.json")));
    }
}
