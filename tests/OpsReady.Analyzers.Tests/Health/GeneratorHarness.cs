using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

/// <summary>Compiles a project by hand with the health facts generator, as a build would, for snapshot and cross-project tests.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The generated facts source ("" when the generator recorded nothing) and the compilation that includes it.</summary>
    public static (string Generated, Compilation Output) Run(
        string assemblyName, string? serviceKind, bool executable, IEnumerable<MetadataReference>? references = null, bool withAttributes = true, bool allowErrors = false, params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/{assemblyName}/File{i}.cs")).ToList();
        if (withAttributes)
        {
            trees.Add(CSharpSyntaxTree.ParseText(TestSetup.AttributesSource, ParseOptions, path: $"/{assemblyName}/OpsReady.Attributes.cs"));
        }

        var compilation = CSharpCompilation.Create(
            assemblyName,
            trees,
            HealthTestSetup.Framework().AddRange(references ?? HealthTestSetup.AspNetCore),
            new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var properties = new Dictionary<string, string>();
        if (serviceKind != null)
        {
            properties["build_property.OpsReadyServiceKind"] = serviceKind;
        }

        var driver = CSharpGeneratorDriver.Create(
            new[] { new HealthFactsGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new GlobalOptionsProvider(properties));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(allowErrors || errors.Count == 0, "the project does not compile: " + string.Join("\n", errors));

        var generated = output.SyntaxTrees.FirstOrDefault(t => t.FilePath.EndsWith(HealthFactsGenerator.HintName, StringComparison.Ordinal));
        return (generated?.ToString() ?? "", output);
    }

    /// <summary>The project as a built DLL another project references.</summary>
    public static MetadataReference Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>A .NET Aspire ServiceDefaults project, shaped like the template (health parts only).</summary>
    public static string ServiceDefaults(bool developmentOnly) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Diagnostics.HealthChecks;

        namespace Microsoft.Extensions.Hosting;

        public static class Extensions
        {
            private const string HealthEndpointPath = "/health";
            private const string AlivenessEndpointPath = "/alive";

            public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
            {
                builder.AddDefaultHealthChecks();
                return builder;
            }

            public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
            {
                builder.Services.AddHealthChecks()
                    .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
                return builder;
            }

            public static WebApplication MapDefaultEndpoints(this WebApplication app)
            {
                {{(developmentOnly ? "if (app.Environment.IsDevelopment())" : "")}}
                {
                    app.MapHealthChecks(HealthEndpointPath);
                    app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
                    {
                        Predicate = r => r.Tags.Contains("live")
                    });
                }

                return app;
            }
        }
        """;

    private static readonly Dictionary<bool, MetadataReference> ServiceDefaultsReferences = new();

    /// <summary>The ServiceDefaults project built with the generator (so its DLL carries the helper facts).</summary>
    public static MetadataReference ServiceDefaultsReference(bool developmentOnly)
    {
        lock (ServiceDefaultsReferences)
        {
            if (!ServiceDefaultsReferences.TryGetValue(developmentOnly, out var reference))
            {
                var (_, output) = Run("ServiceDefaults", serviceKind: "none", executable: false, sources: ServiceDefaults(developmentOnly));
                reference = Emit(output);
                ServiceDefaultsReferences[developmentOnly] = reference;
            }

            return reference;
        }
    }

    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions global;

        public GlobalOptionsProvider(Dictionary<string, string> properties) => global = new Options(properties);

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            private readonly Dictionary<string, string> values;

            public Options(Dictionary<string, string> values) => this.values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
                => values.TryGetValue(key, out value);
        }
    }
}
