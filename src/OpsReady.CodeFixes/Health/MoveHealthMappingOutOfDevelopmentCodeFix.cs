using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using OpsReady.Analyzers;
using OpsReady.Analyzers.Health;

namespace OpsReady.CodeFixes.Health
{
    /// <summary>
    /// OPS103: moves the health mappings out of <c>if (…IsDevelopment())</c> to right after it, and drops
    /// the if when nothing else is left in it. Every health mapping of that if moves at once, so fixing
    /// one diagnostic or all of them (FixAll) gives the same code.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveHealthMappingOutOfDevelopmentCodeFix)), Shared]
    public sealed class MoveHealthMappingOutOfDevelopmentCodeFix : CodeFixProvider
    {
        public const string Title = "Map health endpoints in every environment";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.HealthOnlyInDevelopment.Id);

        /// <summary>
        /// Moves the mappings of every if the diagnostics point into, document by document, whatever
        /// equivalence key it is asked for (`dotnet format` asks with null when its first diagnostic has no
        /// fix, and the batch fixer then fixes nothing). The diagnostics of one if move it once.
        /// </summary>
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await MoveAsync(
                document, diagnostics.Where(CanMove).Select(d => d.Location.SourceSpan).ToList(), context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (CanMove(diagnostic))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => MoveAsync(context.Document, new[] { diagnostic.Location.SourceSpan }, ct), equivalenceKey: nameof(MoveHealthMappingOutOfDevelopmentCodeFix)),
                        diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        private static bool CanMove(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(HealthEndpointAnalyzer.MoveOutOfConditionProperty, out var move) && move == "true";

        private static async Task<Document> MoveAsync(Document document, IReadOnlyList<Microsoft.CodeAnalysis.Text.TextSpan> spans, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null || spans.Count == 0)
            {
                return document;
            }

            // Each if once, whichever of its mappings the diagnostics point at; an if inside another moved
            // if waits for the next pass (the outer replacement is made from the original text).
            var moves = new Dictionary<IfStatementSyntax, (SyntaxNode Target, List<SyntaxNode> Replacement)>();
            foreach (var span in spans.OrderBy(s => s.Start))
            {
                if (Plan(root, model, span, cancellationToken) is { } plan && !moves.ContainsKey(plan.If))
                {
                    moves.Add(plan.If, (plan.Target, plan.Replacement));
                }
            }

            var outermost = moves.Where(m => !m.Key.Ancestors().OfType<IfStatementSyntax>().Any(moves.ContainsKey)).Select(m => m.Value).ToList();
            if (outermost.Count == 0)
            {
                return document;
            }

            var newRoot = root.TrackNodes(outermost.Select(m => m.Target));
            foreach (var (target, replacement) in outermost)
            {
                newRoot = newRoot.ReplaceNode(newRoot.GetCurrentNode(target)!, replacement);
            }

            return document.WithSyntaxRoot(newRoot);
        }

        /// <summary>The if a diagnostic points into, the node that goes (the if, or its global statement) and what replaces it.</summary>
        private static (IfStatementSyntax If, SyntaxNode Target, List<SyntaxNode> Replacement)? Plan(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var statement = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>();
            if (statement is not ExpressionStatementSyntax)
            {
                return null;
            }

            var block = statement.Parent as BlockSyntax;
            var ifStatement = statement.Parent as IfStatementSyntax ?? block?.Parent as IfStatementSyntax;
            if (ifStatement == null)
            {
                return null;
            }

            var api = HealthApi.Resolve(model.Compilation);
            var moved = block == null
                ? new List<StatementSyntax> { statement }
                : block.Statements.Where(s => s == statement || (api != null && IsHealthMapping(s, model, api, cancellationToken))).ToList();
            var remaining = block == null ? new List<StatementSyntax>() : block.Statements.Where(s => !moved.Contains(s)).ToList();

            var indentation = AddHealthChecksCodeFix.Indentation(ifStatement);
            var newLine = AddHealthChecksCodeFix.NewLineOf(ifStatement);
            var replacement = new List<StatementSyntax>();
            if (remaining.Count > 0 || ifStatement.Else != null)
            {
                var newIf = block == null
                    ? ifStatement.WithStatement(SyntaxFactory.Block().WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken)))
                    : ifStatement.WithStatement(block.WithStatements(SyntaxFactory.List(remaining)));
                replacement.Add(newIf);
            }

            var ifRemoved = replacement.Count == 0;
            for (var index = 0; index < moved.Count; index++)
            {
                var reindented = Reindent(moved[index], indentation).WithTrailingTrivia(newLine);
                if (ifRemoved && index == 0)
                {
                    // The if goes away: its comments and blank lines stay above the first moved statement.
                    reindented = reindented.WithLeadingTrivia(StripIndentation(ifStatement.GetLeadingTrivia()).Concat(reindented.GetLeadingTrivia()));
                }

                if (ifRemoved && index == moved.Count - 1)
                {
                    reindented = reindented.WithTrailingTrivia(ifStatement.GetTrailingTrivia());
                }

                replacement.Add(reindented);
            }

            return ifStatement.Parent is GlobalStatementSyntax global
                ? (ifStatement, global, replacement.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)).ToList())
                : (ifStatement, ifStatement, replacement.Cast<SyntaxNode>().ToList());
        }

        private static bool IsHealthMapping(StatementSyntax statement, SemanticModel model, HealthApi api, CancellationToken cancellationToken)
            => statement is ExpressionStatementSyntax expression
               && model.GetOperation(expression.Expression, cancellationToken) is { } operation
               && operation.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => api.Classify(i.TargetMethod) is HealthApiKind.MapEndpoint or HealthApiKind.UseMiddleware or HealthApiKind.MapGrpcService);

        /// <summary>The statement's lines, shifted to the if's indentation (comments above it included).</summary>
        private static StatementSyntax Reindent(StatementSyntax statement, SyntaxTriviaList indentation)
        {
            var old = AddHealthChecksCodeFix.Indentation(statement);
            var oldText = old.ToFullString();
            var newText = indentation.ToFullString();
            var leading = new List<SyntaxTrivia>();
            var atLineStart = true;
            foreach (var trivia in statement.GetLeadingTrivia())
            {
                if (atLineStart && trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    leading.Add(SyntaxFactory.Whitespace(newText));
                }
                else
                {
                    leading.Add(trivia);
                }

                atLineStart = trivia.IsKind(SyntaxKind.EndOfLineTrivia);
            }

            var result = statement.WithLeadingTrivia(leading);
            if (oldText.Length <= newText.Length || !oldText.EndsWith(newText, System.StringComparison.Ordinal))
            {
                return result;
            }

            // Statements spanning several lines (an options initializer) move left by the same amount.
            var shift = oldText.Length - newText.Length;
            return result.ReplaceTrivia(
                result.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && t.SpanStart > result.SpanStart && IsAtLineStart(t)),
                (original, _) => SyntaxFactory.Whitespace(original.ToFullString().Length > shift ? original.ToFullString().Substring(shift) : ""));
        }

        private static bool IsAtLineStart(SyntaxTrivia trivia)
        {
            var text = trivia.SyntaxTree?.GetText();
            if (text == null)
            {
                return false;
            }

            var line = text.Lines.GetLineFromPosition(trivia.SpanStart);
            return line.Start == trivia.SpanStart;
        }

        private static IEnumerable<SyntaxTrivia> StripIndentation(SyntaxTriviaList trivia)
            => trivia.Count > 0 && trivia[trivia.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? trivia.Take(trivia.Count - 1) : trivia;
    }
}
