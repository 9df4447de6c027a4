using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using OpsReady.Analyzers;
using OpsReady.Analyzers.Logging;

namespace OpsReady.CodeFixes.Logging
{
    /// <summary>
    /// OPS200: turns an interpolated, concatenated or string.Format template into a constant template plus
    /// arguments: <c>$"Order {order.Id} total {total:N2}"</c> becomes <c>"Order {OrderId} total {Total:N2}", order.Id, total</c>.
    /// Names come from the expressions; alignment and format are kept.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InterpolationToTemplateCodeFix)), Shared]
    public sealed class InterpolationToTemplateCodeFix : CodeFixProvider
    {
        public const string Title = "Use a message template with named arguments";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.NonConstantLogTemplate.Id);

        public override FixAllProvider GetFixAllProvider() => LogCallFixAll.Create(Rewrite);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root != null && model != null
                    && diagnostic.Properties.ContainsKey(LogTemplateAnalyzer.RewritableProperty)
                    && FindTemplate(root, diagnostic) is { } argument
                    && Collect(argument.Expression, model, new List<Part>(), context.CancellationToken))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => RewriteAsync(context.Document, diagnostic, ct), equivalenceKey: nameof(InterpolationToTemplateCodeFix)),
                        diagnostic);
                }
            }
        }

        /// <summary>The template argument, when it is the call's last argument (the values go after it).</summary>
        private static ArgumentSyntax? FindTemplate(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var argument = node as ArgumentSyntax ?? node.FirstAncestorOrSelf<ArgumentSyntax>();
            return argument?.Parent is ArgumentListSyntax list
                   && list.Arguments.Last() == argument
                   && argument.Expression.Span == diagnostic.Location.SourceSpan
                   && argument.Parent.Parent is InvocationExpressionSyntax invocation
                   && !InvokedName(invocation).StartsWith("Define", System.StringComparison.Ordinal)
                ? argument
                : null;
        }

        private static string InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => "",
        };

        private static async Task<Document> RewriteAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return root != null && model != null && Rewrite(root, model, diagnostic, cancellationToken) is { } rewrite
                ? document.WithSyntaxRoot(root.ReplaceNode(rewrite.Original, rewrite.Rewritten))
                : document;
        }

        private static ArgumentListRewrite? Rewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.ContainsKey(LogTemplateAnalyzer.RewritableProperty) || FindTemplate(root, diagnostic) is not { } argument)
            {
                return null;
            }

            var parts = new List<Part>();
            if (!Collect(argument.Expression, model, parts, cancellationToken))
            {
                return null;
            }

            var template = new StringBuilder();
            var names = new HashSet<string>();
            var values = new List<ExpressionSyntax>();
            foreach (var part in parts)
            {
                if (part.Value == null)
                {
                    template.Append(part.Text!.Replace("{", "{{").Replace("}", "}}"));
                    continue;
                }

                var name = Unique(PropertyNames.From(part.Value, model), names);
                template.Append('{').Append(name);
                if (part.Alignment != null)
                {
                    template.Append(',').Append(part.Alignment);
                }

                if (part.Format != null)
                {
                    template.Append(':').Append(part.Format);
                }

                template.Append('}');
                values.Add(part.Value);
            }

            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(template.ToString()))
                .WithTriviaFrom(argument.Expression);
            var list = (ArgumentListSyntax)argument.Parent!;
            var nodes = new List<SyntaxNodeOrToken>();
            foreach (var existing in list.Arguments)
            {
                if (nodes.Count > 0)
                {
                    nodes.Add(Comma());
                }

                nodes.Add(existing == argument ? argument.WithExpression(literal) : existing);
            }

            foreach (var value in values)
            {
                nodes.Add(Comma());
                nodes.Add(SyntaxFactory.Argument(value.WithoutTrivia()));
            }

            return new ArgumentListRewrite(list, list.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(nodes)));
        }

        private static SyntaxToken Comma() => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);

        /// <summary>One piece of the template: literal text, or a value with its alignment and format.</summary>
        private sealed class Part
        {
            private Part(string? text, ExpressionSyntax? value, string? alignment, string? format)
            {
                Text = text;
                Value = value;
                Alignment = alignment;
                Format = format;
            }

            public string? Text { get; }

            public ExpressionSyntax? Value { get; }

            public string? Alignment { get; }

            public string? Format { get; }

            public static Part Literal(string text) => new Part(text, null, null, null);

            public static Part Hole(ExpressionSyntax value, string? alignment, string? format) => new Part(null, value, alignment, format);
        }

        /// <summary>Flattens interpolations and string concatenations into parts; false for a shape it cannot rewrite.</summary>
        private static bool Collect(ExpressionSyntax expression, SemanticModel model, List<Part> parts, CancellationToken cancellationToken)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized when IsString(parenthesized, model, cancellationToken):
                    return Collect(parenthesized.Expression, model, parts, cancellationToken);
                case InterpolatedStringExpressionSyntax interpolated:
                    foreach (var content in interpolated.Contents)
                    {
                        if (content is InterpolatedStringTextSyntax text)
                        {
                            // The operation's constant is the text with escapes ("{{", "\n") undone, whatever the string's form.
                            if (model.GetOperation(text, cancellationToken) is not IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string value } })
                            {
                                return false;
                            }

                            parts.Add(Part.Literal(value));
                        }
                        else if (content is InterpolationSyntax hole)
                        {
                            var alignment = hole.AlignmentClause?.Value.ToString();
                            var format = hole.FormatClause?.FormatStringToken.ValueText;
                            if (alignment == null && format == null && ConstantText(hole.Expression, model, cancellationToken) is string constant)
                            {
                                parts.Add(Part.Literal(constant));
                            }
                            else
                            {
                                parts.Add(Part.Hole(hole.Expression, alignment, format));
                            }
                        }
                    }

                    return true;
                case InvocationExpressionSyntax call when model.GetOperation(call, cancellationToken) is IInvocationOperation { TargetMethod: { Name: "Format", ContainingType.SpecialType: SpecialType.System_String } } format:
                    return CollectFormat(format, parts);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) && IsString(binary, model, cancellationToken):
                    return Collect(binary.Left, model, parts, cancellationToken) && Collect(binary.Right, model, parts, cancellationToken);
                default:
                    if (ConstantText(expression, model, cancellationToken) is string constantText)
                    {
                        parts.Add(Part.Literal(constantText));
                    }
                    else
                    {
                        parts.Add(Part.Hole(expression, null, null));
                    }

                    return true;
            }
        }

        /// <summary>
        /// string.Format with a constant format and positional holes: the text stays, each hole is named after
        /// the argument it points at. With an IFormatProvider the culture would change: not rewritten.
        /// </summary>
        private static bool CollectFormat(IInvocationOperation format, List<Part> parts)
        {
            var formatText = format.Arguments.FirstOrDefault(a => a.Parameter?.Name == "format")?.Value.ConstantValue;
            if (formatText is not { HasValue: true, Value: string text }
                || format.Arguments.Any(a => a.Parameter?.Type.Name == "IFormatProvider"))
            {
                return false;
            }

            var values = new List<ExpressionSyntax>();
            foreach (var argument in format.Arguments.Where(a => a.Parameter?.Name != "format"))
            {
                var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
                if (argument.Parameter!.IsParams || value is IArrayCreationOperation)
                {
                    if (value is not IArrayCreationOperation { Initializer: { } initializer })
                    {
                        return false;
                    }

                    foreach (var element in initializer.ElementValues)
                    {
                        if (element.Syntax is not ExpressionSyntax elementSyntax)
                        {
                            return false;
                        }

                        values.Add(elementSyntax);
                    }
                }
                else if (value.Syntax is ExpressionSyntax syntax)
                {
                    values.Add(syntax);
                }
                else
                {
                    return false;
                }
            }

            var template = MessageTemplate.Parse(text, TemplateDialect.MicrosoftExtensionsLogging);
            if (!template.IsWellFormed || template.Holes.Any(h => h.Position is not int position || position >= values.Count || h.Hint != null))
            {
                return false;
            }

            var next = 0;
            foreach (var hole in template.Holes)
            {
                parts.Add(Part.Literal(Unescape(text.Substring(next, hole.Start - next))));
                parts.Add(Part.Hole(values[hole.Position!.Value], hole.Alignment, hole.Format));
                next = hole.Start + hole.Length;
            }

            parts.Add(Part.Literal(Unescape(text.Substring(next))));
            return true;
        }

        private static string Unescape(string text) => text.Replace("{{", "{").Replace("}}", "}");

        private static bool IsString(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
            => model.GetTypeInfo(expression, cancellationToken).Type?.SpecialType == SpecialType.System_String;

        /// <summary>String and char constants (literals, nameof, const fields) stay in the template as text.</summary>
        private static string? ConstantText(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            var constant = model.GetConstantValue(expression, cancellationToken);
            return constant.HasValue switch
            {
                true when constant.Value is string text => text,
                true when constant.Value is char c => c.ToString(),
                _ => null,
            };
        }

        private static string Unique(string name, HashSet<string> taken)
        {
            var candidate = name;
            for (var i = 2; !taken.Add(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }
    }
}
