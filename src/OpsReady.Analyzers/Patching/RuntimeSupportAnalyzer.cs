using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpsReady.Analyzers.Health;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Patching
{
    /// <summary>
    /// OPS400/OPS401: the service's runtime is out of support, or its support ends soon. The judgement is made before the
    /// compile by the package's targets (ResolveRuntimeSupport, against OpsReadyAsOf and the support table the package
    /// ships), which pass the outcome as build properties: the analyzer reads no file and no clock, so an IDE, a build
    /// and the manifest's readiness agree, and the compile reruns only when the outcome changes.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RuntimeSupportAnalyzer : DiagnosticAnalyzer
    {
        public const string FrameworkProperty = "build_property._OpsReadyRuntimeFramework";
        public const string SupportEndsProperty = "build_property._OpsReadyRuntimeSupportEnds";
        public const string StatusProperty = "build_property._OpsReadyRuntimeStatus";
        public const string WarningDaysProperty = "build_property._OpsReadySupportWarningDays";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Rules.RuntimeOutOfSupport, Rules.RuntimeSupportEnding);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            if (!ServiceInfo.From(context.Options).IsService)
            {
                return;
            }

            var global = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var status = Read(global, StatusProperty);
            var rule = status == RuntimeSupport.Ended ? Rules.RuntimeOutOfSupport
                : status == RuntimeSupport.Ending ? Rules.RuntimeSupportEnding
                : null;
            var framework = Read(global, FrameworkProperty);
            var ends = Read(global, SupportEndsProperty);
            if (rule == null || framework == null || !RuntimeSupport.TryParseDate(ends, out _))
            {
                return;
            }

            var days = int.TryParse(Read(global, WarningDaysProperty), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : RuntimeSupport.DefaultWarningDays;
            var compilation = context.Compilation;
            PerCompilationDiagnostics.ReportFromSemanticPass(context, ct =>
            {
                var anchor = Anchor(compilation, ct);
                return anchor == null
                    ? Enumerable.Empty<Diagnostic>()
                    : new[] { rule == Rules.RuntimeOutOfSupport
                        ? Diagnostic.Create(rule, anchor, framework, ends)
                        : Diagnostic.Create(rule, anchor, framework, ends, days.ToString(CultureInfo.InvariantCulture)) };
            });
        }

        private static string? Read(AnalyzerConfigOptions options, string key)
            => options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        /// <summary>The entry point, where a reader of the service starts; else the first token of its first file.</summary>
        internal static Location? Anchor(Compilation compilation, CancellationToken cancellationToken)
        {
            var entryPoint = EntryPointLocation.Of(compilation.GetEntryPoint(cancellationToken), cancellationToken);
            if (entryPoint != null)
            {
                return entryPoint;
            }

            // The first token of the first file (not its zero-width start, which a #pragma at the top would not cover).
            var first = compilation.SyntaxTrees.FirstOrDefault();
            if (first == null)
            {
                return null;
            }

            var token = first.GetRoot(cancellationToken).GetFirstToken();
            return Location.Create(first, token.RawKind == 0 ? new TextSpan(0, 0) : token.Span);
        }
    }
}
