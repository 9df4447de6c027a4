using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsReady.CodeFixes.Logging
{
    /// <summary>A log call's argument list and what one fix makes of it, both computed from the unchanged document.</summary>
    internal sealed class ArgumentListRewrite
    {
        public ArgumentListRewrite(ArgumentListSyntax original, ArgumentListSyntax rewritten)
        {
            Original = original;
            Rewritten = rewritten;
        }

        public ArgumentListSyntax Original { get; }

        public ArgumentListSyntax Rewritten { get; }
    }

    /// <summary>
    /// Fix All for the fixes that rewrite a log call's arguments (each offers one kind of action). It fixes
    /// every diagnostic it is given whatever equivalence key it is asked for: `dotnet format` takes the key
    /// from the first diagnostic it finds, and when that one has no fix (an exception in an explicit array)
    /// the key is null and the batch fixer, matching keys, fixes nothing.
    /// </summary>
    internal static class LogCallFixAll
    {
        public delegate ArgumentListRewrite? Rewriter(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

        public static FixAllProvider Create(Rewriter rewrite) => FixAllProvider.Create(
            (context, document, diagnostics) => FixDocumentAsync(document, diagnostics, rewrite, context.CancellationToken));

        private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, Rewriter rewrite, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            // One rewrite per call: two fixes of one call would both insert before its template. What the
            // first leaves wrong is reported again and fixed by the next pass.
            var rewrites = new Dictionary<ArgumentListSyntax, ArgumentListSyntax>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (rewrite(root, model, diagnostic, cancellationToken) is { } result && !rewrites.ContainsKey(result.Original))
                {
                    rewrites.Add(result.Original, result.Rewritten);
                }
            }

            // A call inside another rewritten call's arguments waits for the next pass: the outer
            // rewrite was made from its original text.
            var outermost = rewrites.Keys
                .Where(list => !list.Ancestors().OfType<ArgumentListSyntax>().Any(rewrites.ContainsKey))
                .ToList();
            return outermost.Count == 0
                ? document
                : document.WithSyntaxRoot(root.ReplaceNodes(outermost, (original, _) => rewrites[original]));
        }
    }
}
