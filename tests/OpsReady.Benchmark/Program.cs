using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Benchmark;

// Usage: dotnet run -c Release --project tests/OpsReady.Benchmark [-- --runs 5 --sizes 1000,5000 --only HealthEndpointAnalyzer]
// --only keeps the OpsReady analyzers whose type names contain one of the comma-separated words (to study one).
// Per-edit cost in the IDE: dotnet run -c Release --project tests/OpsReady.Benchmark -- edits [--files 1000] [--edits 40]
// Well-known type lookups: dotnet run -c Release --project tests/OpsReady.Benchmark -- lookups [--runs 200]
// Build overhead: dotnet run -c Release --project tests/OpsReady.Benchmark -- build [--runs 10] [--files 200] [--server] [--warmup N]
// (--files: build the generated service of that many files instead of samples/MinimalApi; --server: a developer's defaults,
// the compiler server, node reuse and the MSBuild server; --warmup: uncounted clean builds of each variant first, default 1, 6 with --server).
if (args.FirstOrDefault() == "build")
{
    var server = args.Contains("--server");
    BuildOverhead.Run(ArgValue("--runs", 10), ArgValue("--files", 0), server, ArgValue("--warmup", server ? 6 : 1));
    return;
}

var packages = typeof(ServiceGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
var references = ReferenceSet(packages);

if (args.FirstOrDefault() == "edits")
{
    Edits.Run(references, packages, OpsReadyAnalyzers(null), NetAnalyzersLogging(packages), ArgValue("--files", 1000), ArgValue("--edits", 40));
    return;
}

if (args.FirstOrDefault() == "lookups")
{
    Lookups.Run(references, ArgValue("--runs", 200));
    return;
}

var runs = ArgValue("--runs", 5);
var sizes = (ArgText("--sizes") ?? "1000,5000").Split(',').Select(int.Parse).ToArray();
var only = ArgText("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries);

var netAnalyzersLogging = NetAnalyzersLogging(packages);
var opsReady = OpsReadyAnalyzers(only);
var floor = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyInvocationAnalyzer());

Console.WriteLine($"OpsReady analyzer benchmark: {runs} runs per set, medians; {Environment.ProcessorCount} cores; Roslyn {typeof(Compilation).Assembly.GetName().Version}");
Console.WriteLine($"  OpsReady: {string.Join(", ", opsReady.Select(a => a.GetType().Name))}");
Console.WriteLine($"  NetAnalyzers logging (CA2254, CA2017, CA1727, CA2023, CA1848): {string.Join(", ", netAnalyzersLogging.Select(a => a.GetType().Name))}");
Console.WriteLine();

var results = new List<(int Files, double Compile, double Ops, double Net, double Floor)>();
foreach (var size in sizes)
{
    var trees = ServiceGenerator.Generate(size)
        .Select(f => CSharpSyntaxTree.ParseText(f.Source, new CSharpParseOptions(LanguageVersion.Latest), f.Path))
        .Append(CSharpSyntaxTree.ParseText(ServiceGenerator.AttributesSource(), new CSharpParseOptions(LanguageVersion.Latest), "OpsReady.Attributes.cs"))
        .ToArray();
    var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
        .WithSpecificDiagnosticOptions(new[] { "CA2254", "CA2017", "CA1727", "CA2023", "CA1848" }.ToDictionary(id => id, _ => ReportDiagnostic.Warn));

    // Compile time: binding every file of a fresh compilation (what csc does before analyzers run).
    var compileTimes = new List<double>();
    CSharpCompilation compilation = null!;
    for (var r = -1; r < runs; r++)
    {
        // Run -1 warms the JIT and is not counted (the first size would otherwise pay for it alone).
        compilation = CSharpCompilation.Create("Generated.Service", trees, references, options);
        var watch = Stopwatch.StartNew();
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        if (r >= 0)
        {
            compileTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        if (errors > 0 && r == -1)
        {
            Console.WriteLine($"  warning: the generated service has {errors} compile errors: {compilation.GetDiagnostics().First(d => d.Severity == DiagnosticSeverity.Error)}");
        }
    }

    // The sets take turns within each run (OpsReady, NetAnalyzers, floor, both together), so a slow
    // moment of the machine hits them alike; ratios are taken per run, then their median.
    var sets = new[]
    {
        new AnalyzerSet("OpsReady", opsReady),
        new AnalyzerSet("NetAnalyzers-logging", netAnalyzersLogging),
        new AnalyzerSet("floor", floor),
        new AnalyzerSet("together", opsReady.AddRange(netAnalyzersLogging)),
    };
    for (var r = -1; r < runs; r++)
    {
        foreach (var set in sets)
        {
            // A full collection first, so no set pays for the garbage of the one before it (at 5,000 files a
            // collection of the bound compilation's heap takes tens of milliseconds, charged to whichever analyzer runs).
            Stats.CollectGarbage();
            set.Run(compilation, counted: r >= 0);
        }
    }

    var (ops, net, empty, together) = (sets[0], sets[1], sets[2], sets[3]);
    var ratio = Stats.Median(ops.Totals.Zip(net.Totals, (o, n) => o / n).ToList());
    results.Add((size, Stats.Median(compileTimes), ops.Median, net.Median, empty.Median));

    Console.WriteLine($"{size} files ({trees.Length} trees):");
    Console.WriteLine($"  compile (bind all)        {Stats.Median(compileTimes),9:0.0} ms");
    Console.WriteLine($"  OpsReady analyzers        {ops.Median,9:0.0} ms   findings: {ops.Findings}, allocated {Stats.Median(ops.Allocated):0} MB");
    ops.PrintPerAnalyzer();
    Console.WriteLine($"  NetAnalyzers logging      {net.Median,9:0.0} ms   findings: {net.Findings}, allocated {Stats.Median(net.Allocated):0} MB");
    Console.WriteLine($"  empty invocation analyzer {empty.Median,9:0.0} ms   (the floor), allocated {Stats.Median(empty.Allocated):0} MB");
    Console.WriteLine($"  ratio OpsReady / NetAnalyzers-logging = {ratio:0.00}   (median of per-run ratios; runs: {string.Join(" ", ops.Totals.Zip(net.Totals, (o, n) => (o / n).ToString("0.00")))})");
    Console.WriteLine($"  ratio OpsReady / floor                = {ops.Median / empty.Median:0.00}");
    Console.WriteLine($"  OpsReady share of compile time        = {ops.Median / Stats.Median(compileTimes):P1}");
    Console.WriteLine($"  together, both sets in one driver     = {together.Median,9:0.0} ms, per analyzer:");
    together.PrintPerAnalyzer();
    Console.WriteLine();
}

if (results.Count > 1)
{
    var (first, last) = (results[0], results[^1]);
    var scale = (double)last.Files / first.Files;
    Console.WriteLine($"Growth {first.Files} -> {last.Files} files (x{scale:0.#}): OpsReady x{last.Ops / first.Ops:0.00}, NetAnalyzers-logging x{last.Net / first.Net:0.00}, floor x{last.Floor / first.Floor:0.00}, compile x{last.Compile / first.Compile:0.00}");
    Console.WriteLine("Per 1,000 files (ms; flat means linear):");
    foreach (var (label, pick) in new (string, Func<(int Files, double Compile, double Ops, double Net, double Floor), double>)[]
             { ("OpsReady", r => r.Ops), ("NetAnalyzers-logging", r => r.Net), ("floor", r => r.Floor), ("compile", r => r.Compile) })
    {
        Console.WriteLine($"  {label,-22}" + string.Join("", results.Select(r => $"{pick(r) * 1000 / r.Files,10:0.0} ({r.Files})")));
    }
}

static ImmutableArray<MetadataReference> ReferenceSet(string packages)
{
    var folders = new[]
    {
        Path.Combine(packages, "microsoft.netcore.app.ref", "10.0.10", "ref", "net10.0"),
        Path.Combine(packages, "microsoft.aspnetcore.app.ref", "10.0.10", "ref", "net10.0"),
    };
    return folders.SelectMany(f => Directory.GetFiles(f, "*.dll"))
        .Append(Path.Combine(packages, "serilog", "4.3.0", "lib", "net9.0", "Serilog.dll"))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();
}

static ImmutableArray<DiagnosticAnalyzer> OpsReadyAnalyzers(string[]? only)
    => typeof(OpsReady.Analyzers.Rules).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
        .Where(t => only == null || only.Any(word => t.Name.Contains(word, StringComparison.Ordinal)))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

static ImmutableArray<DiagnosticAnalyzer> NetAnalyzersLogging(string packages)
{
    var ids = new HashSet<string> { "CA2254", "CA2017", "CA1727", "CA2023", "CA1848" };
    var folder = Path.Combine(packages, "microsoft.codeanalysis.netanalyzers", "10.0.401", "analyzers", "dotnet", "cs");
    var loader = new AnalyzerLoader();
    return Directory.GetFiles(folder, "*.dll")
        .SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(LanguageNames.CSharp))
        .Where(a => a.SupportedDiagnostics.Any(d => ids.Contains(d.Id)))
        .ToImmutableArray();
}


int ArgValue(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text) : fallback;

string? ArgText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

/// <summary>The floor: an analyzer that visits every invocation and does nothing.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyInvocationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Unused = new("FLOOR01", "floor", "floor", "Benchmark", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, Microsoft.CodeAnalysis.OperationKind.Invocation);
    }
}

/// <summary>Build properties as the package's targets pass them for a web service.</summary>
internal sealed class ServiceOptions : AnalyzerConfigOptionsProvider
{
    private static readonly Options Global = new(new Dictionary<string, string> { ["build_property.OpsReadyServiceKind"] = "web" });

    public override AnalyzerConfigOptions GlobalOptions => Global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

internal sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath) { }

    public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
}

/// <summary>One set of analyzers, run on fresh CompilationWithAnalyzers over the same compilation; times from Roslyn's telemetry.</summary>
internal sealed class AnalyzerSet(string name, ImmutableArray<DiagnosticAnalyzer> analyzers)
{
    private readonly Dictionary<DiagnosticAnalyzer, List<double>> perAnalyzer = analyzers.ToDictionary(a => a, _ => new List<double>());

    public string Name { get; } = name;

    /// <summary>The set's total execution time in each counted run, in run order.</summary>
    public List<double> Totals { get; } = new();

    public int Findings { get; private set; }

    public double Median => Stats.Median(Totals);

    /// <summary>The megabytes allocated in the process during each counted run (analyzers and the driver's work for them).</summary>
    public List<double> Allocated { get; } = new();

    public void Run(Compilation compilation, bool counted)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ServiceOptions()), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
        {
            throw new InvalidOperationException(crash.ToString());
        }

        Findings = diagnostics.Length;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
        if (!counted)
        {
            // The warm-up run: JIT for these analyzers, not counted.
            return;
        }

        var total = TimeSpan.Zero;
        foreach (var analyzer in analyzers)
        {
            var time = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            perAnalyzer[analyzer].Add(time.TotalMilliseconds);
            total += time;
        }

        Totals.Add(total.TotalMilliseconds);
        Allocated.Add(allocated);
    }

    public void PrintPerAnalyzer()
    {
        if (analyzers.Length < 2)
        {
            return;
        }

        foreach (var pair in perAnalyzer.OrderByDescending(p => Stats.Median(p.Value)))
        {
            Console.WriteLine($"      {pair.Key.GetType().Name,-36} {Stats.Median(pair.Value),9:0.0} ms");
        }
    }
}

internal static class Stats
{
    /// <summary>A full, finished collection before a measured run, so that run does not pay for the garbage of the one before.</summary>
    public static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>A difference with its sign, "+0.0" or "-1.2"; a value that rounds to zero is "+0", never "-+0".</summary>
    public static string Signed(double value, string format = "0")
    {
        var magnitude = Math.Abs(value).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return (value < 0 && magnitude.Any(c => c is >= '1' and <= '9') ? "-" : "+") + magnitude;
    }

    /// <summary>The median of per-run differences with its 95% interval: "+9 ms (+5 to +13)".</summary>
    public static string SignedMedian(List<double> differences, string format = "0", string unit = " ms")
    {
        var (low, high) = MedianInterval(differences);
        return $"{Signed(Median(differences), format)}{unit} ({Signed(low, format)} to {Signed(high, format)})";
    }

    public static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// A distribution-free 95% confidence interval for the median: the order statistics n/2 ± 0.98·√n (the normal
    /// approximation to the binomial). It assumes nothing about the shape of the machine's noise; with fewer than
    /// 6 values it is the whole range.
    /// </summary>
    public static (double Low, double High) MedianInterval(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var k = Math.Max(0, (int)Math.Floor(sorted.Length / 2.0 - 0.98 * Math.Sqrt(sorted.Length)));
        return (sorted[k], sorted[sorted.Length - 1 - k]);
    }
}
