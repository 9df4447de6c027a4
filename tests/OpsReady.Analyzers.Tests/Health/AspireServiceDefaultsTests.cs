using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>
/// A service whose health wiring lives in another project of the solution (the .NET Aspire ServiceDefaults
/// pattern): the ServiceDefaults project is compiled with the generator and referenced as a built DLL.
/// HealthEndpointAnalyzer's OPS100, OPS101 and OPS103 through helpers of another project.
/// </summary>
public class AspireServiceDefaultsTests
{
    private const string Api = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapGet("/", () => "hello");
        MAP
        app.Run();
        """;

    private static Task Verify(string source, bool developmentOnly, TestProject? project = null)
        => (project ?? TestProject.Default).WithReferences(HealthPrograms.ServiceDefaultsReference(developmentOnly)).VerifyAsync<HealthEndpointAnalyzer>(source);

    [Fact]
    public Task Template_helper_mapping_only_in_Development_is_reported_at_the_call()
        => Verify(Api.Replace("MAP", "{|OPS103:app.MapDefaultEndpoints()|};"), developmentOnly: true);

    [Fact]
    public Task Fixed_helper_that_maps_in_every_environment_is_fine()
        => Verify(Api.Replace("MAP", "app.MapDefaultEndpoints();"), developmentOnly: false);

    [Fact]
    public Task Registration_through_the_helper_counts_so_only_the_missing_mapping_is_reported()
        => Verify(Api.Replace("MAP", "").Replace("app.Run()", "{|OPS100:app.Run()|}"), developmentOnly: false);

    [Fact]
    public Task Helper_called_in_Development_only_from_the_service_is_reported_at_the_call()
        => Verify(Api.Replace("MAP", "if (app.Environment.IsDevelopment()) {|OPS103:app.MapDefaultEndpoints()|};"), developmentOnly: false);

    [Fact]
    public Task Mapping_helper_without_registration_is_reported()
        => Verify(Api.Replace("builder.AddServiceDefaults();", "").Replace("MAP", "app.MapDefaultEndpoints();").Replace("app.Run()", "{|OPS101:app.Run()|}"), developmentOnly: false);

    /// <summary>
    /// The template's AddServiceDefaults registers a "self" check, and its MapDefaultEndpoints needs a WebApplication:
    /// a Generic Host worker registers checks nothing can probe (the helper's facts say registers=true, no endpoint).
    /// </summary>
    [Fact]
    public Task Worker_with_service_defaults_registers_health_checks_but_exposes_them_nowhere() => Verify("""
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        {|OPS100:builder.Build().Run()|};
        """, developmentOnly: true, project: TestProject.Default.WithServiceKind("worker"));

    [Fact]
    public async Task In_the_IDE_a_referenced_project_is_a_compilation_with_its_generated_facts()
    {
        // The IDE references ServiceDefaults as a compilation (its helpers are in source there), with the generator's output in it.
        var defaults = HealthPrograms.ServiceDefaults(developmentOnly: true);
        var (generated, _) = HealthPrograms.Facts("ServiceDefaults", HealthPrograms.Library, sources: defaults);
        var test = TestProject.Default.Analyzer<HealthEndpointAnalyzer>(Api.Replace("MAP", "{|OPS103:app.MapDefaultEndpoints()|};"));
        var project = new ProjectState("ServiceDefaults", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/ServiceDefaults/", "cs");
        project.OutputKind = Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary;
        project.Sources.Add(("/ServiceDefaults/Extensions.cs", defaults));
        project.Sources.Add(("/ServiceDefaults/OpsReady.Attributes.cs", TestProject.AttributesSource));
        project.Sources.Add(("/ServiceDefaults/OpsReady.HealthFacts.g.cs", generated));
        project.AdditionalReferences.AddRange(TestReferences.AspNetCore);
        test.TestState.AdditionalProjects.Add("ServiceDefaults", project);
        test.TestState.AdditionalProjectReferences.Add("ServiceDefaults");
        await test.RunAsync();
    }

    private static readonly Lazy<Microsoft.CodeAnalysis.MetadataReference> ThirdPartyPlatform = new(() =>
    {
        // A library that does not use OpsReady: no attributes, no facts.
        var (_, output) = HealthPrograms.Facts("Contoso.Platform", TestProject.Default.WithServiceKind(null).AsLibrary().WithoutAttributes(), sources: """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            namespace Contoso.Platform;

            public static class PlatformHealth
            {
                public static IServiceCollection AddPlatformHealth(this IServiceCollection services) { services.AddHealthChecks(); return services; }
                public static WebApplication MapPlatformProbes(this WebApplication app) { app.MapHealthChecks("/healthz"); return app; }
            }
            """);
        return TestProject.Emit(output);
    });

    private const string PlatformApi = """
        using Contoso.Platform;
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPlatformHealth();
        var app = builder.Build();
        app.MapPlatformProbes();
        RUN;
        """;

    [Fact]
    public Task Third_party_helpers_are_not_seen_without_configuration()
        => TestProject.Default.WithReferences(ThirdPartyPlatform.Value).VerifyAsync<HealthEndpointAnalyzer>(PlatformApi.Replace("RUN", "{|OPS100:app.Run()|}"));

    [Fact]
    public Task Third_party_helpers_declared_in_configuration_count()
        => TestProject.Default.WithReferences(ThirdPartyPlatform.Value)
            .WithBuildProperty("OpsReadyHealthHelperList", "Contoso.Platform.PlatformHealth.AddPlatformHealth:registers, Contoso.Platform.PlatformHealth.MapPlatformProbes:maps")
            .VerifyAsync<HealthEndpointAnalyzer>(PlatformApi.Replace("RUN", "app.Run()"));

    [Fact]
    public Task Third_party_mapping_helper_declared_without_registration_gets_OPS101()
        => TestProject.Default.WithReferences(ThirdPartyPlatform.Value)
            .WithBuildProperty("OpsReadyHealthHelperList", "Contoso.Platform.PlatformHealth.MapPlatformProbes:maps")
            .VerifyAsync<HealthEndpointAnalyzer>(PlatformApi.Replace("RUN", "{|OPS101:app.Run()|}"));
}
