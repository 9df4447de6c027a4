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
    /// when its body calls a health API, a referenced helper, Invoke, or a method that matters; when it hands
    /// one of its own parameters or locals (the app or builder, maybe) to a call it cannot follow (a delegate,
    /// a method not declared in this compilation); and every abstract, virtual, override or interface method
    /// matters (the walker cannot see where those go). Calls inside lambdas that pass only the lambda's own
    /// values (a request handler's logger and id) do not make the method matter.
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
            var methods = new List<(string Name, List<(string Name, bool PassesOwnState)> Calls)>();
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
                if (method.Calls.Any(c => c.PassesOwnState && !declared.Contains(c.Name)))
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

        /// <summary>Each call's simple name, and whether it passes one of the declaration's own parameters or locals.</summary>
        private static List<(string Name, bool PassesOwnState)> Calls(SyntaxNode declaration)
        {
            var own = OwnNames(declaration);
            var calls = new List<(string, bool)>();
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var passes = invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax id && own.Contains(id.Identifier.ValueText));
                switch (invocation.Expression)
                {
                    case MemberAccessExpressionSyntax member:
                        calls.Add((member.Name.Identifier.ValueText, passes));
                        break;
                    case MemberBindingExpressionSyntax binding:
                        calls.Add((binding.Name.Identifier.ValueText, passes));
                        break;
                    case SimpleNameSyntax simple when simple.Identifier.ValueText != "nameof":
                        calls.Add((simple.Identifier.ValueText, passes));
                        break;
                    case SimpleNameSyntax:
                        break;
                    default:
                        // (a)(x), f()(x), array[0](x): a delegate from an expression the walker cannot follow.
                        calls.Add(("", passes));
                        break;
                }
            }

            return calls;
        }

        /// <summary>The declaration's parameters and the locals declared in its own body (not in its lambdas).</summary>
        private static HashSet<string> OwnNames(SyntaxNode declaration)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var parameters = declaration switch
            {
                BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
                LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
                _ => default,
            };
            foreach (var parameter in parameters)
            {
                names.Add(parameter.Identifier.ValueText);
            }

            foreach (var node in declaration.DescendantNodes(n => n == declaration || !(n is AnonymousFunctionExpressionSyntax || n is LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax variable:
                        names.Add(variable.Identifier.ValueText);
                        break;
                    case SingleVariableDesignationSyntax designation:
                        names.Add(designation.Identifier.ValueText);
                        break;
                    case ForEachStatementSyntax loop:
                        names.Add(loop.Identifier.ValueText);
                        break;
                }
            }

            return names;
        }
    }
}
