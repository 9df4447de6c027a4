using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// Microsoft's CA2017 (argument count), CA2023 (braces) and CA2254 (non-constant template) report on a
    /// template's argument, where OPS201, OPS202 and OPS200 report the same defect. One defect, one warning:
    /// a CA diagnostic is suppressed only where OpsReady's own template analysis, recomputed for that call,
    /// reports the matching rule inside the CA diagnostic's span, and only when that rule is shown at least
    /// as severely as the CA diagnostic (a rule the user turned off or down never hides Microsoft's).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DuplicateLoggingDiagnosticSuppressor : DiagnosticSuppressor
    {
        internal static readonly SuppressionDescriptor CountMismatch = new SuppressionDescriptor(
            "OPSS2017", "CA2017", "OPS201 reports the same placeholder/argument mismatch here, naming what is missing");

        internal static readonly SuppressionDescriptor MalformedBraces = new SuppressionDescriptor(
            "OPSS2023", "CA2023", "OPS202 reports the same malformed placeholder here, at the placeholder itself");

        internal static readonly SuppressionDescriptor NonConstant = new SuppressionDescriptor(
            "OPSS2254", "CA2254", "OPS200 reports the same template built at run time here (its fix rewrites it)");

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
            ImmutableArray.Create(CountMismatch, MalformedBraces, NonConstant);

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            LoggingApi? api = null;
            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                var (suppression, rule) = diagnostic.Id switch
                {
                    "CA2017" => (CountMismatch, Rules.LogTemplateArgumentCountMismatch),
                    "CA2023" => (MalformedBraces, Rules.MalformedLogTemplate),
                    "CA2254" => (NonConstant, Rules.NonConstantLogTemplate),
                    _ => (null, null),
                };
                var tree = diagnostic.Location.SourceTree;
                if (suppression == null || rule == null || tree == null
                    || !ShownAtLeastAs(context.Compilation, tree, rule, diagnostic.Severity, context.CancellationToken))
                {
                    continue;
                }

                api ??= LoggingApi.TryCreate(context.Compilation);
                if (api == null)
                {
                    return;
                }

                var span = diagnostic.Location.SourceSpan;
                if (LoggingCall(tree, span, context.CancellationToken) is { } call
                    && context.GetSemanticModel(tree).GetOperation(call, context.CancellationToken) is IInvocationOperation invocation
                    && LogTemplateAnalyzer.Analyze(invocation, api).Any(d => d.Id == rule.Id && d.Location.SourceTree == tree && span.Contains(d.Location.SourceSpan)))
                {
                    context.ReportSuppression(Suppression.Create(suppression, diagnostic));
                }
            }
        }

        /// <summary>The call whose argument the CA diagnostic underlines (the template may itself be a call, e.g. string.Format).</summary>
        private static InvocationExpressionSyntax? LoggingCall(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = tree.GetRoot(cancellationToken);
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            return root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ArgumentSyntax>().FirstOrDefault()?.Parent?.Parent as InvocationExpressionSyntax;
        }

        /// <summary>Whether <paramref name="rule"/>, after .editorconfig and project options, is reported in this file at least as severely as the CA diagnostic.</summary>
        private static bool ShownAtLeastAs(Compilation compilation, SyntaxTree tree, DiagnosticDescriptor rule, DiagnosticSeverity theirs, CancellationToken cancellationToken)
        {
            var options = compilation.Options;
            var configured = ReportDiagnostic.Default;
            if (options.SyntaxTreeOptionsProvider is { } provider
                && (provider.TryGetDiagnosticValue(tree, rule.Id, cancellationToken, out var value) || provider.TryGetGlobalDiagnosticValue(rule.Id, cancellationToken, out value)))
            {
                configured = value;
            }
            else if (options.SpecificDiagnosticOptions.TryGetValue(rule.Id, out var specific))
            {
                configured = specific;
            }

            DiagnosticSeverity? ours = configured switch
            {
                ReportDiagnostic.Error => DiagnosticSeverity.Error,
                ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
                ReportDiagnostic.Info => DiagnosticSeverity.Info,
                ReportDiagnostic.Hidden => DiagnosticSeverity.Hidden,
                ReportDiagnostic.Suppress => null,
                _ => rule.DefaultSeverity == DiagnosticSeverity.Warning && options.GeneralDiagnosticOption == ReportDiagnostic.Error
                    ? DiagnosticSeverity.Error
                    : rule.DefaultSeverity,
            };

            return ours != null && ours.Value >= theirs;
        }
    }
}
