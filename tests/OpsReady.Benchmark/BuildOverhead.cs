using System.Diagnostics;
using System.Text.RegularExpressions;
using OpsReady.EndToEnd.Tests;

namespace OpsReady.Benchmark;

/// <summary>
/// What the package adds to `dotnet build` of a real service: samples/MinimalApi built from the freshly
/// packed OpsReady.nupkg (a) with the package as a developer builds (OpsReadyReadiness=false, its default
/// outside CI), (b) with it as CI builds (OpsReadyReadiness=true: the compile writes the SARIF log
/// readiness is read from), (c) without it. Each run builds all three, clean (--no-incremental) and then
/// unchanged, taking turns in alternating order so a slow moment of the machine hits them alike.
/// Reports medians, the median of per-run ratios, whether the manifest target was skipped on the
/// unchanged build, and what the compiler itself attributes to OpsReady's analyzers and generators.
/// </summary>
internal static class BuildOverhead
{
    private sealed record Variant(string Name, string Directory)
    {
        public List<double> CleanSeconds { get; } = new();

        public List<double> NoChangeSeconds { get; } = new();

        /// <summary>Each clean build's target and task times (milliseconds) from MSBuild's performance summary.</summary>
        public List<Dictionary<string, int>> Summaries { get; } = new();

        /// <summary>Each clean build's Csc task time, read from its summary.</summary>
        public List<double> CscSeconds => Summaries.Select(s => s.TryGetValue("task Csc", out var ms) ? ms / 1000.0 : double.NaN).ToList();
    }

    /// <param name="files">0: samples/MinimalApi; otherwise the analyzer benchmark's generated service of that many files.</param>
    /// <param name="server">
    /// Builds run as on a developer's machine: the compiler server (VBCSCompiler), MSBuild node reuse and
    /// the MSBuild server, all warmed by the first build. Otherwise as the end-to-end tests build (and many
    /// CI agents): a new csc and MSBuild process every build, the worst case for fixed costs.
    /// </param>
    /// <param name="warmup">
    /// Uncounted clean builds of each variant before the runs. With the compiler server the first few builds still
    /// JIT-compile and tier up the analyzers inside the long-lived server; a developer's builds after the first few
    /// are the steady state, so that is what is counted.
    /// </param>
    public static void Run(int runs, int files, bool server, int warmup)
    {
        var environment = server
            ? new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = null, ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1", ["UseSharedCompilation"] = "true" }
            : null;
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("build-overhead");
        var sample = Path.Combine(DotNet.RepositoryRoot(), "samples", "MinimalApi");
        var what = files == 0 ? "samples/MinimalApi" : $"a generated service of {files} files";
        // Without --server, builds run as the end-to-end tests do: UseSharedCompilation=false, a new csc process per
        // build (as many CI agents do), which charges every build for JIT-compiling the analyzers: the worst case.
        var how = server ? "a developer's defaults (compiler server, node reuse, MSBuild server)" : "no compiler server or node reuse (new processes every build)";
        Console.WriteLine($"Build overhead: {what} with OpsReady {package.Version}, {runs} runs after {warmup} warm-up builds, {Environment.ProcessorCount} cores; {how}; workspace {root}");

        var variants = new[]
        {
            Create(root, sample, files, "with", package.Version, readiness: false),
            Create(root, sample, files, "with-readiness", package.Version, readiness: true),
            Create(root, sample, files, "without", null, readiness: false),
        };

        foreach (var variant in variants)
        {
            Check(DotNet.Run(variant.Directory, "restore -nologo"), "restore " + variant.Name);
        }

        for (var w = 0; w < warmup; w++)
        {
            foreach (var variant in variants)
            {
                Check(DotNet.Run(variant.Directory, "build --no-restore --no-incremental -nologo", environment: environment), "warm-up build " + variant.Name);
            }
        }

        var manifest = Path.Combine(variants[0].Directory, "bin", "Debug", "net10.0", "Service.ownership.json");
        var manifestSkipped = true;
        for (var r = 0; r < runs; r++)
        {
            var order = r % 2 == 0 ? variants : variants.Reverse().ToArray();
            foreach (var variant in order)
            {
                var (seconds, output) = Timed(variant.Directory, "build --no-restore --no-incremental -nologo -clp:PerformanceSummary", environment);
                variant.CleanSeconds.Add(seconds);
                variant.Summaries.Add(PerformanceSummary(output));
            }

            var written = File.GetLastWriteTimeUtc(manifest);
            foreach (var variant in order)
            {
                variant.NoChangeSeconds.Add(Timed(variant.Directory, "build --no-restore -nologo", environment).Seconds);
            }

            manifestSkipped &= File.GetLastWriteTimeUtc(manifest) == written;
            Console.WriteLine($"  run {r + 1}: clean " + string.Join(", ", variants.Select(v => $"{v.Name} {v.CleanSeconds[^1]:0.000} s (csc {v.CscSeconds[^1]:0.000})"))
                + "; no-change " + string.Join(", ", variants.Select(v => $"{v.Name} {v.NoChangeSeconds[^1]:0.000} s")));
        }

        var (with, withReadiness, without) = (variants[0], variants[1], variants[2]);
        Console.WriteLine();
        Console.WriteLine("Medians (seconds)          clean build   csc task   no-change build");
        foreach (var variant in variants)
        {
            Console.WriteLine($"  {variant.Name,-24} {Stats.Median(variant.CleanSeconds),11:0.000} {Stats.Median(variant.CscSeconds),10:0.000} {Stats.Median(variant.NoChangeSeconds),17:0.000}");
        }

        Console.WriteLine();
        Console.WriteLine($"  clean build, with / without              = {PairedRatio(with.CleanSeconds, without.CleanSeconds)}");
        Console.WriteLine($"  csc task, with / without                 = {PairedRatio(with.CscSeconds, without.CscSeconds)}");
        Console.WriteLine($"  clean build, with-readiness / without    = {PairedRatio(withReadiness.CleanSeconds, without.CleanSeconds)}");
        Console.WriteLine($"  csc task, with-readiness / without       = {PairedRatio(withReadiness.CscSeconds, without.CscSeconds)}");
        Console.WriteLine($"  no-change build, with / without          = {PairedRatio(with.NoChangeSeconds, without.NoChangeSeconds)}");
        Console.WriteLine($"  run-to-run spread of 'without' clean     = {Spread(without.CleanSeconds):P1} (half the range over the median)");
        Console.WriteLine($"  manifest rewritten by a no-change build  = {(manifestSkipped ? "no (OpsReadyWriteManifest skipped)" : "YES")}");

        // Where a clean build's difference goes: the targets and tasks whose median time differs most.
        Console.WriteLine();
        Console.WriteLine("Where the clean build's difference goes (median ms with / without; MSBuild's performance summary):");
        var names = with.Summaries.Concat(without.Summaries).SelectMany(s => s.Keys).Distinct();
        var differences = names
            .Select(name => (Name: name, With: Median(with.Summaries, name), Without: Median(without.Summaries, name)))
            .Where(d => Math.Abs(d.With - d.Without) >= 3)
            .OrderByDescending(d => Math.Abs(d.With - d.Without))
            .Take(8);
        foreach (var (name, withMs, withoutMs) in differences)
        {
            Console.WriteLine($"  {Stats.Signed(withMs - withoutMs),6} ms  {name,-48} {withMs,6:0} {withoutMs,6:0}");
        }

        // What the compiler attributes to OpsReady in one more clean build (/reportanalyzer).
        var report = DotNet.Run(with.Directory, "build --no-restore --no-incremental -nologo -v:d -p:ReportAnalyzer=true", environment: environment);
        Check(report, "build with ReportAnalyzer");
        Console.WriteLine();
        Console.WriteLine("Compiler's own attribution (one clean build with -p:ReportAnalyzer=true):");
        Console.WriteLine($"  OpsReady analyzers  {Attributed(report.Output, "analyzer"),6:0.000} s of {Total(report.Output, "analyzer"):0.000} s for all analyzers");
        Console.WriteLine($"  OpsReady generators {Attributed(report.Output, "generator"),6:0.000} s of {Total(report.Output, "generator"):0.000} s for all generators");
        Console.WriteLine("  (The first generator to bind the compilation's references is charged for it; without OpsReady another one is.)");
        var withoutReport = DotNet.Run(without.Directory, "build --no-restore --no-incremental -nologo -v:d", environment: environment);
        Check(withoutReport, "build without, detailed");
        var withCommandLine = CompilerCommandLine(report.Output);
        var withoutCommandLine = CompilerCommandLine(withoutReport.Output);
        if (withCommandLine == null || withoutCommandLine == null)
        {
            Console.WriteLine("  (the compiler's command line was not found in the build log: no fresh or warm compiler figures)");
        }
        else
        {
            FreshCompiler(with.Directory, withCommandLine.Value.Compiler, withCommandLine.Value.Arguments, Math.Min(runs, 20));
            WarmCompiler.Run(with.Directory, withCommandLine.Value.Arguments, without.Directory, withoutCommandLine.Value.Arguments, Math.Max(runs, 60));
        }

        if (server)
        {
            // The MSBuild nodes and servers this started would otherwise idle on for minutes.
            DotNet.Run(root, "build-server shutdown", environment: environment);
        }
    }

    /// <summary>
    /// What OpsReady costs a compiler process that starts afresh, measured on the compiler alone: the clean build's
    /// own csc command line run directly, as it is and without OpsReady's analyzer assemblies (same sources, same
    /// everything else), taking turns. Reports the methods the JIT compiles in each (a count that does not depend on
    /// how busy the machine is; the runtime lists them with DOTNET_JitDisasmSummary) and the median wall time.
    /// </summary>
    private static void FreshCompiler(string directory, string compiler, string arguments, int runs)
    {
        var withoutArguments = string.Join(" ", Regex.Split(arguments, " (?=/)").Where(a => !(a.StartsWith("/analyzer:", StringComparison.Ordinal) && IsOpsReadyAssembly(a))));
        var rsp = new[] { ("with", arguments), ("without", withoutArguments) }
            .Select(v => (Name: v.Item1, Path: Path.Combine(directory, "obj", $"fresh-csc-{v.Item1}.rsp"), Text: v.Item2))
            .ToList();
        foreach (var (_, path, text) in rsp)
        {
            File.WriteAllText(path, text);
        }

        var jitted = rsp.ToDictionary(v => v.Name, v => JitCompiledMethods(compiler, v.Path, directory));
        var seconds = rsp.ToDictionary(v => v.Name, _ => new List<double>());
        for (var r = 0; r < runs; r++)
        {
            foreach (var (name, path, _) in r % 2 == 0 ? rsp : Enumerable.Reverse(rsp))
            {
                var watch = Stopwatch.StartNew();
                Compile(compiler, path, directory, null);
                seconds[name].Add(watch.Elapsed.TotalSeconds);
            }
        }

        var ours = jitted["with"].Except(jitted["without"]).Count(m => m.StartsWith("OpsReady.", StringComparison.Ordinal));
        Console.WriteLine();
        Console.WriteLine($"A compiler process started afresh (this build's csc command line run directly, {runs} runs each, taking turns):");
        Console.WriteLine($"  median wall time       with OpsReady {Stats.Median(seconds["with"]):0.000} s, without its analyzers {Stats.Median(seconds["without"]):0.000} s"
            + $" ({Stats.Signed((Stats.Median(seconds["with"]) - Stats.Median(seconds["without"])) * 1000)} ms)");
        Console.WriteLine($"  methods JIT-compiled   with {jitted["with"].Count}, without {jitted["without"].Count}"
            + $" (+{jitted["with"].Count - jitted["without"].Count}; {ours} of them OpsReady's own, the rest framework and Roslyn generic code instantiated over OpsReady's types)");
    }

    /// <summary>OpsReady's own analyzer assemblies (OpsReady.Analyzers.dll, OpsReady.CodeFixes.dll), by file name.</summary>
    public static bool IsOpsReadyAssembly(string path) => Path.GetFileName(path).StartsWith("OpsReady.", StringComparison.OrdinalIgnoreCase);

    /// <summary>The compiler and its arguments (after /noconfig, without /reportanalyzer) from a detailed build log.</summary>
    private static (string Compiler, string Arguments)? CompilerCommandLine(string detailedLog)
    {
        var line = detailedLog.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => Regex.IsMatch(l, @"[/\\]csc(\.exe|\.dll)? /noconfig "));
        if (line == null)
        {
            return null;
        }

        var at = line.IndexOf(" /noconfig ", StringComparison.Ordinal);
        return (line[..at], line[(at + " /noconfig ".Length)..].Replace(" /reportanalyzer", "", StringComparison.Ordinal));
    }

    /// <summary>The distinct methods one compiler run JIT-compiles (any tier), as the runtime lists them.</summary>
    private static HashSet<string> JitCompiledMethods(string compiler, string rsp, string directory)
    {
        var list = Path.Combine(Path.GetTempPath(), $"opsready-jit-{Guid.NewGuid():N}.txt");
        try
        {
            Compile(compiler, rsp, directory, new Dictionary<string, string> { ["DOTNET_JitDisasmSummary"] = "1", ["DOTNET_JitStdOutFile"] = list });
            return File.ReadLines(list)
                .Select(l => Regex.Match(l, @"JIT compiled (.+?) \[").Groups[1].Value)
                .Where(m => m.Length > 0)
                .ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(list);
        }
    }

    private static void Compile(string compiler, string rsp, string directory, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(compiler) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("/noconfig");
        start.ArgumentList.Add("@" + rsp);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"csc @{rsp} failed:\n{output.Result}");
        }
    }

    private static Variant Create(string root, string sample, int files, string name, string? version, bool readiness)
    {
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        if (files == 0)
        {
            File.Copy(Path.Combine(sample, "Program.cs"), Path.Combine(directory, "Program.cs"));
            if (version != null)
            {
                File.Copy(Path.Combine(sample, "Ownership.cs"), Path.Combine(directory, "Ownership.cs"));
            }
        }
        else
        {
            foreach (var (path, source) in ServiceGenerator.Generate(files))
            {
                // Without the package there is no ServiceOwner attribute to compile.
                var text = version != null ? source : string.Join("\n", source.Split('\n').Where(line => !line.Contains("OpsReady.ServiceOwner", StringComparison.Ordinal)));
                PackageFixture.Write(directory, path, text);
            }
        }

        var reference = version == null
            ? ""
            : $"""<PackageReference Include="OpsReady" Version="{version}" PrivateAssets="all" />""";
        var serilog = files == 0 ? "" : """<PackageReference Include="Serilog" Version="4.3.0" />""";
        PackageFixture.Write(directory, "Service.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>{(files == 0 ? "enable" : "disable")}</ImplicitUsings>
                <Nullable>enable</Nullable>
                <Version>1.4.0</Version>
                <OpsReadyKnownTeams>payments-team;orders-team;appops</OpsReadyKnownTeams>
                <OpsReadyReadiness>{(readiness ? "true" : "false")}</OpsReadyReadiness>
              </PropertyGroup>
              <ItemGroup>{reference}{serilog}</ItemGroup>
            </Project>
            """);
        return new Variant(name, directory);
    }

    private static (double Seconds, string Output) Timed(string directory, string arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        var watch = Stopwatch.StartNew();
        var result = DotNet.Run(directory, arguments, environment: environment);
        var seconds = watch.Elapsed.TotalSeconds;
        Check(result, arguments);
        return (seconds, result.Output);
    }

    private static void Check(DotNet.Result result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed:\n{result.Output}");
        }
    }

    /// <summary>
    /// Target and task times from MSBuild's performance summary ("target CoreCompile", "task Csc", and the
    /// project's evaluation as "evaluation").
    /// </summary>
    private static Dictionary<string, int> PerformanceSummary(string output)
    {
        var times = new Dictionary<string, int>();
        var section = "";
        foreach (var line in output.Split('\n'))
        {
            if (line.Contains("Performance Summary:", StringComparison.Ordinal))
            {
                section = line.Contains("Evaluation", StringComparison.Ordinal) ? "evaluation"
                    : line.Contains("Target", StringComparison.Ordinal) ? "target"
                    : line.Contains("Task", StringComparison.Ordinal) ? "task"
                    : "";
                continue;
            }

            var match = Regex.Match(line, @"^\s*(\d+) ms\s+(\S+)\s+\d+ calls");
            if (match.Success && section.Length > 0)
            {
                var name = section == "evaluation" ? "evaluation" : section + " " + match.Groups[2].Value;
                times[name] = times.GetValueOrDefault(name) + int.Parse(match.Groups[1].Value);
            }
        }

        return times;
    }

    private static double Median(List<Dictionary<string, int>> summaries, string name)
        => Stats.Median(summaries.Select(s => (double)s.GetValueOrDefault(name)).ToList());

    /// <summary>OpsReady.Analyzers' line in the compiler's analyzer or generator table.</summary>
    private static double Attributed(string output, string kind)
    {
        var section = Section(output, kind);
        var match = Regex.Match(section, @"^\s*<?([\d.]+)\s+<?\d+\s+OpsReady\.Analyzers, Version", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static double Total(string output, string kind)
    {
        var match = Regex.Match(output, $@"Total {kind} execution time: ([\d.]+) seconds");
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
    }

    private static string Section(string output, string kind)
    {
        var start = output.IndexOf($"Total {kind} execution time", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        var end = output.IndexOf("Total ", start + 10, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    /// <summary>The median of per-run ratios, its 95% interval, and the median per-run difference in milliseconds.</summary>
    private static string PairedRatio(List<double> a, List<double> b)
    {
        var ratios = a.Zip(b, (x, y) => x / y).ToList();
        var (low, high) = Stats.MedianInterval(ratios);
        return $"{Stats.Median(ratios):0.000} (95% interval {low:0.000}-{high:0.000}); {Stats.SignedMedian(a.Zip(b, (x, y) => (x - y) * 1000).ToList())}";
    }

    private static double Spread(List<double> values) => (values.Max() - values.Min()) / 2 / Stats.Median(values);
}
