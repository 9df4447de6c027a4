using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OpsReady.Benchmark;

/// <summary>
/// What OpsReady costs one compile in a warm compiler, the steady state of a developer's compiler server, measured in
/// this process where whole builds are too noisy to resolve a few milliseconds. The clean builds' own csc command lines
/// are parsed and run through the compiler's pipeline as csc runs it (source generators, the compiler's diagnostics,
/// analyzers, emit), in turns after uncounted warm-up runs, with a full garbage collection before each run so no run
/// pays for another's garbage. Three variants: the build with OpsReady as it is; the same without OpsReady's analyzer
/// assemblies, which leaves its attribute source and the project's ownership declaration; and the build without the
/// package. The differences are medians of per-run differences, with a 95% interval.
/// As in csc, the compilation is bound once, with the analyzers attached, and an analyzer runs only if one of its rules
/// can be reported at a severity the build shows (see <see cref="RunsInBuild"/>).
/// </summary>
internal static class WarmCompiler
{
    private static readonly string[] Phases = { "generators", "compiler diagnostics", "analyzers", "emit", "whole compile" };

    public static void Run(string withDirectory, string withArguments, string withoutDirectory, string withoutArguments, int runs)
    {
        var variants = new[]
        {
            Variant.Load("with OpsReady", withDirectory, withArguments, keepOpsReady: true),
            Variant.Load("attributes only", withDirectory, withArguments, keepOpsReady: false),
            Variant.Load("without", withoutDirectory, withoutArguments, keepOpsReady: false),
        };

        var times = variants.Select(_ => new List<double[]>()).ToArray();
        for (var run = -10; run < runs; run++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                // Rotate the order so no variant always runs right after another.
                var index = ((k + run) % variants.Length + variants.Length) % variants.Length;
                Stats.CollectGarbage();
                var measured = variants[index].Compile();
                if (run >= 0)
                {
                    times[index].Add(measured);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"A warm compiler, in this process (the builds' csc command lines through the compiler's pipeline, {runs} runs each, taking turns):");
        Console.WriteLine("  analyzers the build runs (its rules' severities filtered as csc filters them): "
            + string.Join(", ", variants.Select(v => $"{v.Name} {v.AnalyzersRun} of {v.AnalyzersLoaded}")));
        foreach (var variant in variants.Where(v => v.LoadFailures.Count > 0))
        {
            Console.WriteLine($"  ({variant.Name}: {variant.LoadFailures.Count} analyzer assemblies did not load in this process's Roslyn: {string.Join(", ", variant.LoadFailures.Distinct())})");
        }

        Console.WriteLine($"  {"median ms",-22}" + string.Join("", variants.Select(v => $"{v.Name,18}")) + "   with - without (95% interval)   attributes only - without");
        for (var p = 0; p < Phases.Length; p++)
        {
            var medians = times.Select(t => Stats.Median(t.Select(r => r[p]).ToList())).ToArray();
            Console.WriteLine($"  {Phases[p],-22}" + string.Join("", medians.Select(m => $"{m,18:0.0}"))
                + $"   {Difference(times[0], times[2], p),-30}{Difference(times[1], times[2], p)}");
        }

        var allocated = Phases.Length;
        Console.WriteLine($"  {"allocated MB",-22}" + string.Join("", times.Select(t => $"{Stats.Median(t.Select(r => r[allocated]).ToList()),18:0.00}"))
            + $"   {Difference(times[0], times[2], allocated, "0.00", ""),-30}{Difference(times[1], times[2], allocated, "0.00", "")}");
    }

    private static string Difference(List<double[]> a, List<double[]> b, int phase, string format = "0.0", string unit = " ms")
        => Stats.SignedMedian(a.Zip(b, (x, y) => x[phase] - y[phase]).ToList(), format, unit);

    private sealed class Variant
    {
        private Variant(string name, CommandLineArguments arguments, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<ISourceGenerator> generators, List<string> loadFailures)
        {
            Name = name;
            Arguments = arguments;
            Analyzers = analyzers;
            Generators = generators;
            LoadFailures = loadFailures;
            // Without /errorlog, csc skips analyzers whose rules are all hidden or info here; with it, only disabled ones.
            ShownSeverities = arguments.ErrorLogOptions is null
                ? new[] { ReportDiagnostic.Warn, ReportDiagnostic.Error }
                : new[] { ReportDiagnostic.Hidden, ReportDiagnostic.Info, ReportDiagnostic.Warn, ReportDiagnostic.Error };
            References = arguments.MetadataReferences.Select(r => (MetadataReference)MetadataReference.CreateFromFile(r.Reference)).ToImmutableArray();
            Config = AnalyzerConfigSet.Create(arguments.AnalyzerConfigPaths.Select(path => AnalyzerConfig.Parse(File.ReadAllText(path), path)).ToList());
            Sources = arguments.SourceFiles.Select(f => (f.Path, Text: File.ReadAllText(f.Path))).ToArray();
        }

        public string Name { get; }

        public List<string> LoadFailures { get; }

        private CommandLineArguments Arguments { get; }

        private ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        private ImmutableArray<ISourceGenerator> Generators { get; }

        private ImmutableArray<MetadataReference> References { get; }

        private AnalyzerConfigSet Config { get; }

        private (string Path, string Text)[] Sources { get; }

        private ReportDiagnostic[] ShownSeverities { get; }

        /// <summary>The loaded analyzers the build runs, chosen in the first run (the same sources and options every run).</summary>
        private ImmutableArray<DiagnosticAnalyzer>? InBuild { get; set; }

        public int AnalyzersRun => InBuild?.Length ?? 0;

        public int AnalyzersLoaded => Analyzers.Length;

        public static Variant Load(string name, string directory, string commandLine, bool keepOpsReady)
        {
            var arguments = CSharpCommandLineParser.Default.Parse(CommandLineParser.SplitCommandLineIntoArguments(commandLine, removeHashComments: false), directory, sdkDirectory: null);
            if (arguments.Errors.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            {
                throw new InvalidOperationException($"the csc command line of {name} did not parse: {error}");
            }

            // OpsReady's analyzer assembly loads into a context of its own per variant, as the compiler loads analyzers
            // apart from its own assemblies; the SDK's analyzers are shared by every variant (loaded once).
            var loader = new Loader();
            var failures = new List<string>();
            var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            var generators = ImmutableArray.CreateBuilder<ISourceGenerator>();
            foreach (var path in arguments.AnalyzerReferences.Select(r => r.FilePath))
            {
                var opsReady = BuildOverhead.IsOpsReadyAssembly(path);
                if (opsReady && !keepOpsReady)
                {
                    continue;
                }

                var reference = new AnalyzerFileReference(path, loader);
                reference.AnalyzerLoadFailed += (_, e) => failures.Add(Path.GetFileNameWithoutExtension(path) + (e.TypeName != null ? "/" + e.TypeName : ""));
                analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
                generators.AddRange(reference.GetGenerators(LanguageNames.CSharp));
            }

            return new Variant(name, arguments, analyzers.ToImmutable(), generators.ToImmutable(), failures);
        }

        /// <summary>One compile; the phases' milliseconds, then the whole compile's, then the megabytes allocated.</summary>
        public double[] Compile()
        {
            var result = new double[Phases.Length + 1];
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var parseOptions = (CSharpParseOptions)Arguments.ParseOptions;
            var trees = Sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, Encoding.UTF8, Arguments.ChecksumAlgorithm), parseOptions, s.Path)).ToArray();
            var compilationOptions = Arguments.CompilationOptions.WithSyntaxTreeOptionsProvider(new TreeOptionsProvider(Config));
            Compilation compilation = CSharpCompilation.Create(Arguments.CompilationName, trees, References, (CSharpCompilationOptions)compilationOptions);

            var mark = watch.Elapsed.TotalMilliseconds;
            CSharpGeneratorDriver.Create(Generators, parseOptions: parseOptions, optionsProvider: new OptionsProvider(Config, trees))
                .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
            result[0] = Lap(watch, ref mark);

            // As csc does, bind once: the compiler's diagnostics are computed on the compilation the analyzers are attached
            // to, whose binding raises the events they consume.
            var analyzers = InBuild ??= Analyzers.Where(a => RunsInBuild(a, compilation)).ToImmutableArray();
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(Config, compilation.SyntaxTrees));
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            compilation = withAnalyzers.Compilation;
            var compilerDiagnostics = compilation.GetDiagnostics();
            result[1] = Lap(watch, ref mark);

            withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            result[2] = Lap(watch, ref mark);

            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var emitted = compilation.Emit(pe, pdb, options: Arguments.EmitOptions);
            result[3] = Lap(watch, ref mark);
            result[4] = watch.Elapsed.TotalMilliseconds;
            result[5] = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
            if (!emitted.Success || compilerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new InvalidOperationException($"{Name} did not compile: {emitted.Diagnostics.Concat(compilerDiagnostics).First(d => d.Severity == DiagnosticSeverity.Error)}");
            }

            return result;
        }

        /// <summary>
        /// Whether csc runs the analyzer in this build: a suppressor always; otherwise if one of its rules is enabled at a
        /// severity the build shows, by the command line (/nowarn, /warnaserror+:id), by an .editorconfig section for one
        /// of the sources, by a global config, or by its default. The compiler's own check, which this follows, is internal.
        /// </summary>
        private bool RunsInBuild(DiagnosticAnalyzer analyzer, Compilation compilation)
        {
            if (analyzer is DiagnosticSuppressor)
            {
                return true;
            }

            var treeOptions = compilation.SyntaxTrees.Select(t => Config.GetOptionsForSourcePath(t.FilePath).TreeOptions).ToList();
            return analyzer.SupportedDiagnostics.Any(rule =>
            {
                var byDefault = !rule.IsEnabledByDefault ? ReportDiagnostic.Suppress : rule.DefaultSeverity switch
                {
                    DiagnosticSeverity.Error => ReportDiagnostic.Error,
                    DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
                    DiagnosticSeverity.Info => ReportDiagnostic.Info,
                    _ => ReportDiagnostic.Hidden,
                };
                ReportDiagnostic Resolve(ReportDiagnostic configured) => configured == ReportDiagnostic.Default ? byDefault : configured;
                if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(rule.Id, out var specific))
                {
                    return ShownSeverities.Contains(Resolve(specific));
                }

                var configured = treeOptions.Where(o => o.ContainsKey(rule.Id)).Select(o => o[rule.Id]).ToList();
                if (Config.GlobalConfigOptions.TreeOptions.TryGetValue(rule.Id, out var global))
                {
                    configured.Add(global);
                }

                return configured.Count == 0 ? ShownSeverities.Contains(byDefault) : configured.Any(c => ShownSeverities.Contains(Resolve(c)));
            });
        }

        private static double Lap(Stopwatch watch, ref double mark)
        {
            var now = watch.Elapsed.TotalMilliseconds;
            var lap = now - mark;
            mark = now;
            return lap;
        }
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        private static readonly Dictionary<string, Assembly> Shared = new(StringComparer.Ordinal);
        private readonly AssemblyLoadContext context = new("opsready-" + Guid.NewGuid().ToString("N"));

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath)
        {
            if (BuildOverhead.IsOpsReadyAssembly(fullPath))
            {
                return context.LoadFromAssemblyPath(fullPath);
            }

            lock (Shared)
            {
                if (!Shared.TryGetValue(fullPath, out var assembly))
                {
                    Shared[fullPath] = assembly = Assembly.LoadFrom(fullPath);
                }

                return assembly;
            }
        }
    }

    /// <summary>The .editorconfig and global options of the command line, per tree, as the compiler hands them to analyzers and generators.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> trees = new();

        public OptionsProvider(AnalyzerConfigSet config, IEnumerable<SyntaxTree> syntaxTrees)
        {
            GlobalOptions = new Options(config.GlobalConfigOptions.AnalyzerOptions);
            foreach (var tree in syntaxTrees)
            {
                trees[tree] = new Options(config.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);
            }
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => trees.TryGetValue(tree, out var options) ? options : Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;
    }

    /// <summary>Rule severities and generated-code markers from the .editorconfig and global configs, as csc applies them.</summary>
    private sealed class TreeOptionsProvider : SyntaxTreeOptionsProvider
    {
        private readonly AnalyzerConfigSet config;

        public TreeOptionsProvider(AnalyzerConfigSet config) => this.config = config;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
            => config.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions.TryGetValue("generated_code", out var value) && bool.TryParse(value, out var generated)
                ? (generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated)
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => config.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => config.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);
        private readonly ImmutableDictionary<string, string> values;

        public Options(ImmutableDictionary<string, string> values) => this.values = values;

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
