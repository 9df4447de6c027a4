using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OpsReady.Benchmark;

/// <summary>
/// What an edit costs in the IDE: a generated web service of N files, kept in one long-lived generator driver as an
/// IDE keeps it, edited inside a method body of a file unrelated to health or logging configuration (a repository),
/// one statement per edit as typed text is reparsed. Per edit it times the driver's run of OpsReady's generators
/// alongside the framework's generators of a web project (the ASP.NET Core and .NET reference packs' generators,
/// each generator's time from the driver's own timing), against the same driver without OpsReady; and the semantic
/// analysis of the edited document by OpsReady's analyzers against Microsoft's logging analyzers (NetAnalyzers).
/// The first run (what a build pays, JIT already warm) is printed too.
/// </summary>
internal static class Edits
{
    public static void Run(ImmutableArray<MetadataReference> references, string packages, ImmutableArray<DiagnosticAnalyzer> opsReadyAnalyzers, ImmutableArray<DiagnosticAnalyzer> netAnalyzersLogging, int files, int edits)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ServiceGenerator.Generate(files)
            .Select(f => CSharpSyntaxTree.ParseText(f.Source, parse, f.Path))
            .Append(CSharpSyntaxTree.ParseText(ServiceGenerator.AttributesSource(), parse, "OpsReady.Attributes.cs"))
            .ToArray();
        var compilation = CSharpCompilation.Create(
            "Generated.Service", trees, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var framework = FrameworkGenerators(packages);
        var ours = new ISourceGenerator[] { new OpsReady.Analyzers.Health.HealthFactsGenerator().AsSourceGenerator(), new OpsReady.Analyzers.Logging.LoggingFactsGenerator().AsSourceGenerator() };
        Console.WriteLine($"Per-edit cost: a generated web service of {files} files ({trees.Length} trees), {edits} edits inside a method body of Data/Repository*.cs; {Environment.ProcessorCount} cores");
        Console.WriteLine($"  framework generators: {string.Join(", ", framework.Select(g => GeneratorName(g)))}");

        var target = trees.First(t => t.FilePath.StartsWith("Data/Repository", StringComparison.Ordinal));
        var drivers = new[] { ("with OpsReady", framework.Concat(ours).ToArray()), ("without", framework) };
        var firstRun = drivers.ToDictionary(d => d.Item1, _ => new List<double>());
        var perEdit = drivers.ToDictionary(d => d.Item1, _ => new List<double>());
        var oursFirst = new List<double>();
        var oursPerEdit = new List<double>();
        var frameworkFirst = new List<double>();
        var oursByGenerator = new Dictionary<string, (List<double> First, List<double> Edit)>();
        var analyzerEdit = new Dictionary<string, List<double>> { ["OpsReady"] = new(), ["NetAnalyzers-logging"] = new() };

        // Round -1 warms the JIT; each later round starts a new driver (the first run) and then edits.
        for (var round = -1; round < 3; round++)
        {
            foreach (var (name, generators) in drivers)
            {
                GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, ImmutableArray<AdditionalText>.Empty, parse, new ServiceOptions());
                Stats.CollectGarbage();
                driver = driver.RunGenerators(compilation);
                var timing = driver.GetTimingInfo();
                if (round >= 0)
                {
                    firstRun[name].Add(timing.ElapsedTime.TotalMilliseconds);
                    if (name == "with OpsReady")
                    {
                        oursFirst.Add(OursOf(timing));
                        Record(oursByGenerator, timing, first: true);
                        frameworkFirst.Add(timing.ElapsedTime.TotalMilliseconds - OursOf(timing));
                    }
                }

                var edited = compilation;
                var tree = target;
                for (var e = 0; e < (round < 0 ? 3 : edits); e++)
                {
                    var next = Edit(tree, e);
                    edited = edited.ReplaceSyntaxTree(tree, next);
                    tree = next;
                    driver = driver.RunGenerators(edited);
                    if (round >= 0)
                    {
                        var edit = driver.GetTimingInfo();
                        perEdit[name].Add(edit.ElapsedTime.TotalMilliseconds);
                        if (name == "with OpsReady")
                        {
                            oursPerEdit.Add(OursOf(edit));
                            Record(oursByGenerator, edit, first: false);
                        }
                    }

                    if (name == "with OpsReady" && e < 5)
                    {
                        // The IDE analyses the edited document on the compilation with the generated sources.
                        driver.RunGeneratorsAndUpdateCompilation(edited, out var withGenerated, out _);
                        foreach (var (set, analyzers) in new[] { ("OpsReady", opsReadyAnalyzers), ("NetAnalyzers-logging", netAnalyzersLogging) })
                        {
                            var model = withGenerated.GetSemanticModel(withGenerated.SyntaxTrees.First(t => t.FilePath == tree.FilePath));
                            var watch = Stopwatch.StartNew();
                            var diagnostics = withGenerated.WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ServiceOptions()))
                                .GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
                            if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
                            {
                                throw new InvalidOperationException(crash.ToString());
                            }

                            if (round >= 0)
                            {
                                analyzerEdit[set].Add(watch.Elapsed.TotalMilliseconds);
                            }
                        }
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("Generators (medians, ms)              first run      per edit");
        foreach (var (name, _) in drivers)
        {
            Console.WriteLine($"  all, {name,-30} {Stats.Median(firstRun[name]),9:0.00} {Stats.Median(perEdit[name]),13:0.000}");
        }

        Console.WriteLine($"  OpsReady's generators alone          {Stats.Median(oursFirst),9:0.00} {Stats.Median(oursPerEdit),13:0.000}   (the driver's own timing of them)");
        foreach (var (generator, (first, edit)) in oursByGenerator)
        {
            Console.WriteLine($"    {generator,-34} {Stats.Median(first),9:0.00} {Stats.Median(edit),13:0.000}");
        }

        Console.WriteLine($"  framework generators, same driver    {Stats.Median(frameworkFirst),9:0.00}");
        Console.WriteLine($"  OpsReady share of a first run        {Stats.Median(oursFirst.Zip(firstRun["with OpsReady"], (o, a) => o / a).ToList()):P1} of all generator time");
        Console.WriteLine($"  per-edit goal (< 1 ms median)        {(Stats.Median(oursPerEdit) < 1 ? "met" : "NOT met")}; 90th percentile {Percentile(oursPerEdit, 0.9):0.000} ms");
        Console.WriteLine();
        Console.WriteLine("Analyzers on the edited document, per edit (median wall ms, a new compilation each edit as in the IDE):");
        foreach (var (set, times) in analyzerEdit)
        {
            Console.WriteLine($"  {set,-22} {Stats.Median(times),9:0.00}");
        }
    }

    /// <summary>Inserts one statement at the start of the first method body of <paramref name="tree"/>, as typing does.</summary>
    private static SyntaxTree Edit(SyntaxTree tree, int edit)
    {
        var body = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Body != null).Body!;
        var text = tree.GetText();
        var change = new TextChange(new TextSpan(body.OpenBraceToken.Span.End, 0), $"\n        var edit{edit} = {edit};");
        return tree.WithChangedText(text.WithChanges(change));
    }

    private static void Record(Dictionary<string, (List<double> First, List<double> Edit)> into, GeneratorDriverTimingInfo timing, bool first)
    {
        foreach (var generator in timing.GeneratorTimes.Where(g => GeneratorName(g.Generator).StartsWith("OpsReady.", StringComparison.Ordinal)))
        {
            var name = GeneratorName(generator.Generator).Split('.').Last();
            if (!into.TryGetValue(name, out var lists))
            {
                into[name] = lists = (new List<double>(), new List<double>());
            }

            (first ? lists.First : lists.Edit).Add(generator.ElapsedTime.TotalMilliseconds);
        }
    }

    private static double OursOf(GeneratorDriverTimingInfo timing)
        => timing.GeneratorTimes.Where(g => GeneratorName(g.Generator).StartsWith("OpsReady.", StringComparison.Ordinal)).Sum(g => g.ElapsedTime.TotalMilliseconds);

    private static string GeneratorName(ISourceGenerator generator) => generator.GetGeneratorType().FullName ?? "?";

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    /// <summary>The source generators the SDK passes to a web project: those of the .NET and ASP.NET Core reference packs.</summary>
    private static ISourceGenerator[] FrameworkGenerators(string packages)
    {
        var loader = new AnalyzerLoader();
        return new[] { "microsoft.netcore.app.ref", "microsoft.aspnetcore.app.ref" }
            .Select(p => Path.Combine(packages, p, "10.0.10", "analyzers", "dotnet", "cs"))
            .SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            .SelectMany(path => new AnalyzerFileReference(path, loader).GetGenerators(LanguageNames.CSharp))
            .ToArray();
    }
}
