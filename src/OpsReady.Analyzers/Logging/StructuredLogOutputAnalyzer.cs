using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Analyzers.Facts;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// OPS205: a service configures no structured log output. It needs the whole compilation (the output
    /// may be configured in any file), so it reports at compilation end, on the entry point; appsettings*.json
    /// files the package passes as AdditionalFiles count too.
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
                if (!ServiceInfo.From(start.Compilation, start.Options).IsService
                    || LoggingOutputs.FindInSettingsFiles(start.Options.AdditionalFiles, start.CancellationToken).Count > 0
                    || ConfiguredByReference(start.Compilation, start.CancellationToken))
                {
                    return;
                }

                // Per compilation, captured by the actions below: set once any output is seen.
                var configured = new Configured();
                start.RegisterOperationAction(
                    c =>
                    {
                        if (!configured.Value && LoggingOutputs.Classify(c.Operation) != null)
                        {
                            configured.Value = true;
                        }
                    },
                    OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.FieldReference, OperationKind.SimpleAssignment);
                start.RegisterCompilationEndAction(end =>
                {
                    if (!configured.Value && EntryPointLocation.Of(end.Compilation.GetEntryPoint(end.CancellationToken), end.CancellationToken) is { } location)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Rules.NoStructuredLogOutput, location, end.Compilation.AssemblyName ?? "service"));
                    }
                });
            });
        }

        /// <summary>A referenced project that uses OpsReady (shared service defaults) recorded a structured output.</summary>
        private static bool ConfiguredByReference(Compilation compilation, CancellationToken cancellationToken)
            => ReferencedFacts.Read(compilation, cancellationToken).Any(f => f.Kind == FactKinds.LoggingOutput);

        private sealed class Configured
        {
            private int value;

            public bool Value
            {
                get => Volatile.Read(ref value) != 0;
                set => Volatile.Write(ref this.value, value ? 1 : 0);
            }
        }
    }
}
