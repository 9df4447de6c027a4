using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    using static OperationValues;

    /// <summary>Reconstructs the route of a health endpoint: constant paths, MapGroup prefixes (through locals) and app.Map branches.</summary>
    internal sealed class HealthRoutes
    {
        private readonly HealthApi api;
        private readonly Func<SyntaxTree, SemanticModel?> modelFor;
        private readonly CancellationToken cancellationToken;

        public HealthRoutes(HealthApi api, Func<SyntaxTree, SemanticModel?> modelFor, CancellationToken cancellationToken)
        {
            this.api = api;
            this.modelFor = modelFor;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The full path a MapHealthChecks/UseHealthChecks call serves: its pattern or path joined to the route group or
        /// pipeline-branch prefixes it is added under; null when a part is not a constant or cannot be traced.
        /// </summary>
        public string? PathOf(IInvocationOperation invocation, HealthApiKind kind)
        {
            string? path;
            if (kind == HealthApiKind.MapEndpoint)
            {
                var pattern = ConstantString(Argument(invocation, "pattern"));
                var prefix = GroupPrefix(Argument(invocation, 0), 0);
                path = pattern == null || prefix == null ? null : JoinRoute(prefix, pattern);
            }
            else
            {
                path = PathStringConstant(Argument(invocation, "path"));
                var branch = BranchPrefix(invocation);
                path = path == null || branch == null ? null : JoinRoute(branch, path);
            }

            return path;
        }

        /// <summary>
        /// The route prefix of the builder an endpoint is mapped on: "" for the app itself, the MapGroup prefix
        /// for a route group (directly or through a local), null when it cannot be known.
        /// </summary>
        private string? GroupPrefix(IOperation? receiver, int depth)
        {
            var value = Unwrap(receiver);
            if (value == null || depth > 4)
            {
                return value == null ? "" : null;
            }

            if (value is IInvocationOperation call && api.IsMapGroup(call.TargetMethod))
            {
                var prefix = ConstantString(Argument(call, "prefix"));
                var outer = GroupPrefix(Argument(call, 0), depth + 1);
                return prefix == null || outer == null ? null : JoinRoute(outer, prefix);
            }

            if (value is ILocalReferenceOperation localReference)
            {
                if (!IsGroupType(localReference.Type))
                {
                    return "";
                }

                foreach (var reference in localReference.Local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }
                        && modelFor(initializer.SyntaxTree)?.GetOperation(initializer.Value, cancellationToken) is { } initial)
                    {
                        return GroupPrefix(initial, depth + 1);
                    }
                }

                return null;
            }

            // The app, a parameter, a field: a group passed around cannot be traced, anything else has no prefix.
            return IsGroupType(value.Type) ? null : "";
        }

        private static bool IsGroupType(ITypeSymbol? type) => type?.Name == "RouteGroupBuilder";

        /// <summary>
        /// The path of the pipeline branch middleware is added to: "" for the app, the constant of
        /// app.Map("/ops", branch => branch.UseHealthChecks("/health")), null for any other branch we cannot read.
        /// </summary>
        private static string? BranchPrefix(IInvocationOperation invocation)
        {
            if (Unwrap(Argument(invocation, 0)) is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
            {
                return "";
            }

            for (var parent = invocation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
                {
                    var argument = function.Parent is IDelegateCreationOperation ? function.Parent.Parent : function.Parent;
                    if (argument?.Parent is IInvocationOperation branching)
                    {
                        var type = branching.TargetMethod.ContainingType?.ToDisplayString();
                        if (type == WellKnownTypes.BranchMapExtensions)
                        {
                            var prefix = PathStringConstant(Argument(branching, "pathMatch"));
                            var outer = BranchPrefix(branching);
                            return prefix == null || outer == null ? null : JoinRoute(outer, prefix);
                        }

                        // WebHostBuilder.Configure(app => …), UseWhen: the same paths as the app.
                        return type == WellKnownTypes.BranchMapWhenExtensions ? null : "";
                    }

                    return "";
                }
            }

            return "";
        }

        private static string JoinRoute(string prefix, string path)
        {
            var joined = prefix.TrimEnd('/') + "/" + path.TrimStart('/');
            return joined.Length > 1 ? joined.TrimEnd('/') : joined;
        }
    }
}
