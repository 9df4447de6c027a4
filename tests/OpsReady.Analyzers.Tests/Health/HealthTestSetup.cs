using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NuGet.Configuration;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>
/// .NET 8 reference assemblies plus the ASP.NET Core 8 ref pack and the gRPC health packages, read from
/// the NuGet package folder the test project's restore filled (PackageDownload), so tests never download.
/// </summary>
public static class HealthTestSetup
{
    public static readonly ReferenceAssemblies Net80 = new(
        "net8.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.0"), Path.Combine("ref", "net8.0"));

    private static readonly string PackageRoot = SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(root: null));

    /// <summary>Microsoft.AspNetCore.App 8.0.0: what a Microsoft.NET.Sdk.Web project compiles against.</summary>
    public static readonly ImmutableArray<MetadataReference> AspNetCore = FromPackage("microsoft.aspnetcore.app.ref", "8.0.0", Path.Combine("ref", "net8.0"), _ => true);

    /// <summary>Only the Microsoft.Extensions.* part of the shared framework: a worker's hosting, DI and health checks.</summary>
    public static readonly ImmutableArray<MetadataReference> ExtensionsOnly = FromPackage(
        "microsoft.aspnetcore.app.ref", "8.0.0", Path.Combine("ref", "net8.0"), name => name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));

    /// <summary>What the `dotnet new worker` template compiles against: hosting without the health checks package.</summary>
    public static readonly ImmutableArray<MetadataReference> HostingOnly = FromPackage(
        "microsoft.aspnetcore.app.ref", "8.0.0", Path.Combine("ref", "net8.0"),
        name => name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && !name.Contains("HealthChecks", StringComparison.Ordinal));

    /// <summary>Grpc.AspNetCore.Server without Grpc.AspNetCore.HealthChecks: the `dotnet new grpc` template.</summary>
    public static readonly ImmutableArray<MetadataReference> GrpcServerOnly = FromPackage("grpc.aspnetcore.server", "2.65.0", Path.Combine("lib", "net8.0"), _ => true)
        .AddRange(FromPackage("grpc.core.api", "2.65.0", Path.Combine("lib", "netstandard2.1"), _ => true))
        .AddRange(FromPackage("google.protobuf", "3.27.0", Path.Combine("lib", "net5.0"), _ => true));

    public static readonly ImmutableArray<MetadataReference> Grpc = FromPackage("grpc.aspnetcore.healthchecks", "2.65.0", Path.Combine("lib", "net8.0"), _ => true)
        .AddRange(FromPackage("grpc.aspnetcore.server", "2.65.0", Path.Combine("lib", "net8.0"), _ => true))
        .AddRange(FromPackage("grpc.healthcheck", "2.65.0", Path.Combine("lib", "net8.0"), _ => true))
        .AddRange(FromPackage("grpc.core.api", "2.65.0", Path.Combine("lib", "netstandard2.1"), _ => true))
        .AddRange(FromPackage("google.protobuf", "3.27.0", Path.Combine("lib", "net5.0"), _ => true));

    /// <summary>The metadata references of the .NET 8 base framework, for compilations built by hand (generator tests).</summary>
    public static ImmutableArray<MetadataReference> Framework()
        => Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult();

    private static ImmutableArray<MetadataReference> FromPackage(string id, string version, string folder, Func<string, bool> include)
    {
        var directory = Path.Combine(PackageRoot, id, version, folder);
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"{directory} is missing: restore the test project (PackageDownload of {id} {version}).");
        }

        return Directory.GetFiles(directory, "*.dll")
            .Where(file => include(Path.GetFileNameWithoutExtension(file)))
            .OrderBy(file => file, StringComparer.Ordinal)
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .ToImmutableArray();
    }
}

/// <summary>Programs the analyzer, fix and generator tests share.</summary>
public static class HealthPrograms
{
    /// <summary>
    /// Liveness and readiness mapped with HealthCheckOptions, but without its using
    /// (Microsoft.AspNetCore.Diagnostics.HealthChecks): neither call binds. OPTIONS stands for the type's name (markup).
    /// </summary>
    public const string ProbesWithoutOptionsUsing = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/health/live", new OPTIONS { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new OPTIONS { Predicate = r => r.Tags.Contains("ready") });
        app.Run();
        """;

    /// <summary>A worker whose checks are published by an IHealthCheckPublisher of its own.</summary>
    public const string WorkerWithPublisher = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<IHealthCheckPublisher, FilePublisher>();
        builder.Build().Run();

        sealed class FilePublisher : IHealthCheckPublisher
        {
            public Task PublishAsync(HealthReport report, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    /// <summary>The `dotnet new grpc` template's Program.cs (health parts); RUN stands for app.Run() (markup).</summary>
    public const string GrpcTemplate = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<GreeterService>();
        RUN;

        public class GreeterService { }
        """;
}

/// <summary>The OpsReady test harness with the health references: web (ASP.NET Core), worker (extensions only) or plain.</summary>
public static class HealthTest
{
    public static OpsReadyTest<TAnalyzer, TFix> Create<TAnalyzer, TFix>(
        string source, string? serviceKind = "web", bool aspNetCore = true, bool grpc = false, bool console = true,
        IDictionary<string, string>? properties = null, params MetadataReference[] more)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new OpsReadyTest<TAnalyzer, TFix>(serviceKind, properties, console) { TestCode = source, ReferenceAssemblies = HealthTestSetup.Net80 };
        test.TestState.AdditionalReferences.AddRange(aspNetCore ? HealthTestSetup.AspNetCore : HealthTestSetup.ExtensionsOnly);
        if (grpc)
        {
            test.TestState.AdditionalReferences.AddRange(HealthTestSetup.Grpc);
        }

        test.TestState.AdditionalReferences.AddRange(more);
        return test;
    }
}
