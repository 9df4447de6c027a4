using Microsoft.CodeAnalysis.CodeFixes;
using OpsReady.Analyzers.Health;
using OpsReady.CodeFixes.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>The fixes, one diagnostic at a time and with FixAll (the testing library checks both).</summary>
public class HealthCodeFixTests
{
    private static Task Verify<TFix>(string source, string fixedSource, string serviceKind = "web", bool aspNetCore = true)
        where TFix : CodeFixProvider, new()
    {
        var test = HealthTest.Create<HealthEndpointAnalyzer, TFix>(source, serviceKind, aspNetCore);
        test.FixedCode = fixedSource;
        return test.RunAsync();
    }

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
    public Task Worker_gets_AddHealthChecks() => Verify<AddHealthChecksCodeFix>("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        var host = builder.Build();
        {|OPS100:host.Run()|};
        """, """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHealthChecks();
        var host = builder.Build();
        host.Run();
        """, serviceKind: "worker", aspNetCore: false);

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
}
