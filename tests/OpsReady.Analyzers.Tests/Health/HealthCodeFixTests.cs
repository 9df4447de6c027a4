using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Health;
using OpsReady.CodeFixes.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>
/// The health fixes, one diagnostic at a time and with FixAll (the testing library checks both): AddHealthChecksCodeFix
/// (OPS100, OPS101) and MoveHealthMappingOutOfDevelopmentCodeFix (OPS103).
/// </summary>
public class HealthCodeFixTests
{
    private static Task Verify<TFix>(string source, string fixedSource, TestProject? project = null)
        where TFix : CodeFixProvider, new()
        => (project ?? TestProject.Default).Test<HealthEndpointAnalyzer, TFix>(source, fixedSource).RunAsync();

    // ---- OPS100 / OPS101: add the registration and the mapping ----

    [Fact]
    public Task Web_service_gets_AddHealthChecks_and_MapHealthChecks() => Verify<AddHealthChecksCodeFix>("""
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () => "hello");
        {|OPS100:app.Run()|};
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapGet("/", () => "hello");
        {|OPS102:app.MapHealthChecks("/health")|};
        app.Run();
        """);

    [Fact]
    public Task Registered_web_service_gets_only_the_mapping() => Verify<AddHealthChecksCodeFix>("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        {|OPS100:app.Run()|};
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        {|OPS102:app.MapHealthChecks("/health")|};
        app.Run();
        """);

    [Fact]
    public Task Mapping_without_registration_gets_AddHealthChecks_in_Main() => Verify<AddHealthChecksCodeFix>("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
                app.MapHealthChecks("/ready");
                {|OPS101:app.Run()|};
            }
        }
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks();
                var app = builder.Build();
                app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
                app.MapHealthChecks("/ready");
                app.Run();
            }
        }
        """);

    [Fact]
    public async Task Worker_gets_AddHealthChecks_named_with_its_package_and_is_then_told_nothing_probes_it()
    {
        var test = HealthPrograms.Worker.Test<HealthEndpointAnalyzer, AddHealthChecksCodeFix>("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            var host = builder.Build();
            {|OPS100:host.Run()|};
            """);
        // Registered, the worker still exposes its checks nowhere: the fix cannot choose how it is probed.
        test.FixedCode = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHealthChecks();
            var host = builder.Build();
            {|OPS100:host.Run()|};
            """;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.CodeActionEquivalenceKey = AddHealthChecksCodeFix.WorkerRegisterTitle;
        await test.RunAsync();
    }

    [Fact]
    public async Task Worker_without_the_health_checks_package_gets_no_fix()
    {
        const string source = """
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            var host = builder.Build();
            {|OPS100:host.Run()|};
            """;
        var test = HealthPrograms.Worker.WithFramework(TestFramework.Hosting).Test<HealthEndpointAnalyzer, AddHealthChecksCodeFix>(source);
        test.FixedCode = source;
        await test.RunAsync();
    }

    /// <summary>Two services in one solution: FixAll fixes both in one pass, the same as one fix at a time.</summary>
    [Fact]
    public async Task FixAll_adds_health_checks_to_every_worker_of_the_solution()
    {
        const string worker = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            var host = builder.Build();
            {|OPS100:host.Run()|};
            """;
        const string fixedWorker = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHealthChecks();
            var host = builder.Build();
            {|OPS100:host.Run()|};
            """;
        var test = HealthPrograms.Worker.Test<HealthEndpointAnalyzer, AddHealthChecksCodeFix>(worker);
        test.FixedCode = fixedWorker;
        static ProjectState Worker(string program) => HealthPrograms.Worker.Project("Other", ("/Other/Program.cs", program));

        test.TestState.AdditionalProjects.Add("Other", Worker(worker));
        test.FixedState.AdditionalProjects.Add("Other", Worker(fixedWorker));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.CodeActionEquivalenceKey = AddHealthChecksCodeFix.WorkerRegisterTitle;
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllInDocumentIterations = 2;
        test.NumberOfFixAllInProjectIterations = 2;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }

    // ---- OPS100 on a gRPC service: the gRPC health service, never an HTTP path ----

    private static readonly string GrpcService = HealthPrograms.GrpcTemplate.Replace("RUN", "{|OPS100:app.Run()|}");

    [Fact]
    public async Task Grpc_service_gets_the_grpc_health_service()
    {
        var test = HealthPrograms.GrpcService.Test<HealthEndpointAnalyzer, AddHealthChecksCodeFix>(GrpcService);
        test.FixedCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.Services.AddGrpcHealthChecks();
            var app = builder.Build();
            app.MapGrpcService<GreeterService>();
            app.MapGrpcHealthChecksService();
            app.Run();

            public class GreeterService { }
            """;
        test.CodeActionEquivalenceKey = AddHealthChecksCodeFix.GrpcTitle;
        await test.RunAsync();
    }

    [Fact]
    public async Task Grpc_service_without_the_grpc_health_package_gets_no_fix()
    {
        var test = TestProject.Default.WithReferences(TestReferences.GrpcServerOnly).Test<HealthEndpointAnalyzer, AddHealthChecksCodeFix>(GrpcService);
        test.FixedCode = GrpcService;
        await test.RunAsync();
    }

    [Fact]
    public async Task Grpc_health_service_without_registration_gets_AddGrpcHealthChecks()
    {
        var test = HealthPrograms.GrpcService.Test<HealthEndpointAnalyzer, AddHealthChecksCodeFix>("""
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGrpcHealthChecksService();
            {|OPS101:app.Run()|};
            """);
        test.FixedCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpcHealthChecks();
            var app = builder.Build();
            app.MapGrpcHealthChecksService();
            app.Run();
            """;
        test.CodeActionEquivalenceKey = AddHealthChecksCodeFix.GrpcRegisterTitle;
        await test.RunAsync();
    }

    [Fact]
    public void Every_health_fix_supports_FixAll()
    {
        var fixes = typeof(AddHealthChecksCodeFix).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AddHealthChecksCodeFix).Namespace && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        Assert.Equal(2, fixes.Count);
        // Not the batch fixer: it matches equivalence keys, and dotnet format asks with the first finding's (null when it has no fix).
        Assert.All(fixes, fix => Assert.NotSame(WellKnownFixAllProviders.BatchFixer, fix.GetFixAllProvider()));
        Assert.All(fixes, fix => Assert.Contains(FixAllScope.Solution, fix.GetFixAllProvider()!.GetSupportedFixAllScopes()));
    }

    // ---- OPS103: move the mappings out of the Development-only if ----

    [Fact]
    public Task Template_shaped_mappings_move_out_of_the_if_together() => Verify<MoveHealthMappingOutOfDevelopmentCodeFix>("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();

        // Health endpoints for local runs.
        if (app.Environment.IsDevelopment())
        {
            // Every check must pass for the app to take traffic.
            {|OPS103:app.MapHealthChecks("/health")|};

            // Only checks tagged "live" must pass for the app to be alive.
            {|OPS103:app.MapHealthChecks("/alive", new HealthCheckOptions
            {
                Predicate = r => r.Tags.Contains("live")
            })|};
        }

        app.Run();
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();

        // Health endpoints for local runs.
        // Every check must pass for the app to take traffic.
        app.MapHealthChecks("/health");

        // Only checks tagged "live" must pass for the app to be alive.
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live")
        });

        app.Run();
        """);

    [Fact]
    public Task Other_Development_only_code_stays_in_the_if() => Verify<MoveHealthMappingOutOfDevelopmentCodeFix>("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks();
                var app = builder.Build();
                if (app.Environment.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                    {|OPS103:app.MapHealthChecks("/health")|};
                }
                app.Run();
            }
        }
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks();
                var app = builder.Build();
                if (app.Environment.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
                {|OPS102:app.MapHealthChecks("/health")|};
                app.Run();
            }
        }
        """);

    [Fact]
    public Task Embedded_statement_without_braces_replaces_the_if() => Verify<MoveHealthMappingOutOfDevelopmentCodeFix>("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapProbes();
        app.Run();

        static class Probes
        {
            public static void MapProbes(this WebApplication app)
            {
                if (app.Environment.IsEnvironment("Development"))
                    {|OPS103:app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false })|};
            }
        }
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapProbes();
        app.Run();

        static class Probes
        {
            public static void MapProbes(this WebApplication app)
            {
                app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
            }
        }
        """);

    /// <summary>Two web services in one solution, each mapping health only in Development: FixAll moves both, as one fix at a time does.</summary>
    [Fact]
    public async Task FixAll_moves_health_mappings_in_every_service_of_the_solution()
    {
        const string service = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            if (app.Environment.IsDevelopment())
            {
                {|OPS103:app.MapHealthChecks("/health")|};
            }

            app.Run();
            """;
        const string fixedService = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            {|OPS102:app.MapHealthChecks("/health")|};

            app.Run();
            """;
        var test = TestProject.Default.Test<HealthEndpointAnalyzer, MoveHealthMappingOutOfDevelopmentCodeFix>(service);
        test.FixedCode = fixedService;
        static ProjectState Web(string program) => TestProject.Default.Project("Other", ("/Other/Program.cs", program));

        test.TestState.AdditionalProjects.Add("Other", Web(service));
        test.FixedState.AdditionalProjects.Add("Other", Web(fixedService));
        test.CodeActionEquivalenceKey = nameof(MoveHealthMappingOutOfDevelopmentCodeFix);
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllInDocumentIterations = 2;
        test.NumberOfFixAllInProjectIterations = 2;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }
}
