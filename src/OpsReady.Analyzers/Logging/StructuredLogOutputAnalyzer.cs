using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Analyzers.Facts;
using OpsReady.Contract;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// OPS205: a service configures no structured log output that applies outside Development. The output may be
    /// configured in any file, in appsettings*.json (passed as AdditionalFiles) or in a referenced project, so the
    /// verdict is computed once per compilation on first need and reported from the semantic pass of the entry
    /// point's file: the IDE reruns that pass when any document changes, but caches a file's syntax pass by its text.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StructuredLogOutputAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.NoStructuredLogOutput);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (!ServiceInfo.From(start.Options).IsService)
                {
                    return;
                }

                var compilation = start.Compilation;
                var settingsFiles = start.Options.AdditionalFiles;
                var verdict = new PerCompilation<Verdict>(ct => new Verdict(Decide(compilation, settingsFiles, ct)));
                start.RegisterSemanticModelAction(semantic =>
                {
                    if (verdict.Get(semantic.CancellationToken).Diagnostic is { } diagnostic
                        && diagnostic.Location.SourceTree == semantic.SemanticModel.SyntaxTree)
                    {
                        semantic.ReportDiagnostic(diagnostic);
                    }
                });
            });
        }

        /// <summary>OPS205 on the entry point, or null when some structured output applies outside Development.</summary>
        private static Diagnostic? Decide(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        {
            var developmentOnly = new List<string>();
            var unreadable = new List<string>();
            foreach (var file in additionalFiles)
            {
                if (!LoggingOutputs.IsSettingsFile(file.Path) || file.GetText(cancellationToken) is not { } text)
                {
                    continue;
                }

                var name = Path.GetFileName(file.Path);
                var scan = SettingsScanner.Scan(text.ToString());
                if (scan.Error != null)
                {
                    unreadable.Add(name);
                    continue;
                }

                var outputs = LoggingOutputs.FindInSettings(scan);
                if (outputs.Count > 0 && LoggingOutputs.AppliesOutsideDevelopment(LoggingOutputs.EnvironmentsOf(file.Path)))
                {
                    return null;
                }

                developmentOnly.AddRange(outputs.Select(o => $"{o} in {name}"));
            }

            foreach (var fact in ReferencedFacts.Read(compilation, cancellationToken).Where(f => f.Kind == FactKinds.LoggingOutput))
            {
                // A shared-defaults project records its outputs with their environments (older versions: none, so every one).
                if (LoggingOutputs.AppliesOutsideDevelopment(EnvironmentSet.Parse(fact.Value.Get(FactKeys.Environments))))
                {
                    return null;
                }

                developmentOnly.Add($"{fact.Value.Get(FactKeys.Name)} from {fact.Assembly.Name}");
            }

            if (ConfiguredInCode(compilation, cancellationToken))
            {
                return null;
            }

            var location = EntryPointLocation.Of(compilation.GetEntryPoint(cancellationToken), cancellationToken);
            if (location == null)
            {
                return null;
            }

            var notes = new List<string>();
            if (developmentOnly.Count > 0)
            {
                notes.Add($"{string.Join(", ", developmentOnly.Distinct())} applies only in Development");
            }

            if (unreadable.Count > 0)
            {
                notes.Add($"{string.Join(", ", unreadable)} cannot be loaded (OPS207) and counts for nothing");
            }

            var detail = (developmentOnly.Count > 0 ? " outside Development" : "") + (notes.Count > 0 ? " (" + string.Join("; ", notes) + ")" : "");
            return Diagnostic.Create(Rules.NoStructuredLogOutput, location, compilation.AssemblyName ?? "service", detail);
        }

        /// <summary>Outputs configured in code count for every environment: a cheap name filter, then each candidate bound on its own.</summary>
        private static bool ConfiguredInCode(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                SemanticModel? model = null;
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (LoggingOutputs.IsCandidate(node)
                        && LoggingOutputs.Classify(model ??= ModelOf(compilation, tree), node, cancellationToken) != null)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

#pragma warning disable RS1030 // Candidates in any file: under the analyzer driver this is the compiler's cached model of the tree.
        private static SemanticModel ModelOf(Compilation compilation, SyntaxTree tree) => compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

        /// <summary>The per-compilation verdict (PerCompilation caches reference types).</summary>
        private sealed class Verdict
        {
            public Verdict(Diagnostic? diagnostic) => Diagnostic = diagnostic;

            public Diagnostic? Diagnostic { get; }
        }
    }
}
