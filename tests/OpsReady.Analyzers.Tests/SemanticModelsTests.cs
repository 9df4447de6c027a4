using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpsReady.Analyzers.Health;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// The one semantic model per tree and compilation that the facts generators and the health walker share, so
/// a composition root both generators look at is bound once.
/// </summary>
public class SemanticModelsTests
{
    [Fact]
    public void One_model_per_tree_and_compilation()
    {
        var first = CSharpSyntaxTree.ParseText("class A { void M() { } }", path: "/p/A.cs");
        var second = CSharpSyntaxTree.ParseText("class B { void M() { } }", path: "/p/B.cs");
        var compilation = CSharpCompilation.Create("P", new[] { first, second });

        var model = SemanticModels.For(compilation, first);

        Assert.Same(model, SemanticModels.For(compilation, first));
        Assert.Same(compilation, model.Compilation);
        Assert.Same(first, model.SyntaxTree);
        Assert.NotSame(model, SemanticModels.For(compilation, second));
    }

    [Fact]
    public void A_changed_compilation_gets_its_own_models()
    {
        var tree = CSharpSyntaxTree.ParseText("class A { }", path: "/p/A.cs");
        var compilation = CSharpCompilation.Create("P", new[] { tree });
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", path: "/p/B.cs"));

        var before = SemanticModels.For(compilation, tree);
        var after = SemanticModels.For(edited, tree);

        Assert.NotSame(before, after);
        Assert.Same(edited, after.Compilation);
    }

    [Fact]
    public void An_adopted_model_is_the_shared_one_and_the_first_adopted_stays()
    {
        var tree = CSharpSyntaxTree.ParseText("class A { }", path: "/p/A.cs");
        var compilation = CSharpCompilation.Create("P", new[] { tree });
        var driverModel = compilation.GetSemanticModel(tree);

        Assert.Same(driverModel, SemanticModels.Adopt(driverModel));
        Assert.Same(driverModel, SemanticModels.For(compilation, tree));
        Assert.Same(driverModel, SemanticModels.Adopt(compilation.GetSemanticModel(tree)));
    }

    [Fact]
    public void The_facts_generators_bind_through_the_model_the_driver_gives_every_generator()
    {
        // ASP.NET Core's validation generator binds a web service's top-level program through the driver's model;
        // the facts generators look at the same program, and must not bind it a second time on a model of their own.
        var tree = CSharpSyntaxTree.ParseText("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            """, path: "/p/Program.cs");
        var compilation = CSharpCompilation.Create("P", new[] { tree });
        var probe = new ModelProbe();
        CSharpGeneratorDriver.Create(new LoggingFactsGenerator(), new HealthFactsGenerator(), probe)
            .RunGenerators(compilation);

        var driverModel = Assert.Single(probe.Models.Distinct());
        Assert.Same(tree, driverModel.SyntaxTree);
        Assert.Same(driverModel, SemanticModels.For(driverModel.Compilation, tree));
    }

    /// <summary>Stands for another generator: records the models the driver hands its syntax provider.</summary>
    private sealed class ModelProbe : IIncrementalGenerator
    {
        public ImmutableArray<SemanticModel> Models { get; private set; } = ImmutableArray<SemanticModel>.Empty;

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider.CreateSyntaxProvider(static (node, _) => node is InvocationExpressionSyntax, static (syntax, _) => syntax.SemanticModel);
            context.RegisterSourceOutput(models.Collect(), (_, all) => Models = all);
        }
    }
}
