using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
}
