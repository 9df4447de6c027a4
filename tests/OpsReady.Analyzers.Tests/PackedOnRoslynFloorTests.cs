using System.Collections.Immutable;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpsReady.EndToEnd.Tests;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// The floor the contract names: the analyzers, generators and fixes of the packed .nupkg (not this repository's build
/// output), loaded into Roslyn 4.8 (VS 2022 17.8 / SDK 8.0.1xx; this project pins Microsoft.CodeAnalysis 4.8.0) in an
/// isolated load context as a host loads them, then run over a service with findings, and a fix applied.
/// </summary>
public sealed class PackedOnRoslynFloorTests
{
    private const string Service = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Logging;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.Logger.LogInformation($"Started at {System.DateTime.UtcNow}");
        app.Run();
        """;

    [Fact]
    public async Task The_packed_analyzers_generators_and_fixes_load_and_work_on_Roslyn_4_8()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);

        var packed = Packed.Value;
        Assert.Empty(packed.Failures);
        var (analyzers, generators, fixes) = (packed.Analyzers, packed.Generators, packed.Fixes);

        // Everything came from the package, and as much of it as this repository builds.
        Assert.All(analyzers, a => Assert.Equal(packed.Folder, Path.GetDirectoryName(a.GetType().Assembly.Location)));
        Assert.Equal(Exported<DiagnosticAnalyzer>(typeof(Rules).Assembly), analyzers.Length);
        Assert.Equal(typeof(Rules).Assembly.GetTypes().Count(t => t.GetCustomAttribute<GeneratorAttribute>() != null), generators.Length);
        Assert.Equal(Exported<CodeFixProvider>(typeof(OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix).Assembly), fixes.Count);

        // Run: generators first, as the compiler does, then every analyzer; no analyzer may throw.
        var (compilation, diagnostics, exceptions) = await Analyze(TestProject.Default, Service, []);
        Assert.Empty(exceptions);
        var ids = diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "OPS001", "OPS100", "OPS200", "OPS205" }, ids);

        // Fix: OPS001 and OPS200 through the packed fixes, in a workspace of this Roslyn.
        using var workspace = new AdhocWorkspace();
        var document = Document(workspace, compilation, Service);
        foreach (var id in new[] { "OPS001", "OPS200" })
        {
            var diagnostic = diagnostics.First(d => d.Id == id);
            var fix = fixes.Single(f => f.FixableDiagnosticIds.Contains(id));
            var fixedTexts = await Apply(fix, document, diagnostic);
            Assert.True(fixedTexts.Count > 0, id + ": the packed fix offered nothing");
            var text = fixedTexts[0];
            Assert.NotEqual(Service, text);
            if (id == "OPS001")
            {
                Assert.Contains("[assembly: OpsReady.ServiceOwner(", text.Replace("[assembly: ServiceOwner(", "[assembly: OpsReady.ServiceOwner("));
            }
            else
            {
                Assert.DoesNotContain("$\"Started", text);
            }
        }
    }

    /// <summary>Services that between them break every rule: (what, the project, its sources, its additional files).</summary>
    private static IEnumerable<(string Name, TestProject Project, string Source, (string Path, string Text)[] Files)> BadServices()
    {
        yield return ("no owner", TestProject.Default, Service, []);
        yield return ("bad ownership and health", TestProject.Default.WithBuildProperty(ServiceInfo.KnownTeamsProperty.Substring("build_property.".Length), "orders-team"), """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            [assembly: OpsReady.ServiceOwner("payments", Contact = "TODO", Lifecycle = OpsReady.ServiceLifecycle.Maintenance)]

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapHealthChecks("/health");
            if (app.Environment.IsDevelopment())
            {
                app.MapHealthChecks("/health/dev");
            }
            System.Console.WriteLine("started");
            app.Run();
            """, [("/Orders/appsettings.json", "{ \"Logging\": }")]);
        yield return ("bad logging and patching", TestProject.Default
                .WithBuildProperty("_OpsReadyRuntimeFramework", "net8.0").WithBuildProperty("_OpsReadyRuntimeSupportEnds", "2026-11-10").WithBuildProperty("_OpsReadyRuntimeStatus", "ended"), """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;

            [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            var logger = app.Logger;
            var orderId = 7;
            logger.LogInformation("Order {OrderId} for {Customer}", orderId);
            logger.LogInformation("Order {OrderId", orderId);
            logger.LogInformation("Order {orderId}", orderId);
            try { app.Run(); }
            catch (Exception ex) { logger.LogError("Failed: {Message}", ex.Message); }
            """, [("/Orders/obj/Orders.opsready-audit.txt", "Newtonsoft.Json\t12.0.1\thigh\thttps://github.com/advisories/GHSA-5crp-9r3c-p9vr\n")]);
        yield return ("health only in Development", TestProject.Default, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            if (app.Environment.IsDevelopment())
            {
                app.MapHealthChecks("/health");
            }

            app.Run();
            """, []);
        yield return ("support ending", TestProject.Default
                .WithBuildProperty("_OpsReadyRuntimeFramework", "net8.0").WithBuildProperty("_OpsReadyRuntimeSupportEnds", "2026-11-10").WithBuildProperty("_OpsReadyRuntimeStatus", "ending"), """
            [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example")]
            static class Program { static void Main() { } }
            """, []);
    }

    [Fact]
    public async Task Every_rule_is_reported_and_every_fix_applies_from_the_packed_package_on_Roslyn_4_8()
    {
        var fixes = Packed.Value.Fixes;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var fixedBy = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, baseProject, source, files) in BadServices())
        {
            var (compilation, diagnostics, exceptions) = await Analyze(baseProject, source, files);
            Assert.True(exceptions.Count == 0, name + ": " + string.Join("\n", exceptions));
            reported.UnionWith(diagnostics.Select(d => d.Id));

            using var workspace = new AdhocWorkspace();
            var document = Document(workspace, compilation, source);
            foreach (var diagnostic in diagnostics.Where(d => d.Location.SourceTree?.FilePath == "/Orders/Program.cs"))
            {
                foreach (var fix in fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    foreach (var text in await Apply(fix, document, diagnostic))
                    {
                        Assert.NotEqual(source, text);
                        fixedBy.Add(fix.GetType().Name);
                    }
                }
            }
        }

        Assert.Equal(Rules.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), reported.Where(id => id.StartsWith("OPS", StringComparison.Ordinal)).OrderBy(id => id, StringComparer.Ordinal));
        Assert.Equal(fixes.Select(f => f.GetType().Name).OrderBy(n => n, StringComparer.Ordinal), fixedBy.OrderBy(n => n, StringComparer.Ordinal));
    }

    private static int Exported<T>(Assembly assembly)
        => assembly.GetTypes().Count(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t)
            && (t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null || t.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null));

    /// <summary>The package's own assemblies in a context of their own; Roslyn and the runtime come from the host (this test's Roslyn 4.8).</summary>
    private sealed class PackedLoadContext(string folder) : AssemblyLoadContext("opsready-packed", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = System.IO.Path.Combine(folder, name.Name + ".dll");
            return name.Name!.StartsWith("OpsReady.", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    private sealed class Loader(AssemblyLoadContext context) : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public Assembly LoadFromPath(string fullPath) => context.LoadFromAssemblyPath(fullPath);
    }

    /// <summary>The packed analyzers, generators and fixes, extracted and loaded once for the test run.</summary>
    private sealed record PackedAssemblies(string Folder, List<string> Failures, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<ISourceGenerator> Generators, List<CodeFixProvider> Fixes);

    private static readonly Lazy<PackedAssemblies> Packed = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("opsready-floor-").FullName;
        using (var zip = ZipFile.OpenRead(PackageFixture.Shared.Package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)))
            {
                entry.ExtractToFile(Path.Combine(folder, entry.Name));
            }
        }

        var context = new PackedLoadContext(folder);
        var loader = new Loader(context);
        var failures = new List<string>();
        var references = Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal).Select(path =>
        {
            var reference = new AnalyzerFileReference(path, loader);
            reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{Path.GetFileName(path)}: {e.ErrorCode} {e.TypeName} {e.Message}");
            return reference;
        }).ToList();
        var analyzers = references.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        var generators = references.SelectMany(r => r.GetGenerators(LanguageNames.CSharp)).ToImmutableArray();
        var fixes = context.LoadFromAssemblyPath(Path.Combine(folder, "OpsReady.CodeFixes.dll")).GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        return new PackedAssemblies(folder, failures, analyzers, generators, fixes);
    });

    /// <summary>The packed generators, then every packed analyzer, over /Orders/Program.cs, as the compiler runs them; what analyzers threw.</summary>
    private static async Task<(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, List<string> Exceptions)> Analyze(
        TestProject baseProject, string source, (string Path, string Text)[] files)
    {
        var project = files.Aggregate(baseProject, (p, f) => p.WithSettingsFile(f.Path, f.Text));
        var compilation = project.Compile("Orders", ("/Orders/Program.cs", source));
        var additional = files.Select(f => (AdditionalText)new TestProject.SettingsFile(f.Path, f.Text)).ToImmutableArray();
        CSharpGeneratorDriver.Create(Packed.Value.Generators, additionalTexts: additional, parseOptions: TestProject.ParseOptions, optionsProvider: project.Options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withFacts, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var exceptions = new List<string>();
        var diagnostics = await withFacts.WithAnalyzers(Packed.Value.Analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(additional, project.Options), (e, a, d) => exceptions.Add(a + ": " + e), concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        return (compilation, diagnostics, exceptions);
    }

    /// <summary>The service's Program.cs in a workspace of this Roslyn, compiled as <paramref name="compilation"/> was.</summary>
    private static Document Document(AdhocWorkspace workspace, Compilation compilation, string source)
        => workspace.CurrentSolution
            .AddProject("Orders", "Orders", LanguageNames.CSharp)
            .WithCompilationOptions(compilation.Options)
            .WithParseOptions(TestProject.ParseOptions)
            .AddMetadataReferences(compilation.References)
            .AddDocument("Program.cs", source, filePath: "/Orders/Program.cs");

    /// <summary>The text of Program.cs after each code action <paramref name="fix"/> offers for <paramref name="diagnostic"/>.</summary>
    private static async Task<List<string>> Apply(CodeFixProvider fix, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic.Location.SourceSpan, ImmutableArray.Create(diagnostic), (a, _) => actions.Add(a), CancellationToken.None));
        var texts = new List<string>();
        foreach (var action in actions)
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
            texts.Add((await changed.GetTextAsync()).ToString());
        }

        return texts;
    }
}
