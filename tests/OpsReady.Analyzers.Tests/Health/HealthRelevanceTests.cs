using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>The walker's syntactic pre-filter: it may skip only helpers that cannot reach health wiring.</summary>
public class HealthRelevanceTests
{
    private const string Source = """
        using System;
        public abstract class Base { public abstract void Hook(object app); public virtual void Soft() { } }
        public interface IConfigurer { void Configure(object app); }
        public static class Helpers
        {
            public static void MapsDirectly(dynamic app) => app.MapHealthChecks("/health");
            public static void CallsMapper(object app) => MapsDirectly(app);
            public static void CallsCaller(object app) { if (app != null) CallsMapper(app); }
            public static void LogsOnly(object app) { Console.WriteLine(nameof(app)); Format(app); }
            public static string Format(object o) => o.ToString();
            public static void RunsDelegate(Action<object> configure, object app) => configure(app);
            public static void RunsInvoke(Action<object> configure, object app) => configure?.Invoke(app);
            public static void CallsHook(Base b, object app) => b.Hook(app);
            public static void CallsReferencedHelper(dynamic app) => app.MapDefaultEndpoints();
            public static void LocalFunctionMaps(dynamic app) { Local(); void Local() => app.UseHealthChecks("/h"); }
            public static void HandlerOnly(object app) { Action<int> handler = id => Served(id); var x = app; }
            public static void HandsAppToUnknown(object app) => External.Configure(app);
            public static void HandsLocalToUnknown(object app) { var group = app; External.Configure(group); }
            private static readonly Action<int> Served = _ => { };
        }
        """;

    private static IMethodSymbol Method(Compilation compilation, string type, string name)
        => compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().Single();

    [Theory]
    [InlineData("Helpers", "MapsDirectly", true)]
    [InlineData("Helpers", "CallsMapper", true)]
    [InlineData("Helpers", "CallsCaller", true)]
    [InlineData("Helpers", "LogsOnly", false)]
    [InlineData("Helpers", "Format", false)]
    [InlineData("Helpers", "RunsDelegate", true)]
    [InlineData("Helpers", "RunsInvoke", true)]
    [InlineData("Helpers", "CallsHook", true)]
    [InlineData("Helpers", "CallsReferencedHelper", true)]
    [InlineData("Helpers", "LocalFunctionMaps", true)]
    [InlineData("Helpers", "HandlerOnly", false)]
    [InlineData("Helpers", "HandsAppToUnknown", true)]
    [InlineData("Helpers", "HandsLocalToUnknown", true)]
    [InlineData("Base", "Hook", true)]
    [InlineData("Base", "Soft", true)]
    [InlineData("IConfigurer", "Configure", true)]
    public void Only_helpers_that_cannot_reach_health_wiring_are_skipped(string type, string name, bool matters)
    {
        var compilation = CSharpCompilation.Create("Relevance", new[] { CSharpSyntaxTree.ParseText(Source) });
        var relevance = HealthRelevance.Compute(compilation, new[] { "MapDefaultEndpoints" }, CancellationToken.None);
        Assert.Equal(matters, relevance.MayMatter(Method(compilation, type, name)));
    }

    [Theory]
    [InlineData("M:Microsoft.Extensions.Hosting.Extensions.MapDefaultEndpoints(Microsoft.AspNetCore.Builder.WebApplication)~Microsoft.AspNetCore.Builder.WebApplication", "MapDefaultEndpoints")]
    [InlineData("M:Microsoft.Extensions.Hosting.Extensions.AddServiceDefaults``1(``0)~``0", "AddServiceDefaults")]
    [InlineData("Contoso.Platform.Probes.MapProbes", "MapProbes")]
    public void Referenced_helper_ids_give_their_simple_names(string id, string name)
        => Assert.Equal(name, HealthRelevance.SimpleName(id));
}
