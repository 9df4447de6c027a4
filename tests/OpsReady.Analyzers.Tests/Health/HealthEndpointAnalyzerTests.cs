using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>HealthEndpointAnalyzer: OPS100 (no health endpoint), OPS101 (checks mapped but not registered), OPS102 (probes not distinguished), OPS103 (mapped only in Development).</summary>
public class HealthEndpointAnalyzerTests
{
    private const string WebUsings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    private static Task Verify(string source, TestProject? project = null, DiagnosticResult? expected = null, params (string Path, string Source)[] more)
    {
        var test = (project ?? TestProject.Default).Analyzer<HealthEndpointAnalyzer>(source);
        if (expected is { } diagnostic)
        {
            test.ExpectedDiagnostics.Add(diagnostic);
        }

        foreach (var file in more)
        {
            test.TestState.Sources.Add(file);
        }

        return test.RunAsync();
    }

    // ---- OPS100: nothing mapped / nothing registered ----

    [Fact]
    public Task Web_service_without_health_endpoint_is_reported_on_app_Run() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () => "hello");
        {|OPS100:app.Run()|};
        """);

    [Fact]
    public Task Registering_without_mapping_is_still_no_endpoint() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        {|OPS100:app.Run()|};
        """);

    [Fact]
    public Task Web_service_in_Main_without_Run_is_reported_on_Main() => Verify(WebUsings + """
        static class Program
        {
            static void {|OPS100:Main|}(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
            }
        }
        """);

    [Fact]
    public Task A_method_of_your_own_named_MapHealthChecks_maps_nothing() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/health");
        System.Console.WriteLine("app.MapHealthChecks(\"/health\") is what we should call");
        {|OPS100:app.Run()|};

        static class Mine
        {
            public static void MapHealthChecks(this WebApplication app, string path) { }
        }
        """);

    [Fact]
    public Task Worker_without_health_checks_is_reported() => Verify("""
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        var host = builder.Build();
        {|OPS100:host.Run()|};
        """, project: HealthPrograms.Worker);

    [Fact]
    public Task Worker_without_the_health_checks_package_is_told_to_add_it() => Verify("""
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        var host = builder.Build();
        {|#0:host.Run()|};
        """, project: HealthPrograms.Worker.WithFramework(TestFramework.Hosting), expected: new DiagnosticResult(Rules.HealthMissing).WithLocation(0).WithMessage(
            "Service 'TestProject' registers no health checks: add the package Microsoft.Extensions.Diagnostics.HealthChecks and call builder.Services.AddHealthChecks(), so something can report whether the worker is healthy"));

    private const string ExposedNowhere = "registers health checks but exposes them nowhere: no endpoint is mapped and no IHealthCheckPublisher is registered, so nothing can probe it";

    [Fact]
    public Task Worker_registering_health_checks_without_exposing_them_is_reported() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks().AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        var host = builder.Build();
        {|#0:host.Run()|};
        """, project: HealthPrograms.Worker, expected: new DiagnosticResult(Rules.HealthMissing).WithLocation(0).WithMessage("Service \'TestProject\' " + ExposedNowhere));

    [Fact]
    public Task Worker_registering_in_ConfigureServices_lambda_without_exposing_is_reported() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        Host.CreateDefaultBuilder(args)
            .ConfigureServices(services => services.AddHealthChecks())
            .Build()
            .Run();
        """, project: HealthPrograms.Worker, expected: new DiagnosticResult(Rules.HealthMissing).WithSpan(3, 1, 6, 11).WithMessage("Service \'TestProject\' " + ExposedNowhere));

    [Fact]
    public Task Worker_with_a_publisher_is_fine() => Verify(HealthPrograms.WorkerWithPublisher, project: HealthPrograms.Worker);

    [Fact]
    public Task Worker_running_its_checks_in_a_hosted_service_is_fine() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks();
        builder.Services.AddHostedService<LivenessFile>();
        builder.Build().Run();

        // Writes the health report to a file a Kubernetes exec probe reads.
        sealed class LivenessFile(HealthCheckService checks) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var report = await checks.CheckHealthAsync(stoppingToken);
                System.IO.File.WriteAllText("/tmp/healthy", report.Status.ToString());
            }
        }
        """, project: HealthPrograms.Worker);

    [Fact]
    public Task Worker_with_a_library_publisher_on_the_health_checks_builder_is_fine() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks().AddFilePublisher();
        builder.Build().Run();
        """, project: HealthPrograms.Worker.WithReferences(PublisherLibrary.Value));

    [Fact]
    public Task Worker_answering_tcp_probes_from_its_checks_is_fine() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks();
        builder.Services.AddTcpEndpointProbe();
        builder.Build().Run();
        """, project: HealthPrograms.Worker.WithReferences(PublisherLibrary.Value));

    [Fact]
    public Task Worker_whose_own_helper_adds_a_library_publisher_is_fine() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks().AddMonitoring();
        builder.Build().Run();

        static class Monitoring
        {
            public static IHealthChecksBuilder AddMonitoring(this IHealthChecksBuilder checks) => checks.AddFilePublisher();
        }
        """, project: HealthPrograms.Worker.WithReferences(PublisherLibrary.Value));

    /// <summary>A library shaped like AspNetCore.HealthChecks.Publisher.*: an Add…Publisher extension on IHealthChecksBuilder, body unseen.</summary>
    private static readonly Lazy<Microsoft.CodeAnalysis.MetadataReference> PublisherLibrary = new(() => TestProject.Emit(HealthPrograms.Facts("FilePublisher", HealthPrograms.Library.WithFramework(TestFramework.Extensions).WithoutAttributes(), sources: """
            namespace Microsoft.Extensions.DependencyInjection;

            public static class FilePublisherExtensions
            {
                public static IHealthChecksBuilder AddFilePublisher(this IHealthChecksBuilder builder) => builder;
            }

            // Shaped like Microsoft.Extensions.Diagnostics.Probes: TCP probes answered from the health checks.
            public static class TcpEndpointProbesExtensions
            {
                public static IServiceCollection AddTcpEndpointProbe(this IServiceCollection services) => services;
            }
            """).Output));

    [Fact]
    public Task Library_is_not_checked() => Verify(WebUsings + """
        public static class Setup
        {
            public static void Use(WebApplication app) => app.MapGet("/", () => "hi");
        }
        """, project: HealthPrograms.Library);

    // ---- Code that does not bind: no rule claims absence from it ----

    [Fact]
    public async Task Mappings_whose_options_do_not_bind_are_not_reported_missing()
    {
        // The Microsoft.AspNetCore.Diagnostics.HealthChecks using is missing, so neither call binds (CS0246).
        var test = TestProject.Default.Analyzer<HealthEndpointAnalyzer>(HealthPrograms.ProbesWithoutOptionsUsing.Replace("OPTIONS", "{|CS0246:HealthCheckOptions|}"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_misspelt_receiver_of_a_health_call_is_not_reported_missing()
    {
        var test = TestProject.Default.Analyzer<HealthEndpointAnalyzer>(WebUsings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            {|CS0103:ap|}.MapHealthChecks("/health");
            app.Run();
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task A_call_that_does_not_bind_and_cannot_wire_health_still_leaves_OPS100()
    {
        var test = TestProject.Default.Analyzer<HealthEndpointAnalyzer>(WebUsings + """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.{|CS1061:MapSwagger|}();
            {|OPS100:app.Run()|};
            """);
        await test.RunAsync();
    }

    // ---- gRPC services: HTTP/1.1 probes cannot reach an HTTP/2-only Kestrel ----

    private static readonly string GrpcProgram = HealthPrograms.GrpcTemplate.Replace("RUN", "{|#0:app.Run()|}");

    internal const string GrpcMissing =
        "hosts gRPC but maps no health endpoint: Kubernetes httpGet and other HTTP/1.1 probes cannot reach an HTTP/2-only Kestrel, so add the gRPC health service "
        + "(package Grpc.AspNetCore.HealthChecks: builder.Services.AddGrpcHealthChecks() and app.MapGrpcHealthChecksService(), probed with grpc_health_probe or a Kubernetes grpc probe), "
        + "or expose an HTTP/1 endpoint for MapHealthChecks";

    [Fact]
    public Task Grpc_service_without_health_is_told_about_the_grpc_health_service() => Verify(
        GrpcProgram, project: TestProject.Default.WithReferences(TestReferences.GrpcServerOnly),
        expected: new DiagnosticResult(Rules.HealthMissing).WithLocation(0).WithMessage("Service \'TestProject\' " + GrpcMissing));

    [Fact]
    public Task Grpc_hosted_in_a_helper_is_still_told_about_the_grpc_health_service() => Verify("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        GrpcSetup.AddServices(builder.Services);
        var app = builder.Build();
        GrpcSetup.MapServices(app);
        {|#0:app.Run()|};

        public class GreeterService { }

        static class GrpcSetup
        {
            public static void AddServices(IServiceCollection services) => services.AddGrpc();

            public static void MapServices(WebApplication app) => app.MapGrpcService<GreeterService>();
        }
        """, project: TestProject.Default.WithReferences(TestReferences.GrpcServerOnly),
        expected: new DiagnosticResult(Rules.HealthMissing).WithLocation(0).WithMessage("Service \'TestProject\' " + GrpcMissing));

    [Fact]
    public Task Web_service_without_grpc_keeps_the_http_message() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        {|#0:app.Run()|};
        """, project: HealthPrograms.GrpcService, expected: new DiagnosticResult(Rules.HealthMissing).WithLocation(0).WithArguments("TestProject").WithMessage(
            "Service 'TestProject' maps no health endpoint (MapHealthChecks, UseHealthChecks, MapGrpcHealthChecksService or a helper that maps one): orchestrators cannot probe it"));

    // ---- Live in the IDE: reported from the semantic pass, which reruns when another file changes ----

    private static Task<TestProject.PassesResult> Passes(string program, string probes)
        => TestProject.Default.PassesAsync(new HealthEndpointAnalyzer(), "/0/Program.cs", ("/0/Program.cs", program), ("/0/Probes.cs", probes));

    [Fact]
    public async Task Missing_endpoint_comes_from_the_semantic_pass_of_Program_cs_only_once()
    {
        var passes = await Passes(program: WebUsings + """
                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapProbes();
                app.Run();
                """, probes: WebUsings + """
                static class Probes
                {
                    public static void MapProbes(this WebApplication app) { }
                }
                """);

        Assert.Empty(passes.Syntax);
        Assert.Equal("OPS100", Assert.Single(passes.Semantic).Id);
        Assert.Equal("/0/Program.cs", Assert.Single(passes.All).Location.SourceTree!.FilePath);
    }

    [Fact]
    public async Task Endpoint_mapped_in_another_file_clears_the_semantic_pass_of_Program_cs()
    {
        var passes = await Passes(program: WebUsings + """
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks();
                var app = builder.Build();
                app.MapProbes();
                app.Run();
                """, probes: WebUsings + """
                static class Probes
                {
                    public static void MapProbes(this WebApplication app)
                    {
                        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                        app.MapHealthChecks("/health/ready");
                    }
                }
                """);

        Assert.Empty(passes.Syntax);
        Assert.Empty(passes.Semantic);
        Assert.Empty(passes.All);
    }

    // ---- Shapes that map health endpoints ----

    [Fact]
    public Task Liveness_and_readiness_endpoints_are_fine() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") });
        app.Run();
        """);

    [Fact]
    public Task One_unfiltered_endpoint_is_reported_as_not_distinguishing_probes() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        {|OPS102:app.MapHealthChecks("/health")|};
        app.Run();
        """);

    [Fact]
    public Task Route_groups_map_endpoints() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        var ops = app.MapGroup("/ops");
        ops.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapGroup("/ops").MapGroup("/health").MapHealthChecks("/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") });
        app.Run();
        """);

    [Fact]
    public Task UseEndpoints_lambda_maps_endpoints() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            {|OPS102:endpoints.MapHealthChecks("/health")|};
        });
        app.Run();
        """);

    [Fact]
    public Task UseHealthChecks_middleware_maps_an_endpoint() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.UseHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(new Microsoft.AspNetCore.Http.PathString("/healthz/ready"), 8081);
        app.Run();
        """);

    [Fact]
    public Task Grpc_health_service_is_an_endpoint_and_AddGrpcHealthChecks_registers() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGrpcHealthChecks();
        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        app.Run();
        """, project: HealthPrograms.GrpcService);

    [Fact]
    public Task Startup_class_with_health_is_fine() => Verify("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
                => Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>()).Build().Run();
        }

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddHealthChecks();

            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }

                app.UseRouting();
                app.UseEndpoints(endpoints =>
                {
                    endpoints.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
                    endpoints.MapHealthChecks("/ready");
                });
            }
        }
        """);

    [Fact]
    public Task Startup_class_without_health_is_reported_on_Run() => Verify("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
                => {|OPS100:Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>()).Build().Run()|};
        }

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddControllers();

            public void Configure(IApplicationBuilder app) => app.UseRouting();
        }
        """);

    [Fact]
    public Task Startup_ConfigureDevelopment_maps_only_in_Development() => Verify("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
                => Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>()).Build().Run();
        }

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddHealthChecks();

            public void Configure(IApplicationBuilder app) { }

            public void ConfigureDevelopment(IApplicationBuilder app) => {|OPS103:app.UseHealthChecks("/health")|};
        }
        """);

    [Fact]
    public Task Helper_in_the_same_project_is_followed() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.AddProbes();
        var app = builder.Build();
        app.MapProbes();
        app.Run();
        """, more: ("/0/Probes.cs", WebUsings + """
        public static class Probes
        {
            public static WebApplicationBuilder AddProbes(this WebApplicationBuilder builder)
            {
                builder.Services.AddHealthChecks();
                return builder;
            }

            public static WebApplication MapProbes(this WebApplication app)
            {
                MapLive(app);
                app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") });
                return app;
            }

            private static void MapLive(WebApplication app) => app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        }
        """));

    [Fact]
    public Task Local_function_in_top_level_statements_is_followed() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        MapHealth(app);
        app.Run();

        static void MapHealth(WebApplication app) => {|OPS102:app.MapHealthChecks("/health")|};
        """);

    [Fact]
    public Task Virtual_call_given_the_app_may_wire_health_so_nothing_is_reported() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        Module module = new HealthModule();
        module.Map(app);
        app.Run();

        abstract class Module { public abstract void Map(WebApplication app); }
        class HealthModule : Module { public override void Map(WebApplication app) => app.MapHealthChecks("/health"); }
        """);

    // ---- OPS101: mapped, never registered ----

    [Fact]
    public Task Mapping_without_AddHealthChecks_is_reported() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") });
        {|#0:app.Run()|};
        """.Replace("{|#0:app.Run()|}", "{|OPS101:app.Run()|}"));

    // ---- OPS103: only in Development ----

    [Fact]
    public Task Mapping_inside_IsDevelopment_is_reported() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        if (app.Environment.IsDevelopment())
        {
            {|OPS103:app.MapHealthChecks("/health")|};
        }
        app.Run();
        """);

    [Fact]
    public Task Mapping_inside_IsEnvironment_Development_is_reported() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        if (app.Environment.IsEnvironment("Development") && args.Length >= 0)
            {|OPS103:app.MapHealthChecks("/health")|};
        app.Run();
        """);

    [Fact]
    public Task Mapping_after_an_early_return_outside_Development_is_reported() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        Map(app);
        app.Run();

        static void Map(WebApplication app)
        {
            if (!app.Environment.IsDevelopment())
            {
                return;
            }

            {|OPS103:app.MapHealthChecks("/health")|};
        }
        """);

    [Fact]
    public Task Mapping_outside_Development_only_is_fine() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        }
        else
        {
            app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = _ => true });
        }
        if (app.Environment.EnvironmentName == "Development")
        {
            app.MapHealthChecks("/debug/health");
        }
        app.Run();
        """);

    [Fact]
    public Task Helper_called_only_in_Development_is_reported_at_the_call() => Verify(WebUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        if (app.Environment.IsDevelopment())
        {
            {|OPS103:app.MapProbes()|};
        }
        app.Run();

        static class Probes
        {
            public static void MapProbes(this WebApplication app) => app.MapHealthChecks("/health");
        }
        """);

    // ---- Robustness ----

    [Fact]
    public async Task Half_typed_code_does_not_throw()
    {
        var test = TestProject.Default.Analyzer<HealthEndpointAnalyzer>(WebUsings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks(
            var app = builder.Build();
            if (app.Environment.IsDev
            app.MapHealthChecks(
            app.MapHealthChecks("/x", new HealthCheckOptions { Predicate = r => r.
            app.Run(
            """);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        // The half-typed MapHealthChecks( binds to nothing: what it maps is unknown, so no rule claims a missing endpoint.
        await test.RunAsync();
    }
}
