using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace OpsReady.Analyzers.Tests;

/// <summary>Shared set-up for analyzer and code-fix tests: reference assemblies, the OpsReady attributes, build properties.</summary>
public static class TestSetup
{
    public static readonly string AttributesSource = ReadAttributes();

    /// <summary>.NET 8 reference assemblies (restored by the test project's PackageDownload items).</summary>
    public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

    /// <summary>A global analyzer config with the build properties the package's targets would pass.</summary>
    public static string GlobalConfig(string? serviceKind = "web", IDictionary<string, string>? more = null)
    {
        var lines = new List<string> { "is_global = true" };
        if (serviceKind != null)
        {
            lines.Add($"build_property.OpsReadyServiceKind = {serviceKind}");
        }

        foreach (var pair in more ?? new Dictionary<string, string>())
        {
            lines.Add($"build_property.{pair.Key} = {pair.Value}");
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string ReadAttributes()
    {
        using var stream = typeof(TestSetup).Assembly.GetManifestResourceStream("OpsReady.Attributes.cs")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>Runs one analyzer (and optionally its fix) over sources that see the OpsReady attributes.</summary>
public sealed class OpsReadyTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public OpsReadyTest(string? serviceKind = "web", IDictionary<string, string>? properties = null, bool console = true)
    {
        ReferenceAssemblies = TestSetup.Net80;
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestSetup.GlobalConfig(serviceKind, properties)));
        if (console)
        {
            TestState.OutputKind = OutputKind.ConsoleApplication;
            FixedState.OutputKind = OutputKind.ConsoleApplication;
        }
    }

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        // The attributes come last so the test's own files keep their default names (Test0.cs, …);
        // only a test with fixed code has a fixed state.
        AddAttributes(TestState);
        if (FixedState.Sources.Count > 0)
        {
            AddAttributes(FixedState);
        }

        return base.RunImplAsync(cancellationToken);
    }

    private static void AddAttributes(SolutionState state)
    {
        if (!state.Sources.Any(s => s.filename.EndsWith("OpsReady.Attributes.cs", StringComparison.Ordinal)))
        {
            state.Sources.Add(("/0/OpsReady.Attributes.cs", Microsoft.CodeAnalysis.Text.SourceText.From(TestSetup.AttributesSource)));
        }
    }
}
