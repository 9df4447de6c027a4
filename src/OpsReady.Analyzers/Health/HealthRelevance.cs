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
        private const int MaxDepth = 64;

        private readonly Compilation compilation;
        private readonly HashSet<string> seeds;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<string, bool> byName = new Dictionary<string, bool>(StringComparer.Ordinal);
        private Dictionary<string, List<MethodDeclarationSyntax>>? index;
        private readonly HashSet<string> pending = new HashSet<string>(StringComparer.Ordinal);

        private HealthRelevance(Compilation compilation, HashSet<string> seeds, CancellationToken cancellationToken)
        {
            this.compilation = compilation;
            this.seeds = seeds;
            this.cancellationToken = cancellationToken;
        }

        public bool MayMatter(IMethodSymbol method)
            => method.MethodKind != MethodKind.Ordinary  // local functions, accessors, operators: walked as before
               || method.Name.IndexOf('.') >= 0
               || NameMatters(method.Name, 0, out _);

        /// <summary>A call by this simple name (one that did not bind, say) may reach health wiring.</summary>
        public bool NameMayMatter(string name) => NameMatters(name, 0, out _);

        /// <summary>
        /// Lazy: only the syntax of methods reachable by name from what the walker asks about is read (no binding),
        /// and answers are remembered per name.
        /// </summary>
        public static HealthRelevance Compute(Compilation compilation, IEnumerable<string> referencedHelperNames, CancellationToken cancellationToken)
        {
            var seeds = new HashSet<string>(HealthApi.MethodNames, StringComparer.Ordinal) { "Invoke", "DynamicInvoke" };
            seeds.UnionWith(referencedHelperNames);
            return new HealthRelevance(compilation, seeds, cancellationToken);
        }

        /// <param name="provisional">True when the answer leaned on a name still being worked out (a cycle): not remembered then.</param>
        private bool NameMatters(string name, int depth, out bool provisional)
        {
            provisional = false;
            if (IsSeed(name))
            {
                return true;
            }

            if (byName.TryGetValue(name, out var known))
            {
                return known;
            }

            if (depth > MaxDepth)
            {
                return true;
            }

            if (!pending.Add(name))
            {
                provisional = true;
                return false;
            }

            var result = false;
            try
            {
                foreach (var declaration in Declarations(name))
                {
                    if (IsOpenEnded(declaration))
                    {
                        // The walker cannot see where these go: it must look at the call.
                        result = true;
                        break;
                    }

                    foreach (var call in Calls(declaration))
                    {
                        if (IsSeed(call.Name)
                            || (IsDeclared(call.Name) ? CallMatters(call.Name, depth, ref provisional) : call.PassesOwnState))
                        {
                            result = true;
                            break;
                        }
                    }

                    if (result)
                    {
                        break;
                    }
                }
            }
            finally
            {
                pending.Remove(name);
            }

            if (result || !provisional)
            {
                byName[name] = result;
                provisional = false;
            }

            return result;
        }

        /// <summary>A health API's or referenced helper's name, Invoke, or a library's Add…Publisher/Probe(s) (a worker's way to expose its checks).</summary>
        private bool IsSeed(string name) => seeds.Contains(name) || HealthApi.IsExposingName(name);

        private bool CallMatters(string name, int depth, ref bool provisional)
        {
            var matters = NameMatters(name, depth + 1, out var nested);
            provisional |= nested;
            return matters;
        }

        private bool IsDeclared(string name) => name.Length > 0 && Index().ContainsKey(name);

        private IEnumerable<MethodDeclarationSyntax> Declarations(string name)
            => Index().TryGetValue(name, out var declarations) ? declarations : Enumerable.Empty<MethodDeclarationSyntax>();

        /// <summary>
        /// Every method declared in this compilation's source, by name, read from the declarations only (bodies
        /// are not visited, no symbol is created): built once, on the first helper that needs a look. Asking the
        /// compiler by name instead made it build the members of every type declaring that name (half the
        /// walk's cost when 1,250 endpoint groups each declare a Map).
        /// </summary>
        private Dictionary<string, List<MethodDeclarationSyntax>> Index()
        {
            if (index == null)
            {
                index = new Dictionary<string, List<MethodDeclarationSyntax>>(StringComparer.Ordinal);
                foreach (var tree in compilation.SyntaxTrees)
                {
                    AddMethods(tree.GetRoot(cancellationToken), index);
                }
            }

            return index;
        }

        private void AddMethods(SyntaxNode container, Dictionary<string, List<MethodDeclarationSyntax>> into)
        {
            foreach (var member in container.ChildNodes())
            {
                switch (member)
                {
                    case MethodDeclarationSyntax method:
                        var name = method.Identifier.ValueText;
                        if (!into.TryGetValue(name, out var list))
                        {
                            into[name] = list = new List<MethodDeclarationSyntax>();
                        }

                        list.Add(method);
                        break;
                    case BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax:
                        cancellationToken.ThrowIfCancellationRequested();
                        AddMethods(member, into);
                        break;
                }
            }
        }

        /// <summary>Abstract, virtual, override, or an interface member: where a call goes is decided at run time.</summary>
        private static bool IsOpenEnded(MethodDeclarationSyntax method)
            => method.Parent is InterfaceDeclarationSyntax
               || method.Modifiers.Any(m => m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.OverrideKeyword));

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
        private static IEnumerable<(string Name, bool PassesOwnState)> Calls(SyntaxNode declaration)
        {
            var own = OwnNames(declaration);
            foreach (var node in declaration.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation)
                {
                    continue;
                }

                var passes = false;
                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    passes |= argument.Expression is IdentifierNameSyntax id && own.Contains(id.Identifier.ValueText);
                }

                switch (invocation.Expression)
                {
                    case MemberAccessExpressionSyntax member:
                        yield return (member.Name.Identifier.ValueText, passes);
                        break;
                    case MemberBindingExpressionSyntax binding:
                        yield return (binding.Name.Identifier.ValueText, passes);
                        break;
                    case SimpleNameSyntax simple when simple.Identifier.ValueText != "nameof":
                        yield return (simple.Identifier.ValueText, passes);
                        break;
                    case SimpleNameSyntax:
                        break;
                    default:
                        // (a)(x), f()(x), array[0](x): a delegate from an expression the walker cannot follow.
                        yield return ("", passes);
                        break;
                }
            }
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
