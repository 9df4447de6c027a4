using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpsReady.Analyzers.Logging;

namespace OpsReady.CodeFixes.Logging
{
    /// <summary>Log property names derived from the expressions that hold the values: <c>order.Id</c> → OrderId, <c>count</c> → Count.</summary>
    internal static class PropertyNames
    {
        private const string Fallback = "Value";

        public static string From(ExpressionSyntax expression, SemanticModel model)
        {
            switch (expression)
            {
                case IdentifierNameSyntax identifier:
                    return Pascal(identifier.Identifier.ValueText);
                case MemberAccessExpressionSyntax member when member.Expression is ThisExpressionSyntax or BaseExpressionSyntax:
                    return Pascal(member.Name.Identifier.ValueText);
                case MemberAccessExpressionSyntax member:
                    // The owner's last name qualifies the member: order.Id → OrderId, a.Customer.Name → CustomerName.
                    return Qualify(Owner(member.Expression, model), Pascal(member.Name.Identifier.ValueText));
                case MemberBindingExpressionSyntax binding:
                    return Pascal(binding.Name.Identifier.ValueText);
                case ConditionalAccessExpressionSyntax conditional:
                    return Qualify(Owner(conditional.Expression, model), From(conditional.WhenNotNull, model));
                case InvocationExpressionSyntax invocation:
                    return FromInvocation(invocation, model);
                case ElementAccessExpressionSyntax element:
                    return From(element.Expression, model);
                case ParenthesizedExpressionSyntax parenthesized:
                    return From(parenthesized.Expression, model);
                case CastExpressionSyntax cast:
                    return From(cast.Expression, model);
                case AwaitExpressionSyntax awaited:
                    return From(awaited.Expression, model);
                case PostfixUnaryExpressionSyntax postfix:
                    return From(postfix.Operand, model);
                default:
                    return Fallback;
            }
        }

        private static string FromInvocation(InvocationExpressionSyntax invocation, SemanticModel model)
        {
            var (owner, method) = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => (member.Expression, member.Name.Identifier.ValueText),
                SimpleNameSyntax simple => ((ExpressionSyntax?)null, simple.Identifier.ValueText),
                _ => (null, ""),
            };

            if (method == "ToString" && owner != null)
            {
                return From(owner, model);
            }

            if (method.Length > 3 && method.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(method[3]))
            {
                method = method.Substring(3);
            }

            var name = Pascal(method);
            return owner == null || owner is ThisExpressionSyntax ? name : Qualify(Owner(owner, model), name);
        }

        /// <summary>The last name of the expression that owns a member, or null when it has none worth using (a type: DateTime.UtcNow → UtcNow).</summary>
        private static string? Owner(ExpressionSyntax expression, SemanticModel model)
        {
            if (model.GetSymbolInfo(expression).Symbol is ITypeSymbol or INamespaceSymbol)
            {
                return null;
            }

            var name = From(expression, model);
            return name == Fallback ? null : name;
        }

        private static string Qualify(string? owner, string name)
        {
            if (name == Fallback)
            {
                return owner ?? Fallback;
            }

            if (owner == null)
            {
                return name;
            }

            // Keep only the owner's last word: request.Order.Id → OrderId, not RequestOrderId.
            var last = owner.Length - 1;
            while (last > 0 && !char.IsUpper(owner[last]))
            {
                last--;
            }

            return owner.Substring(last) + name;
        }

        private static string Pascal(string name) => PlaceholderNames.ToPascalCase(name.TrimStart('@')) ?? Fallback;
    }
}
