using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpsReady.Analyzers.Health;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>
/// The facts generators in a long-lived driver, as the IDE keeps them: an edit inside a method body of a file the
/// facts cannot depend on leaves their costly steps Cached or Unchanged and the generated facts as they were; an
/// edit the facts do depend on (a constant route in another file, the composition root) reruns them.
/// </summary>
public class GeneratorIncrementalityTests
{
    private const string Program = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<IOrderRepository, OrderRepository>();
        var app = builder.Build();
        app.MapHealthChecks(Routes.Health);
        app.MapOrders();
        app.Run();
        """;

    private const string Routes = """
        public static class Routes
        {
            public const string Health = "/healthz";
        }
        """;

    private const string Orders = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Routing;

        public static class OrdersEndpoints
        {
            public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
            {
                app.MapGet("/orders", (IOrderRepository orders) => orders.All());
                return app;
            }
        }
        """;

    // The interface member is open-ended (a call to it may go anywhere), so All "may matter" by name: the
    // implementation's body must still not count, because what it calls cannot reach health wiring.
    private const string Repository = """
        using System.Collections.Generic;

        public interface IOrderRepository
        {
            string[] All();
        }

        public sealed class OrderRepository : IOrderRepository
        {
            private readonly List<string> items = new List<string>();

            public string[] All()
            {
                var copy = new List<string>(items);
                return copy.ToArray();
            }
        }
        """;

    private sealed record Session(GeneratorDriver Driver, Compilation Compilation)
    {
        public GeneratorRunResult Health => Driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(HealthFactsGenerator));

        public GeneratorRunResult Logging => Driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(LoggingFactsGenerator));

        public string HealthFacts => Health.GeneratedSources.Single().SourceText.ToString();

        public Session Edit(string path, string find, string replaceWith)
        {
            var tree = Compilation.SyntaxTrees.Single(t => t.FilePath == path);
            var text = tree.GetText();
            var at = text.ToString().IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{find}' not in {path}");
            var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at, find.Length), replaceWith)));
            var compilation = Compilation.ReplaceSyntaxTree(tree, edited);
            return new Session(Driver.RunGenerators(compilation), compilation);
        }
    }

    private static Session Start()
    {
        var compilation = TestProject.Default.Compile(
            "Api", ("/Api/Program.cs", Program), ("/Api/Routes.cs", Routes), ("/Api/Orders.cs", Orders), ("/Api/Repository.cs", Repository));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new HealthFactsGenerator().AsSourceGenerator(), new LoggingFactsGenerator().AsSourceGenerator() },
            parseOptions: TestProject.ParseOptions,
            optionsProvider: TestProject.Default.Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var session = new Session(driver.RunGenerators(compilation), compilation);
        Assert.Contains("path=/healthz;", session.HealthFacts);
        return session;
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void An_edit_inside_a_repository_method_reruns_nothing_costly()
    {
        var before = Start();
        var after = before.Edit("/Api/Repository.cs", "return copy.ToArray();", "copy.Sort(); System.Console.WriteLine(copy.Count); return copy.ToArray();");

        // Only the edited tree's shape is computed again; the closure follows (a shape changed) and is the same.
        Assert.Equal(1, Reasons(after.Health, HealthFactsGenerator.Steps.Shapes).Count(r => r == IncrementalStepRunReason.Modified));
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Closure), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Input), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Facts), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.HelperNames), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(after.Logging, LoggingFactsGenerator.ReferencesStep), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal(before.HealthFacts, after.HealthFacts);
    }

    [Fact]
    public void An_edit_that_changes_no_shape_stops_at_the_shape()
    {
        var after = Start().Edit("/Api/Repository.cs", "new List<string>(items)", "new List<string>(items) { }");
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Closure), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Facts), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void An_edit_of_a_constant_route_in_another_file_reruns_the_facts()
    {
        var after = Start().Edit("/Api/Routes.cs", "\"/healthz\"", "\"/health/live\"");
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Facts), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains("path=/health/live;", after.HealthFacts);
        Assert.DoesNotContain("path=/healthz;", after.HealthFacts);
    }

    [Fact]
    public void A_health_call_added_to_a_repository_method_brings_it_into_the_walk()
    {
        // The implementation now reaches health wiring by its own body: the walk may bind it, so the facts rerun.
        var after = Start().Edit("/Api/Repository.cs", "return copy.ToArray();", "Wire(null!); return copy.ToArray();")
            .Edit("/Api/Repository.cs", "private readonly List<string>", """
                private static void Wire(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => Microsoft.Extensions.DependencyInjection.HealthCheckServiceCollectionExtensions.AddHealthChecks(services);

                private readonly List<string>
                """);
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Input), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
    }

    [Fact]
    public void An_edit_of_the_composition_root_reruns_the_facts()
    {
        var after = Start().Edit("/Api/Program.cs", "app.MapHealthChecks(Routes.Health);", "app.MapHealthChecks(Routes.Health); app.MapHealthChecks(\"/ready\");");
        Assert.All(Reasons(after.Health, HealthFactsGenerator.Steps.Facts), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains("path=/ready;", after.HealthFacts);
    }
}
