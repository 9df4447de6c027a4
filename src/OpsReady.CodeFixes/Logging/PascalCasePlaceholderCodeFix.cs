using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using OpsReady.Analyzers;
using OpsReady.Analyzers.Logging;

namespace OpsReady.CodeFixes.Logging
{
    /// <summary>
    /// OPS206: renames a placeholder to PascalCase in the template only. Microsoft.Extensions.Logging and
    /// Serilog bind arguments by position, and [LoggerMessage] matches parameters ignoring case, so no
    /// argument changes. The analyzer offers the name only when the diagnostic covers exactly the name.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PascalCasePlaceholderCodeFix)), Shared]
    public sealed class PascalCasePlaceholderCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.LogPlaceholderName.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.TryGetValue(LogTemplateAnalyzer.SuggestedNameProperty, out var name) && !string.IsNullOrEmpty(name))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Rename placeholder to '{name}'", ct => RenameAsync(context.Document, diagnostic.Location.SourceSpan, name!, ct), equivalenceKey: nameof(PascalCasePlaceholderCodeFix)),
                        diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        private static async Task<Document> RenameAsync(Document document, TextSpan span, string name, CancellationToken cancellationToken)
        {
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return document.WithText(text.WithChanges(new TextChange(span, name)));
        }
    }
}
