using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OpsReady.Analyzers;

namespace OpsReady.Benchmark;

/// <summary>
/// What finding OpsReady's well-known types costs a compilation of an ASP.NET Core service (the benchmark's
/// reference set: the framework, ASP.NET Core and Serilog): every name in WellKnownTypes looked up through
/// the merged namespaces (WellKnownTypes.Find) and through Compilation.GetTypeByMetadataName, each on its own
/// new compilation whose one file has been bound first, as the compiler has done before analyzers run.
/// Medians over runs, after uncounted warm-up runs.
/// </summary>
internal static class Lookups
{
    public static void Run(ImmutableArray<MetadataReference> references, int runs)
    {
        var names = typeof(WellKnownTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is string value && value.Contains('.'))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();
            """;

        var find = new List<double>();
        var byMetadataName = new List<double>();
        for (var run = -10; run < runs; run++)
        {
            var (findMs, findFound) = Time(references, source, compilation => names.Count(n => WellKnownTypes.Find(compilation, n) != null));
            var (metadataMs, metadataFound) = Time(references, source, compilation => names.Count(n => compilation.GetTypeByMetadataName(n) != null));
            if (findFound != metadataFound)
            {
                throw new InvalidOperationException($"Find found {findFound} types, GetTypeByMetadataName {metadataFound}");
            }

            if (run >= 0)
            {
                find.Add(findMs);
                byMetadataName.Add(metadataMs);
            }
        }

        Console.WriteLine($"Well-known type lookups: {names.Count} names, {references.Length} references, {runs} runs (medians, each on a new bound compilation)");
        Console.WriteLine($"  WellKnownTypes.Find                    {Stats.Median(find),6:0.00} ms");
        Console.WriteLine($"  Compilation.GetTypeByMetadataName      {Stats.Median(byMetadataName),6:0.00} ms");
        Console.WriteLine($"  ratio Find / GetTypeByMetadataName     {Stats.Median(find) / Stats.Median(byMetadataName),6:0.00}");
    }

    private static (double Milliseconds, int Found) Time(ImmutableArray<MetadataReference> references, string source, Func<Compilation, int> lookups)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("Service", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        compilation.GetSemanticModel(tree).GetDiagnostics();
        var watch = Stopwatch.StartNew();
        var found = lookups(compilation);
        return (watch.Elapsed.TotalMilliseconds, found);
    }
}
