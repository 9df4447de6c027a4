using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

public class HealthEndpointAnalyzerTests
{
    private const string WebUsings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    private static Task Verify(string source, string? serviceKind = "web", bool aspNetCore = true, bool grpc = false, bool console = true, params (string Path, string Source)[] more)
    {
        var test = HealthTest.Create<HealthEndpointAnalyzer, EmptyCodeFixProvider>(source, serviceKind, aspNetCore, grpc, console);
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
        """, serviceKind: "worker", aspNetCore: false);

    [Fact]
    public Task Worker_with_health_checks_is_fine() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks().AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        var host = builder.Build();
        host.Run();
        """, serviceKind: "worker", aspNetCore: false);

    [Fact]
    public Task Worker_registering_in_ConfigureServices_lambda_is_fine() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        Host.CreateDefaultBuilder(args)
            .ConfigureServices(services => services.AddHealthChecks())
            .Build()
            .Run();
        """, serviceKind: "worker", aspNetCore: false);

    [Fact]
    public Task Library_is_not_checked() => Verify(WebUsings + """
        public static class Setup
        {
            public static void Use(WebApplication app) => app.MapGet("/", () => "hi");
        }
        """, serviceKind: "none", console: false);

    // ---- Live in the IDE: reported from the semantic pass, which reruns when another file changes ----

    private static async Task<AnalyzerPasses.Result> Passes(string program, string probes)
    {
        var references = (await HealthTestSetup.Net80.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, CancellationToken.None)).AddRange(HealthTestSetup.AspNetCore);
        return await AnalyzerPasses.RunAsync(new HealthEndpointAnalyzer(), "/0/Program.cs", references, "web", ("/0/Program.cs", program), ("/0/Probes.cs", probes));
    }

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
        """, grpc: true);

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
        var test = HealthTest.Create<HealthEndpointAnalyzer, EmptyCodeFixProvider>(WebUsings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks(
            var app = builder.Build();
            if (app.Environment.IsDev
            app.MapHealthChecks(
            app.MapHealthChecks("/x", new HealthCheckOptions { Predicate = r => r.
            app.Run(
            """);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        // The half-typed MapHealthChecks( binds to nothing, so the service still maps no endpoint.
        test.ExpectedDiagnostics.Add(new DiagnosticResult("OPS100", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithSpan(5, 1, 5, 50));
        await test.RunAsync();
    }
}
