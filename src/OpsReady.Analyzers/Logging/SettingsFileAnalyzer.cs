using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// OPS207: an appsettings*.json the service reads does not load (a syntax error, a top-level value that is not
    /// an object, a key given two values), so the host throws at startup. Reported in the file itself, at the error,
    /// from an additional-file action: the IDE reruns it when that file changes. Services only.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SettingsFileAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.SettingsFileInvalid);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (ServiceInfo.From(start.Options).IsService)
                {
                    start.RegisterAdditionalFileAction(AnalyzeFile);
                }
            });
        }

        private static void AnalyzeFile(AdditionalFileAnalysisContext context)
        {
            var file = context.AdditionalFile;
            if (!LoggingOutputs.IsSettingsFile(file.Path) || file.GetText(context.CancellationToken) is not { } text
                || SettingsScanner.Scan(text.ToString()).Error is not { } error)
            {
                return;
            }

            var span = new TextSpan(error.Offset, error.Offset < text.Length ? 1 : 0);
            var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
            context.ReportDiagnostic(Diagnostic.Create(
                Rules.SettingsFileInvalid, location, Path.GetFileName(file.Path), error.Line, error.Column, error.Message));
        }
    }
}
