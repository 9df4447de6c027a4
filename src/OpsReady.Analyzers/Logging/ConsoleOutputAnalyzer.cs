using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// OPS204: a service writes to Console, Debug or Trace instead of logging. Services only: tools and
    /// libraries may write to the console on purpose.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConsoleOutputAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ConsoleWriteInService);

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

                var console = WellKnownTypes.Find(start.Compilation, WellKnownTypes.Console);
                var debug = WellKnownTypes.Find(start.Compilation, WellKnownTypes.Debug);
                var trace = WellKnownTypes.Find(start.Compilation, WellKnownTypes.Trace);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, console, debug, trace), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? console, INamedTypeSymbol? debug, INamedTypeSymbol? trace)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            string? shown = null;
            if (SymbolEqualityComparer.Default.Equals(type, console) && IsWrite(method.Name))
            {
                shown = "Console." + method.Name;
            }
            else if ((SymbolEqualityComparer.Default.Equals(type, debug) || SymbolEqualityComparer.Default.Equals(type, trace))
                     && (IsWrite(method.Name) || method.Name == "Print" || method.Name.StartsWith("Trace", System.StringComparison.Ordinal)))
            {
                shown = type!.Name + "." + method.Name;
            }
            else if (IsWrite(method.Name)
                     && invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Out" or "Error" } property }
                     && SymbolEqualityComparer.Default.Equals(property.ContainingType, console))
            {
                // Console.Out.WriteLine(...) and Console.Error.WriteLine(...).
                shown = "Console." + property.Name + "." + method.Name;
            }

            if (shown != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.ConsoleWriteInService, invocation.Syntax.GetLocation(), shown));
            }
        }

        private static bool IsWrite(string name) => name.StartsWith("Write", System.StringComparison.Ordinal);
    }
}
