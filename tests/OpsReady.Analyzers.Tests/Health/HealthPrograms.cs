using Microsoft.CodeAnalysis;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>Programs the analyzer, fix and generator tests share.</summary>
public static class HealthPrograms
{
    /// <summary>A worker service: hosting, DI and health checks (the Microsoft.Extensions.* part of the shared framework), no ASP.NET Core.</summary>
    public static readonly TestProject Worker = TestProject.Default.WithServiceKind("worker").WithFramework(TestFramework.Extensions);

    /// <summary>A web service that references the gRPC server and the gRPC health service.</summary>
    public static readonly TestProject GrpcService = TestProject.Default.WithReferences(TestReferences.Grpc);

    /// <summary>A class library (no service kind of its own: "none").</summary>
    public static readonly TestProject Library = TestProject.Default.WithServiceKind("none").AsLibrary();

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

    /// <summary>Runs the health facts generator over <paramref name="project"/>: the facts source ("" when it recorded nothing) and the compilation that includes it.</summary>
    public static (string Generated, Compilation Output) Facts(string assemblyName, TestProject project, bool allowErrors = false, params string[] sources)
        => project.RunGenerator(new HealthFactsGenerator(), HealthFactsGenerator.HintName, assemblyName, allowErrors, sources);

    /// <summary>A .NET Aspire ServiceDefaults project, shaped like the template (health parts only).</summary>
    public static string ServiceDefaults(bool developmentOnly) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Diagnostics.HealthChecks;

        namespace Microsoft.Extensions.Hosting;

        public static class Extensions
        {
            private const string HealthEndpointPath = "/health";
            private const string AlivenessEndpointPath = "/alive";

            public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
            {
                builder.AddDefaultHealthChecks();
                return builder;
            }

            public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
            {
                builder.Services.AddHealthChecks()
                    .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
                return builder;
            }

            public static WebApplication MapDefaultEndpoints(this WebApplication app)
            {
                {{(developmentOnly ? "if (app.Environment.IsDevelopment())" : "")}}
                {
                    app.MapHealthChecks(HealthEndpointPath);
                    app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
                    {
                        Predicate = r => r.Tags.Contains("live")
                    });
                }

                return app;
            }
        }
        """;

    private static readonly Dictionary<bool, MetadataReference> ServiceDefaultsReferences = new();

    /// <summary>The ServiceDefaults project built with the generator (so its DLL carries the helper facts).</summary>
    public static MetadataReference ServiceDefaultsReference(bool developmentOnly)
    {
        lock (ServiceDefaultsReferences)
        {
            if (!ServiceDefaultsReferences.TryGetValue(developmentOnly, out var reference))
            {
                var (_, output) = Facts("ServiceDefaults", TestProject.Default.WithServiceKind("none").AsLibrary(), sources: ServiceDefaults(developmentOnly));
                reference = TestProject.Emit(output);
                ServiceDefaultsReferences[developmentOnly] = reference;
            }

            return reference;
        }
    }
}
