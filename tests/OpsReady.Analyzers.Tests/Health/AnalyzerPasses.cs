using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>
/// Runs one analyzer the way the IDE does, pass by pass: the syntax pass of every document (cached by the IDE per
/// document text) and the semantic pass of one document (rerun when any document of the project changes).
/// </summary>
public static class AnalyzerPasses
{
    public sealed record Result(ImmutableArray<Diagnostic> Syntax, ImmutableArray<Diagnostic> Semantic, ImmutableArray<Diagnostic> All);

    /// <summary>The diagnostics of both passes, the semantic one for the tree at <paramref name="semanticPath"/>, and of a whole run.</summary>
    public static async Task<Result> RunAsync(
        DiagnosticAnalyzer analyzer, string semanticPath, IEnumerable<MetadataReference> references, string serviceKind, params (string Path, string Source)[] sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Append(("/0/OpsReady.Attributes.cs", TestSetup.AttributesSource))
            .Select(s => CSharpSyntaxTree.ParseText(s.Item2, parse, s.Item1))
            .ToList();
        var compilation = CSharpCompilation.Create("Service", trees, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new Options(serviceKind));
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        var syntax = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var tree in trees)
        {
            syntax.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None));
        }

        var target = trees.Single(t => t.FilePath == semanticPath);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(target), null, CancellationToken.None);
        var all = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        return new Result(syntax.ToImmutable(), semantic, all);
    }

    private sealed class Options(string serviceKind) : AnalyzerConfigOptionsProvider
    {
        private readonly Values global = new(new Dictionary<string, string> { ["build_property.OpsReadyServiceKind"] = serviceKind });

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
