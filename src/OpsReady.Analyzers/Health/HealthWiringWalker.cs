using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    using static OperationValues;

    /// <summary>
    /// Follows the code that runs from a composition root (or a helper) and collects the health wiring it
    /// does: health APIs recognised by symbol, helpers of this project followed into their bodies, helpers
    /// of referenced projects read from their facts, and the environment conditions around each call.
    /// Shared by the analyzer (OPS100-OPS103) and the facts generator, so both see the same thing.
    /// </summary>
    internal sealed class HealthWiringWalker
    {
        public const string GrpcHealthServicePath = "/grpc.health.v1.Health";

        // Bounds that keep a pathological call graph cheap; reaching one marks the walk incomplete.
        private const int MaxDepth = 8;
        private const int MaxMethodWalks = 256;

        private readonly Compilation compilation;
        private readonly HealthApi api;
        private readonly ReferencedHealthHelpers referenced;
        private readonly CancellationToken cancellationToken;
        private int methodWalks;
        private readonly EnvironmentConditions environmentConditions;
        private readonly HealthRoutes routes;
        private HealthRelevance? relevance;

        public HealthWiringWalker(Compilation compilation, HealthApi api, ReferencedHealthHelpers referenced, CancellationToken cancellationToken)
        {
            this.compilation = compilation;
            this.api = api;
            this.referenced = referenced;
            this.cancellationToken = cancellationToken;
            environmentConditions = new EnvironmentConditions(api, ModelFor, cancellationToken);
            routes = new HealthRoutes(api, ModelFor, cancellationToken);
        }

        public HealthApi Api => api;

        /// <summary>The environment guards this walk reads; the analyzer asks it whether a condition is Development-only.</summary>
        public EnvironmentConditions Environments => environmentConditions;

        /// <summary>Walks <paramref name="method"/> (and what it calls) as code that runs in <paramref name="environments"/>.</summary>
        public void Walk(IMethodSymbol method, EnvironmentSet environments, HealthWiring into)
            => WalkMethod(method, new Context(environments, null, 0), into, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

        /// <summary>Walks top-level statements or any other operations, e.g. the body of Main.</summary>
        public void Walk(IOperation operation, EnvironmentSet environments, HealthWiring into)
            => WalkOperation(operation, new Context(environments, null, 0), into, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

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

        public SemanticModel? ModelFor(SyntaxTree tree)
            => compilation.ContainsSyntaxTree(tree) ? SemanticModels.For(compilation, tree) : null;

        private void WalkMethod(IMethodSymbol method, Context context, HealthWiring into, HashSet<IMethodSymbol> onStack)
        {
            var definition = method.OriginalDefinition;
            if (context.Depth > MaxDepth || methodWalks >= MaxMethodWalks)
            {
                into.Incomplete = true;
                return;
            }

            if (!onStack.Add(definition))
            {
                return;
            }

            methodWalks++;
            try
            {
                foreach (var body in Bodies(definition))
                {
                    WalkOperation(body, context, into, onStack);
                }
            }
            finally
            {
                onStack.Remove(definition);
            }
        }

        private void WalkOperation(IOperation operation, Context context, HealthWiring into, HashSet<IMethodSymbol> onStack)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is ILocalFunctionOperation)
            {
                // A local function runs where it is called, not where it is declared.
                return;
            }

            if (operation is IInvocationOperation invocation)
            {
                OnInvocation(invocation, context, into, onStack);
            }
            else if (operation is IInvalidOperation && operation.Syntax is InvocationExpressionSyntax call && CouldWireHealth(call))
            {
                // A call that does not bind (a missing using, a typo, half-typed code) may be health wiring:
                // what it does is unknown, so "nothing found" proves nothing.
                into.Incomplete = true;
            }
            else if (operation is ITypeOfOperation typeOf && api.IsPublisher(typeOf.TypeOperand))
            {
                // services.AddSingleton(typeof(IHealthCheckPublisher), typeof(P)) and the like.
                into.Publishes = true;
            }

            foreach (var child in operation.ChildOperations)
            {
                WalkOperation(child, context, into, onStack);
            }
        }

        private void OnInvocation(IInvocationOperation invocation, Context context, HealthWiring into, HashSet<IMethodSymbol> onStack)
        {
            var target = invocation.TargetMethod;
            var local = environmentConditions.Around(invocation.Syntax);
            var environments = context.Environments.And(local);
            var conditionSite = local.IsAll ? context.ConditionSite : invocation.Syntax.GetLocation();
            var kind = api.Classify(target);
            switch (kind)
            {
                case HealthApiKind.Register:
                    into.Registers = true;
                    return;
                case HealthApiKind.MapEndpoint:
                case HealthApiKind.UseMiddleware:
                case HealthApiKind.MapGrpcService:
                    into.Endpoints.Add(Endpoint(invocation, kind, environments, conditionSite));
                    return;
                case HealthApiKind.HostGrpc:
                    into.HostsGrpc = true;
                    return;
            }

            if (api.IsPublisherRegistration(target))
            {
                into.Publishes = true;
                return;
            }

            if (target.MethodKind == MethodKind.DelegateInvoke)
            {
                into.Incomplete |= TakesPipeline(invocation);
                return;
            }

            var definition = target.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly))
            {
                if (referenced.TryGet(target, out var helper))
                {
                    into.Registers |= helper.Registers;
                    into.Publishes |= helper.Publishes;
                    into.Incomplete |= helper.Incomplete;
                    var site = invocation.Syntax.GetLocation();
                    foreach (var endpoint in helper.Endpoints)
                    {
                        into.Endpoints.Add(endpoint.With(
                            environments.And(endpoint.Environments),
                            site,
                            endpoint.Environments.IsAll ? conditionSite : site));
                    }
                }

                // Otherwise a library we know nothing about (no OpsReady facts): framework and third-party code.
                return;
            }

            if (definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                into.Incomplete |= TakesPipeline(invocation);
                return;
            }

            // Binding a helper's body is the walk's cost: skip, unbound, the ones that cannot reach health wiring.
            relevance ??= HealthRelevance.Compute(compilation, referenced.SimpleNames, cancellationToken);
            if (!relevance.MayMatter(definition))
            {
                return;
            }

            WalkMethod(definition, new Context(environments, conditionSite, context.Depth + 1), into, onStack);
        }

        /// <summary>By the invoked name: a health API's, a referenced helper's, or a method of this project that may reach them.</summary>
        private bool CouldWireHealth(InvocationExpressionSyntax call)
        {
            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (name == null)
            {
                // (a)(x), f()(x): a delegate from an expression we cannot read.
                return true;
            }

            relevance ??= HealthRelevance.Compute(compilation, referenced.SimpleNames, cancellationToken);
            return relevance.NameMayMatter(name);
        }

        private bool TakesPipeline(IInvocationOperation invocation)
            => api.IsPipelineType(invocation.Instance?.Type) || invocation.Arguments.Any(a => api.IsPipelineType(a.Value.Type));

        private HealthEndpoint Endpoint(IInvocationOperation invocation, HealthApiKind kind, EnvironmentSet environments, Location? conditionSite)
        {
            var site = invocation.Syntax.GetLocation();
            if (kind == HealthApiKind.MapGrpcService)
            {
                return new HealthEndpoint(GrpcHealthServicePath, environments, isGrpc: true, probe: "", filtered: false, site, conditionSite);
            }

            var path = routes.PathOf(invocation, kind);

            var (filtered, probe) = ProbeInference.FromOptions(Argument(invocation, "options"));
            if (filtered && probe.Length == 0 && path != null)
            {
                probe = ProbeInference.FromWords(path);
            }

            return new HealthEndpoint(path ?? "", environments, isGrpc: false, probe, filtered, site, conditionSite);
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
