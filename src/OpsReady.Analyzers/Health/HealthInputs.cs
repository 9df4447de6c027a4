using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Analyzers.Facts;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// What one syntax tree says, from syntax alone, about whether the health facts can depend on it: whether the
    /// health walk starts in it (a composition root, a health-API-named call, a helper-shaped method, a name of a
    /// health runner, a global using), what the relevance filter reads of its methods (<see cref="MethodSummary"/>),
    /// the properties, fields and events it declares and the simple names it uses. Equatable by content, so an edit
    /// that changes none of these (most edits inside a method body) stops here in the generator's pipeline.
    /// </summary>
    internal sealed class TreeShape : IEquatable<TreeShape>
    {
        private const int StartsWalk = 1;
        private const int HealthCall = 2;
        private const int HelperCandidate = 4;

        private static readonly HashSet<string> RootNames = new HashSet<string>(CompositionRoot.StartupNames, StringComparer.Ordinal) { "Main" };

        private readonly int flags;

        private TreeShape(int flags, MethodSummary[] methods, string[] members, string[] referenced)
        {
            this.flags = flags;
            Methods = methods;
            Members = members;
            Referenced = referenced;
        }

        /// <summary>The walk may start in this tree: the facts depend on it whatever it declares.</summary>
        public bool StartsHealthWalk => (flags & StartsWalk) != 0;

        public bool CallsHealthApi => (flags & HealthCall) != 0;

        public bool HasHelperCandidate => (flags & HelperCandidate) != 0;

        /// <summary>Its method declarations, in order.</summary>
        public MethodSummary[] Methods { get; }

        /// <summary>Names of the properties, fields and events it declares (sorted, distinct): what the walk may read.</summary>
        public string[] Members { get; }

        /// <summary>Every simple name it uses (sorted, distinct).</summary>
        public string[] Referenced { get; }

        public static TreeShape Of(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var flags = 0;
            var methods = new List<MethodSummary>();
            var members = new HashSet<string>(StringComparer.Ordinal);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case IdentifierNameSyntax identifier:
                        var name = identifier.Identifier.ValueText;
                        referenced.Add(name);
                        if (name is "HealthCheckService" or "IHealthCheckPublisher")
                        {
                            flags |= StartsWalk;  // HealthExposure reads these names anywhere in the project
                        }

                        break;
                    case GenericNameSyntax generic:
                        referenced.Add(generic.Identifier.ValueText);
                        break;
                    case InvocationExpressionSyntax invocation when HealthFactsGenerator.IsHealthApiCall(invocation):
                        flags |= StartsWalk | HealthCall;
                        break;
                    case MethodDeclarationSyntax method:
                        methods.Add(MethodSummary.Of(method));
                        if (RootNames.Contains(method.Identifier.ValueText))
                        {
                            flags |= StartsWalk;
                        }

                        if (HealthFactsGenerator.IsHelperCandidate(method))
                        {
                            flags |= StartsWalk | HelperCandidate;
                        }

                        break;
                    case GlobalStatementSyntax:
                        flags |= StartsWalk;
                        break;
                    case UsingDirectiveSyntax { GlobalKeyword.RawKind: (int)SyntaxKind.GlobalKeyword }:
                        // A global using changes what every file's names bind to.
                        flags |= StartsWalk;
                        break;
                    case PropertyDeclarationSyntax property:
                        members.Add(property.Identifier.ValueText);
                        break;
                    case VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } field:
                        members.Add(field.Identifier.ValueText);
                        break;
                    case EventDeclarationSyntax @event:
                        members.Add(@event.Identifier.ValueText);
                        break;
                }
            }

            return new TreeShape(flags, methods.ToArray(), Sorted(members), Sorted(referenced));
        }

        public bool Equals(TreeShape? other)
            => ReferenceEquals(this, other)
               || (other != null && flags == other.flags
                   && Methods.SequenceEqual(other.Methods)
                   && Members.SequenceEqual(other.Members, StringComparer.Ordinal)
                   && Referenced.SequenceEqual(other.Referenced, StringComparer.Ordinal));

        public override bool Equals(object? obj) => Equals(obj as TreeShape);

        public override int GetHashCode() => (flags * 397) ^ Methods.Length ^ (Referenced.Length << 8);

        private static string[] Sorted(HashSet<string> names)
        {
            var array = names.ToArray();
            Array.Sort(array, StringComparer.Ordinal);
            return array;
        }
    }

    /// <summary>
    /// The trees the health facts can depend on: those the walk starts in and, to a fixpoint, those declaring a
    /// method by a name a tree inside uses when the walker's own filter (<see cref="HealthRelevance"/>, here run over
    /// the trees' summaries) says the walk may bind its body, or a property, field or event by a name a tree inside uses
    /// (a constant route, say). By simple name, so it over-approximates. A tree outside cannot change what the walk
    /// finds, except through a declaration that code inside binds to without naming a member of it (a base type, say),
    /// which the next edit inside the closure or the next build picks up. Indices are positions in the compilation's trees.
    /// </summary>
    internal sealed class HealthClosure : IEquatable<HealthClosure>
    {
        private HealthClosure(int[] trees, bool callsHealthApi, bool hasHelperCandidates)
        {
            Trees = trees;
            CallsHealthApi = callsHealthApi;
            HasHelperCandidates = hasHelperCandidates;
        }

        /// <summary>Positions, in the compilation's syntax trees, of the trees in the closure (ascending).</summary>
        public int[] Trees { get; }

        public bool CallsHealthApi { get; }

        public bool HasHelperCandidates { get; }

        /// <param name="referencedHelperNames">The simple names of the referenced projects' health helpers (the walker's seeds too).</param>
        public static HealthClosure Of(ImmutableArray<TreeShape> shapes, IEnumerable<string> referencedHelperNames, CancellationToken cancellationToken)
        {
            var summaries = new Dictionary<string, List<MethodSummary>>(StringComparer.Ordinal);
            var methods = new Dictionary<string, List<(MethodSummary, int)>>(StringComparer.Ordinal);
            var memberTrees = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var inside = new bool[shapes.Length];
            var queue = new Queue<int>();
            var callsHealthApi = false;
            var hasHelperCandidates = false;
            for (var i = 0; i < shapes.Length; i++)
            {
                var shape = shapes[i];
                foreach (var method in shape.Methods)
                {
                    Add(summaries, method.Name, method);
                    Add(methods, method.Name, (method, i));
                }

                foreach (var name in shape.Members)
                {
                    Add(memberTrees, name, i);
                }

                callsHealthApi |= shape.CallsHealthApi;
                hasHelperCandidates |= shape.HasHelperCandidate;
                if (shape.StartsHealthWalk)
                {
                    inside[i] = true;
                    queue.Enqueue(i);
                }
            }

            // Reachable by name from where the walk starts: a method the walk may follow (by the walker's own filter),
            // a member it may read.
            var relevance = HealthRelevance.Over(summaries, referencedHelperNames, cancellationToken);
            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var name in shapes[queue.Dequeue()].Referenced)
                {
                    if (methods.TryGetValue(name, out var declarations))
                    {
                        // The walker binds a method's body only when its own declaration may matter (open-ended ones never).
                        foreach (var (declaration, tree) in declarations)
                        {
                            if (!inside[tree] && !declaration.OpenEnded && relevance.DeclarationMayMatter(declaration))
                            {
                                inside[tree] = true;
                                queue.Enqueue(tree);
                            }
                        }
                    }

                    if (memberTrees.TryGetValue(name, out var declaring))
                    {
                        Enqueue(declaring, inside, queue);
                    }
                }
            }

            var result = new List<int>();
            for (var i = 0; i < inside.Length; i++)
            {
                if (inside[i])
                {
                    result.Add(i);
                }
            }

            return new HealthClosure(result.ToArray(), callsHealthApi, hasHelperCandidates);
        }

        private static void Enqueue(List<int> trees, bool[] inside, Queue<int> queue)
        {
            foreach (var tree in trees)
            {
                if (!inside[tree])
                {
                    inside[tree] = true;
                    queue.Enqueue(tree);
                }
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> into, string name, T value)
        {
            if (!into.TryGetValue(name, out var list))
            {
                into[name] = list = new List<T>();
            }

            list.Add(value);
        }

        public bool Equals(HealthClosure? other)
            => ReferenceEquals(this, other)
               || (other != null && CallsHealthApi == other.CallsHealthApi && HasHelperCandidates == other.HasHelperCandidates && Trees.SequenceEqual(other.Trees));

        public override bool Equals(object? obj) => Equals(obj as HealthClosure);

        public override int GetHashCode() => Trees.Length;
    }

    /// <summary>
    /// The health generator's input: the compilation and build properties, equal to the previous input when nothing the
    /// facts can depend on changed: the same closure, made of the same trees (by identity: an unchanged document keeps
    /// its tree), on the same <see cref="CompilationBasis"/>. The compilation itself is not compared, so an edit outside
    /// the closure leaves the generated facts as they were (and the driver keeps the input they came from until the
    /// next change that matters). A command-line build runs the generator once, on the real compilation: exact.
    /// </summary>
    internal sealed class HealthInput : IEquatable<HealthInput>
    {
        /// <summary>The build properties the health facts read.</summary>
        public static readonly string[] Properties = { ServiceInfo.ServiceKindProperty, ServiceInfo.HealthHelpersProperty };

        private readonly SyntaxTree[] closureTrees;

        public HealthInput(Compilation compilation, HealthClosure closure, AnalyzerConfigOptions globalOptions)
        {
            Basis = new CompilationBasis(compilation, globalOptions, Properties);
            Closure = closure;
            var trees = compilation.SyntaxTrees as IReadOnlyList<SyntaxTree> ?? compilation.SyntaxTrees.ToArray();
            closureTrees = closure.Trees.Select(i => trees[i]).ToArray();
        }

        public CompilationBasis Basis { get; }

        public HealthClosure Closure { get; }

        /// <summary>The trees of the closure, in the compilation's order.</summary>
        public IReadOnlyList<SyntaxTree> ClosureTrees => closureTrees;

        public bool Equals(HealthInput? other)
            => ReferenceEquals(this, other)
               || (other != null && Closure.Equals(other.Closure) && Basis.Equals(other.Basis) && CompilationBasis.SameObjects(closureTrees, other.closureTrees));

        public override bool Equals(object? obj) => Equals(obj as HealthInput);

        public override int GetHashCode() => Closure.GetHashCode() ^ Basis.GetHashCode();
    }
}
