using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpsReady.Analyzers;
using OpsReady.Analyzers.Logging;

namespace OpsReady.CodeFixes.Logging
{
    /// <summary>
    /// OPS203: passes the exception as the exception argument (inserted before the template, where every
    /// Microsoft and Serilog exception overload takes it). An exception that filled a placeholder leaves
    /// its Message there so the rendered text stays the same; one that filled none is removed.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveExceptionCodeFix)), Shared]
    public sealed class MoveExceptionCodeFix : CodeFixProvider
    {
        public const string Title = "Pass the exception as the exception argument";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.ExceptionNotLoggedAsException.Id);

        public override FixAllProvider GetFixAllProvider() => LogCallFixAll.Create((root, _, diagnostic, _) => Rewrite(root, diagnostic));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root != null && TryPlan(root, diagnostic) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => ApplyAsync(context.Document, diagnostic, ct), equivalenceKey: nameof(MoveExceptionCodeFix)),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root != null && Rewrite(root, diagnostic) is { } rewrite
                ? document.WithSyntaxRoot(root.ReplaceNode(rewrite.Original, rewrite.Rewritten))
                : document;
        }

        private static ArgumentListRewrite? Rewrite(SyntaxNode root, Diagnostic diagnostic)
        {
            if (TryPlan(root, diagnostic) is not { } plan)
            {
                return null;
            }

            var arguments = plan.List.Arguments;
            var index = arguments.IndexOf(plan.Argument);
            if (plan.Use == "argument")
            {
                arguments = plan.Bound
                    ? arguments.Replace(plan.Argument, plan.Argument.WithExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.Exception.WithoutTrivia(), SyntaxFactory.IdentifierName("Message"))
                            .WithTriviaFrom(plan.Argument.Expression)))
                    : arguments.RemoveAt(index);
            }

            if (plan.NullExceptionIndex >= 0)
            {
                // LogError(null, "...", ex): the exception takes the place of the null.
                var placeholder = arguments[plan.NullExceptionIndex];
                arguments = arguments.Replace(placeholder, placeholder.WithExpression(plan.Exception.WithoutTrivia().WithTriviaFrom(placeholder.Expression)));
                return new ArgumentListRewrite(plan.List, plan.List.WithArguments(arguments));
            }

            // Insert "ex, " before the template, keeping every existing separator and its trivia.
            var nodes = arguments.GetWithSeparators();
            var templatePosition = nodes.IndexOf(arguments[plan.TemplateIndex]);
            nodes = nodes.InsertRange(templatePosition, new SyntaxNodeOrToken[]
            {
                SyntaxFactory.Argument(plan.Exception.WithoutTrivia()),
                SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space),
            });
            arguments = SyntaxFactory.SeparatedList<ArgumentSyntax>(nodes);
            return new ArgumentListRewrite(plan.List, plan.List.WithArguments(arguments));
        }

        private sealed class Plan
        {
            public Plan(ArgumentListSyntax list, ArgumentSyntax argument, ExpressionSyntax exception, string use, bool bound, int templateIndex, int nullExceptionIndex)
            {
                NullExceptionIndex = nullExceptionIndex;
                List = list;
                Argument = argument;
                Exception = exception;
                Use = use;
                Bound = bound;
                TemplateIndex = templateIndex;
            }

            public ArgumentListSyntax List { get; }

            public ArgumentSyntax Argument { get; }

            public ExpressionSyntax Exception { get; }

            public string Use { get; }

            public bool Bound { get; }

            public int TemplateIndex { get; }

            /// <summary>Where the call passes null as the exception, or -1.</summary>
            public int NullExceptionIndex { get; }
        }

        private static Plan? TryPlan(SyntaxNode root, Diagnostic diagnostic)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(LogTemplateAnalyzer.ExceptionUseProperty, out var use)
                || !properties.TryGetValue(LogTemplateAnalyzer.TemplateArgumentIndexProperty, out var indexText)
                || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var templateIndex))
            {
                return null;
            }

            var bound = properties.TryGetValue(LogTemplateAnalyzer.BoundToPlaceholderProperty, out var boundText) && boundText == "true";
            var nullExceptionIndex = properties.TryGetValue(LogTemplateAnalyzer.NullExceptionArgumentIndexProperty, out var nullText)
                && int.TryParse(nullText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var argument = node as ArgumentSyntax ?? node.Parent as ArgumentSyntax;
            // Inside an explicit array (new object[] { ex }) the value is no argument of the call: no fix.
            if (argument?.Parent is not ArgumentListSyntax list
                || templateIndex < 0 || templateIndex >= list.Arguments.Count || nullExceptionIndex >= templateIndex
                || list.Arguments.Any(a => a.NameColon != null))
            {
                return null;
            }

            var exception = use switch
            {
                "argument" => argument.Expression,
                "member" => argument.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Expression,
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Expression,
                    _ => null,
                },
                _ => null,
            };

            // Repeating the exception as ex.Message evaluates it twice: only for plain references.
            if (exception == null || (use == "argument" && bound && !IsPlainReference(exception)))
            {
                return null;
            }

            return new Plan(list, argument, exception, use!, bound, templateIndex, nullExceptionIndex);
        }

        private static bool IsPlainReference(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax => true,
            MemberAccessExpressionSyntax member => IsPlainReference(member.Expression) || member.Expression is ThisExpressionSyntax,
            _ => false,
        };
    }
}
