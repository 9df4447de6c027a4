using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers
{
    /// <summary>The one place that knows the names of the types OpsReady recognises.</summary>
    internal static class WellKnownTypes
    {
        public const string OpsReadyNamespace = "OpsReady";
        public const string ServiceOwnerAttribute = "ServiceOwnerAttribute";
        public const string OperationsHandoffAttribute = "OperationsHandoffAttribute";
        public const string ServiceLifecycle = "ServiceLifecycle";

        public const string AspNetCoreWebApplication = "Microsoft.AspNetCore.Builder.WebApplication";
        public const string AspNetCoreWebHostBuilder = "Microsoft.AspNetCore.Hosting.IWebHostBuilder";
        public const string GenericHost = "Microsoft.Extensions.Hosting.IHost";

        /// <summary>
        /// True when <paramref name="type"/> is OpsReady.<paramref name="name"/>. Compared by name, not by
        /// symbol identity: every project compiles its own internal copy of the attributes.
        /// </summary>
        public static bool IsOpsReadyType(INamedTypeSymbol? type, string name)
            => type != null
               && type.Name == name
               && type.ContainingNamespace is { Name: OpsReadyNamespace } ns
               && ns.ContainingNamespace is { IsGlobalNamespace: true };
    }
}
