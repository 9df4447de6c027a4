using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// A `dotnet new grpc` service (Kestrel HTTP/2-only in appsettings.json) from the packed package: OPS100 leads it
/// to the gRPC health service, and the fix, run through `dotnet format`, adds it only when its package is
/// referenced, never an HTTP path that HTTP/1.1 probes cannot reach.
/// </summary>
public sealed class GrpcHealthTests
{
    private const string Program = """
        [assembly: OpsReady.ServiceOwner("greeter-team", Contact = "#greeter")]

        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddJsonConsole();
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<GreeterService>();
        app.Run();

        public class GreeterService { }
        """;

    private static string NewGrpcService(string name, bool healthPackage)
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace(name);
        PackageFixture.Write(root, "Greeter.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" />
                <PackageReference Include="Grpc.AspNetCore" Version="2.64.0" />
                {(healthPackage ? "<PackageReference Include=\"Grpc.AspNetCore.HealthChecks\" Version=\"2.65.0\" />" : "")}
              </ItemGroup>
            </Project>
            """);
        PackageFixture.Write(root, "appsettings.json", """
            { "Kestrel": { "EndpointDefaults": { "Protocols": "Http2" } } }
            """);
        PackageFixture.Write(root, "Program.cs", Program);
        return root;
    }

    [Fact]
    public void With_the_grpc_health_package_the_fix_adds_the_grpc_health_service()
    {
        var root = NewGrpcService("grpc-health", healthPackage: true);
        var before = DotNet.Run(root, "build -nologo --no-incremental");
        Assert.True(before.ExitCode == 0, before.Output);
        var ops100 = Assert.Single(before.Diagnostics(), d => d.Id == "OPS100");
        Assert.Contains("hosts gRPC but maps no health endpoint", ops100.Message);

        var format = DotNet.Run(root, "format analyzers --diagnostics OPS100 --severity warn --no-restore");
        Assert.True(format.ExitCode == 0, format.Output);
        var program = File.ReadAllText(Path.Combine(root, "Program.cs"));
        Assert.Contains("builder.Services.AddGrpcHealthChecks();", program);
        Assert.Contains("app.MapGrpcHealthChecksService();", program);
        Assert.DoesNotContain("MapHealthChecks(", program);

        var after = DotNet.Run(root, "build -nologo --no-incremental");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.DoesNotContain(after.Diagnostics(), d => d.Id.StartsWith("OPS10", StringComparison.Ordinal));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "bin", "Debug", "net10.0", "Greeter.ownership.json")));
        var health = manifest.RootElement.GetProperty("health");
        Assert.True(health.GetProperty("known").GetBoolean());
        Assert.True(health.GetProperty("exposed").GetBoolean());
        Assert.True(Assert.Single(health.GetProperty("endpoints").EnumerateArray()).GetProperty("grpc").GetBoolean());
    }

    [Fact]
    public void Without_the_grpc_health_package_no_fix_maps_an_http_path()
    {
        var root = NewGrpcService("grpc-nohealth", healthPackage: false);
        var before = DotNet.Run(root, "build -nologo --no-incremental");
        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Contains("add the gRPC health service (package Grpc.AspNetCore.HealthChecks", Assert.Single(before.Diagnostics(), d => d.Id == "OPS100").Message);

        DotNet.Run(root, "format analyzers --diagnostics OPS100 --severity warn --no-restore");
        Assert.Equal(Program, File.ReadAllText(Path.Combine(root, "Program.cs")));
    }
}
