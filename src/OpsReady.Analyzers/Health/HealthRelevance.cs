using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// Which of this compilation's methods can matter to the health walk, decided from syntax alone so the
    /// walker never binds a helper that cannot reach health wiring (binding a helper's body is what the walk
    /// costs: ~5 ms for an endpoint group with lambdas). By simple name, over-approximating: a method matters
    /// when its body calls a health API, a referenced helper, Invoke, something not declared in this
    /// compilation by a bare name (a delegate, a using-static import), or a method that matters; and every
    /// abstract, virtual, override or interface method matters (the walker cannot see where those go).
    /// </summary>
    internal sealed class HealthRelevance
    {
        private readonly HashSet<string> relevant;

        private HealthRelevance(HashSet<string> relevant) => this.relevant = relevant;

        public bool MayMatter(IMethodSymbol method)
            => method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction
               || method.Name.IndexOf('.') >= 0
               || relevant.Contains(method.Name);

        public static HealthRelevance Compute(Compilation compilation, IEnumerable<string> referencedHelperNames, CancellationToken cancellationToken)
        {
            var relevant = new HashSet<string>(WellKnownTypes.HealthApiMethodNames, StringComparer.Ordinal) { "Invoke", "DynamicInvoke" };
            relevant.UnionWith(referencedHelperNames);

            var declared = new HashSet<string>(StringComparer.Ordinal);
            var methods = new List<(string Name, List<(string Name, bool Bare)> Calls)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    switch (node)
                    {
                        case MethodDeclarationSyntax method:
                            declared.Add(method.Identifier.ValueText);
                            if (method.Parent is InterfaceDeclarationSyntax
                                || method.Modifiers.Any(m => m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.OverrideKeyword)))
                            {
                                relevant.Add(method.Identifier.ValueText);
                            }

                            methods.Add((method.Identifier.ValueText, Calls(method)));
                            break;
                        case LocalFunctionStatementSyntax local:
                            declared.Add(local.Identifier.ValueText);
                            methods.Add((local.Identifier.ValueText, Calls(local)));
                            break;
                    }
                }
            }

            foreach (var method in methods)
            {
                if (method.Calls.Any(c => c.Bare && !declared.Contains(c.Name)))
                {
                    relevant.Add(method.Name);
                }
            }

            // Until nothing changes: a caller of a method that matters matters too.
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var method in methods)
                {
                    if (!relevant.Contains(method.Name) && method.Calls.Any(c => relevant.Contains(c.Name)))
                    {
                        relevant.Add(method.Name);
                        changed = true;
                    }
                }
            }

            return new HealthRelevance(relevant);
        }

        /// <summary>The simple name of a referenced helper from its fact id ("M:Ns.Type.Name``1(…)~…") or its configured name ("Ns.Type.Name").</summary>
        public static string SimpleName(string id)
        {
            var end = id.IndexOf('(');
            var name = end < 0 ? id : id.Substring(0, end);
            name = name.Substring(name.LastIndexOf('.') + 1);
            var arity = name.IndexOf("``", StringComparison.Ordinal);
            return arity < 0 ? name : name.Substring(0, arity);
        }

        private static List<(string Name, bool Bare)> Calls(SyntaxNode declaration)
        {
            var calls = new List<(string, bool)>();
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                switch (invocation.Expression)
                {
                    case MemberAccessExpressionSyntax member:
                        calls.Add((member.Name.Identifier.ValueText, false));
                        break;
                    case MemberBindingExpressionSyntax binding:
                        calls.Add((binding.Name.Identifier.ValueText, false));
                        break;
                    case SimpleNameSyntax simple when simple.Identifier.ValueText != "nameof":
                        calls.Add((simple.Identifier.ValueText, true));
                        break;
                    case SimpleNameSyntax:
                        break;
                    default:
                        // (a)(), f()(), array[0](): a delegate from an expression the walker cannot follow.
                        calls.Add(("", true));
                        break;
                }
            }

            return calls;
        }
    }
}
