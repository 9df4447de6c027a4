using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>Logging tests compile against .NET 8 plus the real Microsoft.Extensions.Logging.Abstractions and Serilog packages.</summary>
public static class LoggingTest
{
    /// <summary>Restored by the test project's PackageDownload items, so tests never download.</summary>
    public static ReferenceAssemblies References { get; } = ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Microsoft.Extensions.Logging.Abstractions", "8.0.0"),
        new PackageIdentity("Serilog", "4.3.0")));

    public static OpsReadyTest<TAnalyzer, TFix> Create<TAnalyzer, TFix>(string source, string? fixedSource = null, string? serviceKind = "none", bool withLibraries = true, bool console = false)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new OpsReadyTest<TAnalyzer, TFix>(serviceKind, console: console) { TestCode = source };
        test.ReferenceAssemblies = withLibraries ? References : ReferenceAssemblies.Net.Net80;
        if (fixedSource != null)
        {
            test.FixedCode = fixedSource;
        }

        return test;
    }

    /// <summary>Runs the analyzer only (no fix expected).</summary>
    public static Task Verify<TAnalyzer>(string source, string? serviceKind = "none", bool withLibraries = true, bool console = false)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => Create<TAnalyzer, EmptyCodeFixProvider>(source, null, serviceKind, withLibraries, console).RunAsync();

    /// <summary>The build properties the package's targets pass (the service kind), for tests that run analyzers through CompilationWithAnalyzers.</summary>
    public sealed class ServiceOptions(string kind) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new(new Dictionary<string, string>());
        private readonly Options global = new(new Dictionary<string, string> { [ServiceInfo.ServiceKindProperty] = kind });

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.AdditionalText textFile) => None;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
