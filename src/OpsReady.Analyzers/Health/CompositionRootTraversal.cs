using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    /// <summary>What an analysis of the composition root does with the code the traversal reaches.</summary>
    internal interface ICompositionRootVisitor
    {
        /// <summary>A call, with the environments it runs in; true to follow it into the called method's body (a helper of this project).</summary>
        bool OnInvocation(IInvocationOperation invocation, EnvironmentSet environments, Location? conditionSite);

        /// <summary>Any other operation reached, before its children.</summary>
        void OnOperation(IOperation operation);

        /// <summary>The traversal ran out of budget (depth or method walks): what it did not reach is unknown.</summary>
        void OnWalkIncomplete();
    }

    /// <summary>
    /// Follows the code that runs from a composition root (or a helper) through the helpers it calls, tracking
    /// the environment conditions around each call, and hands each operation to a visitor. One traversal, so the
    /// health analysis and others (e.g. what the composition root configures for telemetry) walk the same way.
    /// </summary>
    internal sealed class CompositionRootTraversal
    {
        // Bounds that keep a pathological call graph cheap; reaching one marks the walk incomplete.
        private const int MaxDepth = 8;
        private const int MaxMethodWalks = 256;

        private readonly Compilation compilation;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<SyntaxTree, SemanticModel> models = new Dictionary<SyntaxTree, SemanticModel>();

        public CompositionRootTraversal(Compilation compilation, HealthApi api, CancellationToken cancellationToken)
        {
            this.compilation = compilation;
            this.cancellationToken = cancellationToken;
            Environments = new EnvironmentConditions(api, ModelFor, cancellationToken);
        }

        /// <summary>The environment guards the traversal reads.</summary>
        public EnvironmentConditions Environments { get; }

        /// <summary>
        /// Walks <paramref name="method"/> (and what it calls) as code that runs in <paramref name="environments"/>. Each
        /// walk has its own budget, so what a helper is found to do never depends on what was walked before it.
        /// </summary>
        public void Walk(IMethodSymbol method, EnvironmentSet environments, ICompositionRootVisitor visitor)
            => WalkMethod(method, new Context(environments, null, 0), visitor, new WalkState());

        /// <summary>Walks top-level statements or any other operations, e.g. the body of Main (with a budget of its own).</summary>
        public void Walk(IOperation operation, EnvironmentSet environments, ICompositionRootVisitor visitor)
            => WalkOperation(operation, new Context(environments, null, 0), visitor, new WalkState());

        /// <summary>The operations of a method's body(ies) in source; empty for metadata or bodiless methods.</summary>
        public IEnumerable<IOperation> Bodies(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var model = ModelFor(syntax.SyntaxTree);
                if (model == null)
                {
                    continue;
                }

                switch (syntax)
                {
                    case CompilationUnitSyntax unit:
                        foreach (var member in unit.Members)
                        {
                            if (member is GlobalStatementSyntax global && model.GetOperation(global.Statement, cancellationToken) is { } statement)
                            {
                                yield return statement;
                            }
                        }

                        break;
                    case LocalFunctionStatementSyntax local:
                        if (model.GetOperation(local, cancellationToken) is ILocalFunctionOperation function)
                        {
                            if (function.Body != null)
                            {
                                yield return function.Body;
                            }
                            else if (function.IgnoredBody != null)
                            {
                                yield return function.IgnoredBody;
                            }
                        }

                        break;
                    case BaseMethodDeclarationSyntax declaration when declaration.Body != null || declaration.ExpressionBody != null:
                        if (model.GetOperation(declaration, cancellationToken) is { } body)
                        {
                            yield return body;
                        }

                        break;
                }
            }
        }

        /// <summary>
        /// One model per tree for this traversal's life (a model caches what it binds; the walk comes back to the same
        /// files). No cache outlives the traversal. Under an analyzer driver the compiler's own cached model is what
        /// GetSemanticModel returns (CompilationWithAnalyzers gives the compilation a caching model provider).
        /// </summary>
        public SemanticModel? ModelFor(SyntaxTree tree)
        {
            if (!compilation.ContainsSyntaxTree(tree))
            {
                return null;
            }

            lock (models)
            {
                if (!models.TryGetValue(tree, out var model))
                {
#pragma warning disable RS1030 // The walk follows calls into other files, for which no action hands it a model.
                    models[tree] = model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                }

                return model;
            }
        }

        private void WalkMethod(IMethodSymbol method, Context context, ICompositionRootVisitor visitor, WalkState state)
        {
            var definition = method.OriginalDefinition;
            if (context.Depth > MaxDepth || state.MethodWalks >= MaxMethodWalks)
            {
                visitor.OnWalkIncomplete();
                return;
            }

            if (!state.OnStack.Add(definition))
            {
                return;
            }

            state.MethodWalks++;
            try
            {
                foreach (var body in Bodies(definition))
                {
                    WalkOperation(body, context, visitor, state);
                }
            }
            finally
            {
                state.OnStack.Remove(definition);
            }
        }

        private void WalkOperation(IOperation operation, Context context, ICompositionRootVisitor visitor, WalkState state)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is ILocalFunctionOperation)
            {
                // A local function runs where it is called, not where it is declared.
                return;
            }

            if (operation is IInvocationOperation invocation)
            {
                var local = Environments.Around(invocation.Syntax);
                var environments = context.Environments.And(local);
                var conditionSite = local.IsAll ? context.ConditionSite : invocation.Syntax.GetLocation();
                if (visitor.OnInvocation(invocation, environments, conditionSite))
                {
                    WalkMethod(invocation.TargetMethod.OriginalDefinition, new Context(environments, conditionSite, context.Depth + 1), visitor, state);
                }
            }
            else
            {
                visitor.OnOperation(operation);
            }

            foreach (var child in operation.ChildOperations)
            {
                WalkOperation(child, context, visitor, state);
            }
        }

        /// <summary>One walk's recursion guard and budget.</summary>
        private sealed class WalkState
        {
            public HashSet<IMethodSymbol> OnStack { get; } = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

            public int MethodWalks { get; set; }
        }

        private readonly struct Context
        {
            public Context(EnvironmentSet environments, Location? conditionSite, int depth)
            {
                Environments = environments;
                ConditionSite = conditionSite;
                Depth = depth;
            }

            public EnvironmentSet Environments { get; }

            public Location? ConditionSite { get; }

            public int Depth { get; }
        }
    }
}
