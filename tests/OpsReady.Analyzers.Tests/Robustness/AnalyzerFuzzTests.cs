using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.Testing;

namespace OpsReady.Analyzers.Tests.Robustness;

/// <summary>
/// Breaks real sources (the samples, the test sources) in thousands of deterministic ways and runs
/// every OpsReady analyzer and code fix over each variant: no analyzer may throw (AD0001), no fix
/// may fail. `OPSREADY_FUZZ_VARIANTS=200000 dotnet test --filter AnalyzerFuzzTests` runs a long
/// campaign; `OPSREADY_FUZZ_SEED` picks another sequence.
/// </summary>
public class AnalyzerFuzzTests
{
    private static readonly int Variants = int.TryParse(Environment.GetEnvironmentVariable("OPSREADY_FUZZ_VARIANTS"), out var n) ? n : 3000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("OPSREADY_FUZZ_SEED"), out var s) ? s : 20261126;

    [Fact]
    public async Task Analyzers_and_fixes_never_throw_on_broken_code()
    {
        var analyzers = AllOf<DiagnosticAnalyzer>(typeof(Rules).Assembly);
        var fixes = AllOf<CodeFixProvider>(typeof(OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix).Assembly);
        var references = await FuzzReferences.ResolveAsync();
        var seeds = SeedSources().ToArray();
        Assert.True(seeds.Length >= 5, "fuzzing needs seed sources");
        Assert.True(Generators.Length >= 2, "the generators take part too");
        // The health analyzer and generator have no catch-all: a crash in them must show up here, not as silence.
        Assert.Contains(analyzers, a => a is OpsReady.Analyzers.Health.HealthEndpointAnalyzer);
        Assert.Contains(analyzers, a => a is OpsReady.Analyzers.Ownership.OwnershipAnalyzer);
        Assert.Contains(Generators, g => g.GetGeneratorType() == typeof(OpsReady.Analyzers.Health.HealthFactsGenerator));

        var failures = new ConcurrentBag<string>();
        var analyzed = 0;
        var fixesApplied = 0;
        // Dedicated threads with a large stack: broken code can make the compiler's binder recurse deeply,
        // and a stack overflow would take the whole test host down instead of failing one variant.
        var next = -1;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Variants)
            {
                // Not HashCode.Combine: that is randomised per process, and a failing variant must replay.
                var random = new Random(unchecked(Seed * 7919 + i));
                var (name, source) = seeds[random.Next(seeds.Length)];
                var (mutation, variant) = Mutate(source, random);
                // Every third variant as a worker: the worker-only paths (registration, exposure) are walked too.
                var kind = i % 3 == 2 ? "worker" : "web";
                try
                {
                    var applied = AnalyzeAndFix(variant, kind, analyzers, fixes, references, applyFixes: i % 7 == 0, CancellationToken.None).GetAwaiter().GetResult();
                    Interlocked.Add(ref fixesApplied, applied);
                    Interlocked.Increment(ref analyzed);
                }
                catch (Exception e)
                {
                    failures.Add($"variant {i} ({mutation} of {name} as {kind}, OPSREADY_FUZZ_SEED={Seed}): {e.GetType().Name}: {e.Message}");
                }
            }
        }

        var threads = Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount))
            .Select(_ => new Thread(Work, maxStackSize: 256 * 1024 * 1024))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        await Task.CompletedTask;

        Assert.True(failures.IsEmpty, $"{failures.Count} of {Variants} variants failed:\n" + string.Join("\n\n", failures.Take(5)));
        Assert.Equal(Variants, analyzed);

        // The campaign must have exercised the fixes too, not only the analyzers.
        Assert.True(fixesApplied > 0, "no code fix was applied to any variant");
    }

    private static async Task<int> AnalyzeAndFix(string source, string serviceKind, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixes, ImmutableArray<MetadataReference> references, bool applyFixes, CancellationToken ct)
    {
        var exceptions = new ConcurrentBag<string>();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, parse, "/src/Program.cs"),
            CSharpSyntaxTree.ParseText(TestProject.AttributesSource, parse, "/src/OpsReady.Attributes.cs"),
        };
        Compilation compilation = CSharpCompilation.Create("Fuzzed", trees, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var optionsProvider = TestProject.Default.WithServiceKind(serviceKind).WithBuildProperty("OpsReadyKnownTeamList", "payments,search").Options;
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, optionsProvider);

        // The generators run first, as in a build; one that throws fails the user's build (CS8785).
        var driver = CSharpGeneratorDriver.Create(Generators, parseOptions: parse, optionsProvider: optionsProvider);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out var generatorDiagnostics, ct);
        if (generatorDiagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Warning || d.Severity == DiagnosticSeverity.Error) is { } generatorFailure)
        {
            throw new InvalidOperationException("generator failed: " + generatorFailure);
        }
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            options, (e, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {e}"), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(ct);

        if (!exceptions.IsEmpty)
        {
            throw new InvalidOperationException("analyzer threw: " + exceptions.First());
        }

        var crash = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
        if (crash != null)
        {
            throw new InvalidOperationException(crash.ToString());
        }

        if (!applyFixes)
        {
            return 0;
        }

        var applied = 0;
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Fuzzed", "Fuzzed", LanguageNames.CSharp,
            compilationOptions: compilation.Options, parseOptions: parse, metadataReferences: references));
        var document = workspace.AddDocument(project.Id, "Program.cs", SourceText.From(source));
        foreach (var diagnostic in diagnostics.Where(d => d.Location.SourceTree?.FilePath == "/src/Program.cs"))
        {
            foreach (var fix in fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var mapped = Diagnostic.Create(diagnostic.Descriptor, Location.Create((await document.GetSyntaxTreeAsync(ct))!, diagnostic.Location.SourceSpan), diagnostic.Properties);
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, mapped, (a, _) => actions.Add(a), ct));
                foreach (var action in actions)
                {
                    foreach (var operation in await action.GetOperationsAsync(ct))
                    {
                        if (operation is ApplyChangesOperation change)
                        {
                            await change.ChangedSolution.GetDocument(document.Id)!.GetSyntaxRootAsync(ct);
                            applied++;
                        }
                    }
                }
            }
        }

        return applied;
    }

    /// <summary>One of several ways to break code, as typing, pasting and merging do.</summary>
    private static (string Mutation, string Text) Mutate(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToArray();
        if (tokens.Length < 2)
        {
            return ("none", source);
        }

        var token = tokens[random.Next(tokens.Length)];
        switch (random.Next(7))
        {
            case 0:
                return ("truncate", source.Substring(0, random.Next(source.Length)));
            case 1:
                return ("delete-token", source.Remove(token.SpanStart, token.Span.Length));
            case 2:
                return ("duplicate-token", source.Insert(token.SpanStart, token.Text + " "));
            case 3:
                var brace = "{}()[]<>\"'"[random.Next(10)];
                return ("unbalance", source.Insert(random.Next(source.Length), brace.ToString()));
            case 4:
                var builder = new StringBuilder(source);
                for (var k = 0; k < 1 + random.Next(5); k++)
                {
                    builder.Insert(random.Next(builder.Length), (char)random.Next(1, 0x7f));
                }

                return ("random-chars", builder.ToString());
            case 5:
                var from = random.Next(source.Length);
                return ("delete-range", source.Remove(from, Math.Min(source.Length - from, random.Next(1, 80))));
            default:
                var other = tokens[random.Next(tokens.Length)];
                return ("swap-token", source.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, other.Text));
        }
    }

    /// <summary>The samples and the C# inside the analyzer tests' raw strings, plus a few shapes of our own.</summary>
    private static IEnumerable<(string Name, string Source)> SeedSources()
    {
        var root = RepositoryRoot();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return (Path.GetRelativePath(root, file), File.ReadAllText(file));
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "tests", "OpsReady.Analyzers.Tests"), "*Tests.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var tree = CSharpSyntaxTree.ParseText(text);
            var index = 0;
            foreach (var literal in tree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)))
            {
                var code = literal.ValueText;
                if (code.Contains(';') || code.Contains('['))
                {
                    // Strip the test markup ({|OPS001:…|}, [|…|]) so the seed is plain C#.
                    code = System.Text.RegularExpressions.Regex.Replace(code, @"\{\|[^:|]*:|\|\}|\[\||\|\]", "");
                    yield return ($"{Path.GetFileName(file)}#{index++}", code);
                }
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpsReady.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private static readonly ISourceGenerator[] Generators = typeof(Rules).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
        .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
        .ToArray();

    private static ImmutableArray<T> AllOf<T>(Assembly assembly)
        => assembly.GetTypes().Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}

/// <summary>Reference assemblies for fuzzing, resolved once through the same NuGet packages the tests restore.</summary>
internal static class FuzzReferences
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> References = new(ResolveOnceAsync);

    public static Task<ImmutableArray<MetadataReference>> ResolveAsync() => References.Value;

    /// <summary>.NET 8, ASP.NET Core 8 (health, hosting, Microsoft.Extensions.Logging) and Serilog: every rule family can fire.</summary>
    private static async Task<ImmutableArray<MetadataReference>> ResolveOnceAsync()
    {
        var logging = await OpsReady.Analyzers.Tests.Logging.LoggingProjects.Library.ReferenceAssemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var aspNetNames = TestReferences.AspNetCore.Select(r => Path.GetFileName(r.Display)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return logging.Where(r => !aspNetNames.Contains(Path.GetFileName(r.Display)))
            .Concat(TestReferences.AspNetCore)
            .ToImmutableArray();
    }
}
