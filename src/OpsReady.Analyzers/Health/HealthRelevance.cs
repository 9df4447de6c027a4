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

        private readonly Func<string, IEnumerable<MethodSummary>?> declarations;
        private readonly HashSet<string> seeds;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<string, bool> byName = new Dictionary<string, bool>(StringComparer.Ordinal);
        private readonly HashSet<string> pending = new HashSet<string>(StringComparer.Ordinal);

        /// <param name="declarations">The summaries of the methods this compilation declares by a name, or null when it declares none.</param>
        private HealthRelevance(Func<string, IEnumerable<MethodSummary>?> declarations, IEnumerable<string> referencedHelperNames, CancellationToken cancellationToken)
        {
            this.declarations = declarations;
            this.cancellationToken = cancellationToken;
            seeds = new HashSet<string>(HealthApi.MethodNames, StringComparer.Ordinal) { "Invoke", "DynamicInvoke" };
            seeds.UnionWith(referencedHelperNames);
        }

        /// <summary>
        /// Whether the walk must bind this method's body: by its own declaration (what its body calls), not by every
        /// method of its name, so an interface member of the same name (open-ended, hence "may matter" as a call the
        /// walker must look at) does not make every implementation's body worth walking.
        /// </summary>
        public bool MayMatter(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.Name.IndexOf('.') >= 0)
            {
                return true;  // local functions, accessors, operators, explicit implementations: walked as before
            }

            var found = false;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
                {
                    return NameMatters(method.Name, 0, out _);
                }

                found = true;
                var provisional = false;
                if (DeclarationMatters(MethodSummary.Of(declaration), 0, ref provisional))
                {
                    return true;
                }
            }

            return !found && NameMatters(method.Name, 0, out _);
        }

        /// <summary>The same decision for a declaration known by its summary (the facts generator's closure).</summary>
        public bool DeclarationMayMatter(MethodSummary declaration)
        {
            var provisional = false;
            return DeclarationMatters(declaration, 0, ref provisional);
        }

        /// <summary>A call by this simple name (one that did not bind, say) may reach health wiring.</summary>
        public bool NameMayMatter(string name) => NameMatters(name, 0, out _);

        /// <summary>
        /// Lazy: only the syntax of methods reachable by name from what the walker asks about is read (no binding),
        /// and answers are remembered per name.
        /// </summary>
        public static HealthRelevance Compute(Compilation compilation, IEnumerable<string> referencedHelperNames, CancellationToken cancellationToken)
        {
            Dictionary<string, List<MethodDeclarationSyntax>>? index = null;
            return new HealthRelevance(
                name => (index ??= Index(compilation, cancellationToken)).TryGetValue(name, out var methods) ? methods.Select(MethodSummary.Of) : null,
                referencedHelperNames,
                cancellationToken);
        }

        /// <summary>The same decisions over summaries already made (the facts generator's per-tree shapes).</summary>
        public static HealthRelevance Over(IReadOnlyDictionary<string, List<MethodSummary>> declared, IEnumerable<string> referencedHelperNames, CancellationToken cancellationToken)
            => new HealthRelevance(name => declared.TryGetValue(name, out var methods) ? methods : null, referencedHelperNames, cancellationToken);

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
                foreach (var declaration in declarations(name) ?? Enumerable.Empty<MethodSummary>())
                {
                    if (DeclarationMatters(declaration, depth, ref provisional))
                    {
                        result = true;
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

        /// <summary>Open-ended (the walker cannot see where a call to it goes), or a call in its body that may matter.</summary>
        private bool DeclarationMatters(MethodSummary declaration, int depth, ref bool provisional)
        {
            if (declaration.OpenEnded)
            {
                return true;
            }

            for (var i = 0; i < declaration.Calls.Length; i++)
            {
                var call = declaration.Calls[i];
                if (IsSeed(call) || (IsDeclared(call) ? CallMatters(call, depth, ref provisional) : declaration.PassesOwnState[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private bool CallMatters(string name, int depth, ref bool provisional)
        {
            var matters = NameMatters(name, depth + 1, out var nested);
            provisional |= nested;
            return matters;
        }

        private bool IsDeclared(string name) => name.Length > 0 && declarations(name) != null;

        /// <summary>
        /// Every method declared in this compilation's source, by name, read from the declarations only (bodies
        /// are not visited, no symbol is created): built once, on the first helper that needs a look. Asking the
        /// compiler by name instead made it build the members of every type declaring that name (half the
        /// walk's cost when 1,250 endpoint groups each declare a Map).
        /// </summary>
        private static Dictionary<string, List<MethodDeclarationSyntax>> Index(Compilation compilation, CancellationToken cancellationToken)
        {
            var index = new Dictionary<string, List<MethodDeclarationSyntax>>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                AddMethods(tree.GetRoot(cancellationToken), index, cancellationToken);
            }

            return index;
        }

        private static void AddMethods(SyntaxNode container, Dictionary<string, List<MethodDeclarationSyntax>> into, CancellationToken cancellationToken)
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
                        AddMethods(member, into, cancellationToken);
                        break;
                }
            }
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
    }

    /// <summary>
    /// What the relevance decision reads of one method declaration, from syntax: its name, whether it is open-ended
    /// (abstract, virtual, override, an interface member), and each call's simple name with whether the call passes
    /// one of the method's own parameters or locals. Equatable by content, so the facts generator's pipeline can keep it.
    /// </summary>
    internal sealed class MethodSummary : IEquatable<MethodSummary>
    {
        private MethodSummary(string name, bool openEnded, string[] calls, bool[] passesOwnState)
        {
            Name = name;
            OpenEnded = openEnded;
            Calls = calls;
            PassesOwnState = passesOwnState;
        }

        public string Name { get; }

        public bool OpenEnded { get; }

        /// <summary>Each call's simple name ("" for a delegate from an expression the walker cannot follow), in order.</summary>
        public string[] Calls { get; }

        /// <summary>For each call, whether it passes one of the declaration's own parameters or locals.</summary>
        public bool[] PassesOwnState { get; }

        public static MethodSummary Of(MethodDeclarationSyntax method)
        {
            var calls = new List<string>();
            var passes = new List<bool>();
            foreach (var (name, passesOwnState) in CallsOf(method))
            {
                calls.Add(name);
                passes.Add(passesOwnState);
            }

            return new MethodSummary(method.Identifier.ValueText, IsOpenEnded(method), calls.ToArray(), passes.ToArray());
        }

        public bool Equals(MethodSummary? other)
            => ReferenceEquals(this, other)
               || (other != null && Name == other.Name && OpenEnded == other.OpenEnded
                   && Calls.SequenceEqual(other.Calls, StringComparer.Ordinal) && PassesOwnState.SequenceEqual(other.PassesOwnState));

        public override bool Equals(object? obj) => Equals(obj as MethodSummary);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ Calls.Length;

        /// <summary>Abstract, virtual, override, or an interface member: where a call goes is decided at run time.</summary>
        private static bool IsOpenEnded(MethodDeclarationSyntax method)
            => method.Parent is InterfaceDeclarationSyntax
               || method.Modifiers.Any(m => m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.OverrideKeyword));

        /// <summary>Each call's simple name, and whether it passes one of the declaration's own parameters or locals.</summary>
        private static IEnumerable<(string Name, bool PassesOwnState)> CallsOf(SyntaxNode declaration)
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
