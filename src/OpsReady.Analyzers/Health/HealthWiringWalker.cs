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
    /// The health analysis over a <see cref="CompositionRootTraversal"/>: collects the health wiring the code
    /// does (health APIs recognised by symbol, helpers of referenced projects read from their facts) and decides
    /// which helpers of this project are worth following. Routes come from <see cref="HealthRoutes"/>, probes from
    /// <see cref="ProbeInference"/>, environments from <see cref="EnvironmentConditions"/>.
    /// Shared by the analyzer (OPS100-OPS103) and the facts generator, so both see the same thing.
    /// </summary>
    internal sealed class HealthWiringWalker
    {
        public const string GrpcHealthServicePath = "/grpc.health.v1.Health";

        private readonly Compilation compilation;
        private readonly HealthApi api;
        private readonly ReferencedHealthHelpers referenced;
        private readonly CancellationToken cancellationToken;
        private readonly CompositionRootTraversal traversal;
        private readonly HealthRoutes routes;
        private HealthRelevance? relevance;

        public HealthWiringWalker(Compilation compilation, HealthApi api, ReferencedHealthHelpers referenced, CancellationToken cancellationToken)
        {
            this.compilation = compilation;
            this.api = api;
            this.referenced = referenced;
            this.cancellationToken = cancellationToken;
            traversal = new CompositionRootTraversal(compilation, api, cancellationToken);
            routes = new HealthRoutes(api, ModelFor, cancellationToken);
        }

        public HealthApi Api => api;

        /// <summary>The environment guards this walk reads; the analyzer asks it whether a condition is Development-only.</summary>
        public EnvironmentConditions Environments => traversal.Environments;

        /// <summary>The traversal this walk runs on, for analyses that plug their own visitor into the same walk.</summary>
        public CompositionRootTraversal Traversal => traversal;

        /// <summary>Walks <paramref name="method"/> (and what it calls) as code that runs in <paramref name="environments"/>.</summary>
        public void Walk(IMethodSymbol method, EnvironmentSet environments, HealthWiring into)
            => traversal.Walk(method, environments, new WiringCollector(this, into));

        /// <summary>Walks top-level statements or any other operations, e.g. the body of Main.</summary>
        public void Walk(IOperation operation, EnvironmentSet environments, HealthWiring into)
            => traversal.Walk(operation, environments, new WiringCollector(this, into));

        /// <summary>The operations of a method's body(ies) in source; empty for metadata or bodiless methods.</summary>
        public IEnumerable<IOperation> Bodies(IMethodSymbol method) => traversal.Bodies(method);

        public SemanticModel? ModelFor(SyntaxTree tree) => traversal.ModelFor(tree);

        private void OnOperation(IOperation operation, HealthWiring into)
        {
            if (operation is IInvalidOperation && operation.Syntax is InvocationExpressionSyntax call && CouldWireHealth(call))
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

        }

        private bool OnInvocation(IInvocationOperation invocation, EnvironmentSet environments, Location? conditionSite, HealthWiring into)
        {
            var target = invocation.TargetMethod;
            var kind = api.Classify(target);
            switch (kind)
            {
                case HealthApiKind.Register:
                    into.Registers = true;
                    return false;
                case HealthApiKind.MapEndpoint:
                case HealthApiKind.UseMiddleware:
                case HealthApiKind.MapGrpcService:
                    into.Endpoints.Add(Endpoint(invocation, kind, environments, conditionSite));
                    return false;
                case HealthApiKind.HostGrpc:
                    into.HostsGrpc = true;
                    return false;
            }

            if (api.IsPublisherRegistration(target))
            {
                into.Publishes = true;
                return false;
            }

            if (target.MethodKind == MethodKind.DelegateInvoke)
            {
                into.Incomplete |= TakesPipeline(invocation);
                return false;
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
                return false;
            }

            if (definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                into.Incomplete |= TakesPipeline(invocation);
                return false;
            }

            // Binding a helper's body is the walk's cost: skip, unbound, the ones that cannot reach health wiring.
            relevance ??= HealthRelevance.Compute(compilation, referenced.SimpleNames, cancellationToken);
            if (!relevance.MayMatter(definition))
            {
                return false;
            }

            return true;
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

        /// <summary>Collects what one walk finds into a <see cref="HealthWiring"/>.</summary>
        private sealed class WiringCollector : ICompositionRootVisitor
        {
            private readonly HealthWiringWalker walker;
            private readonly HealthWiring into;

            public WiringCollector(HealthWiringWalker walker, HealthWiring into)
            {
                this.walker = walker;
                this.into = into;
            }

            public void OnWalkIncomplete() => into.Incomplete = true;

            public void OnOperation(IOperation operation) => walker.OnOperation(operation, into);

            public bool OnInvocation(IInvocationOperation invocation, EnvironmentSet environments, Location? conditionSite)
                => walker.OnInvocation(invocation, environments, conditionSite, into);
        }
    }
}
