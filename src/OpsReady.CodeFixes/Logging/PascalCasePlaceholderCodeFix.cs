using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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

        /// <summary>
        /// Every rename of a document at once, whatever equivalence key is asked for: `dotnet format` asks with
        /// a null key when the first diagnostic it finds has no fix, which the batch fixer would match to nothing.
        /// </summary>
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var changes = diagnostics
                .Where(d => SuggestedName(d) != null)
                .Select(d => new TextChange(d.Location.SourceSpan, SuggestedName(d)!))
                .OrderBy(c => c.Span.Start)
                .ToList();
            var text = await document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
            return document.WithText(text.WithChanges(changes.Where((c, i) => i == 0 || c.Span.Start >= changes[i - 1].Span.End)));
        });

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (SuggestedName(diagnostic) is { } name)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Rename placeholder to '{name}'", ct => RenameAsync(context.Document, diagnostic.Location.SourceSpan, name, ct), equivalenceKey: nameof(PascalCasePlaceholderCodeFix)),
                        diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        private static string? SuggestedName(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(LogTemplateAnalyzer.SuggestedNameProperty, out var name) && !string.IsNullOrEmpty(name) ? name : null;

        private static async Task<Document> RenameAsync(Document document, TextSpan span, string name, CancellationToken cancellationToken)
        {
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return document.WithText(text.WithChanges(new TextChange(span, name)));
        }
    }
}
