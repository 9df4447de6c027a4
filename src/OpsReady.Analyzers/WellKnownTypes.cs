using Microsoft.CodeAnalysis;
using OpsReady.Contract;

namespace OpsReady.Analyzers
{
    /// <summary>
    /// The one place that knows the names of the library types OpsReady recognises; OpsReady's own attributes are
    /// named in <see cref="AttributeNames"/>, shared with the manifest task.
    /// </summary>
    internal static class WellKnownTypes
    {
        public const string AspNetCoreWebApplication = "Microsoft.AspNetCore.Builder.WebApplication";
        public const string AspNetCoreWebHostBuilder = "Microsoft.AspNetCore.Hosting.IWebHostBuilder";
        public const string GenericHost = "Microsoft.Extensions.Hosting.IHost";

        // Logging (OPS200-OPS206).
        public const string MelLogger = "Microsoft.Extensions.Logging.ILogger";
        public const string MelLoggerExtensions = "Microsoft.Extensions.Logging.LoggerExtensions";
        public const string MelLoggerMessage = "Microsoft.Extensions.Logging.LoggerMessage";
        public const string MelLoggerMessageAttribute = "Microsoft.Extensions.Logging.LoggerMessageAttribute";
        public const string SerilogLogger = "Serilog.ILogger";
        public const string SerilogStaticLog = "Serilog.Log";
        /// <summary>Matched by name in any namespace: users of either library may declare their own copy for wrappers.</summary>
        public const string MessageTemplateFormatMethodAttribute = "MessageTemplateFormatMethodAttribute";
        public const string SerilogNamespace = "Serilog";
        public const string Exception = "System.Exception";
        public const string Console = "System.Console";
        public const string Debug = "System.Diagnostics.Debug";
        public const string Trace = "System.Diagnostics.Trace";

        // Health wiring (OPS100-OPS103 and the health facts).
        public const string HealthCheckEndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.HealthCheckEndpointRouteBuilderExtensions";
        public const string HealthCheckApplicationBuilderExtensions = "Microsoft.AspNetCore.Builder.HealthCheckApplicationBuilderExtensions";
        public const string GrpcHealthChecksEndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.GrpcHealthChecksEndpointRouteBuilderExtensions";
        public const string HealthCheckServiceCollectionExtensions = "Microsoft.Extensions.DependencyInjection.HealthCheckServiceCollectionExtensions";
        public const string GrpcHealthChecksServiceExtensions = "Microsoft.Extensions.DependencyInjection.GrpcHealthChecksServiceExtensions";
        public const string HealthCheckOptions = "Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions";
        public const string HealthCheckPublisher = "Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheckPublisher";
        public const string HealthChecksBuilder = "Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder";
        public const string GrpcServicesExtensions = "Microsoft.Extensions.DependencyInjection.GrpcServicesExtensions";
        public const string GrpcEndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.GrpcEndpointRouteBuilderExtensions";
        public const string EndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";
        public const string HostEnvironmentEnvExtensions = "Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions";
        public const string HostingEnvironmentExtensions = "Microsoft.Extensions.Hosting.HostingEnvironmentExtensions";
        public const string AspNetCoreHostingEnvironmentExtensions = "Microsoft.AspNetCore.Hosting.HostingEnvironmentExtensions";
        public const string HostEnvironment = "Microsoft.Extensions.Hosting.IHostEnvironment";
        public const string HostingEnvironment = "Microsoft.Extensions.Hosting.IHostingEnvironment";
        public const string AspNetCoreHostingEnvironment = "Microsoft.AspNetCore.Hosting.IHostingEnvironment";
        public const string ServiceCollection = "Microsoft.Extensions.DependencyInjection.IServiceCollection";
        public const string ApplicationBuilder = "Microsoft.AspNetCore.Builder.IApplicationBuilder";
        public const string EndpointRouteBuilder = "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder";
        public const string HostApplicationBuilder = "Microsoft.Extensions.Hosting.IHostApplicationBuilder";
        public const string HostBuilder = "Microsoft.Extensions.Hosting.IHostBuilder";
        public const string ConcreteHostApplicationBuilder = "Microsoft.Extensions.Hosting.HostApplicationBuilder";
        public const string AspNetCoreWebApplicationBuilder = "Microsoft.AspNetCore.Builder.WebApplicationBuilder";
        public const string HostFactory = "Microsoft.Extensions.Hosting.Host";
        public const string BranchMapExtensions = "Microsoft.AspNetCore.Builder.MapExtensions";
        public const string BranchMapWhenExtensions = "Microsoft.AspNetCore.Builder.MapWhenExtensions";

        /// <summary>
        /// The type named <paramref name="metadataName"/> ("Namespace.Name", "Namespace.Name`1"; not nested) in
        /// <paramref name="compilation"/>, or null when there is none or the name is ambiguous; the compilation's
        /// own type wins over a referenced one, as with <see cref="Compilation.GetTypeByMetadataName"/>. Found by
        /// walking the merged namespaces, most of which the compiler has already built while binding usings,
        /// instead of asking every referenced assembly in turn: an ASP.NET Core service references about 300,
        /// and OpsReady's 37 lookups took 1.9 ms of every compilation that way and 0.2 ms this way (the
        /// benchmark's lookups mode). References under an extern alias are not searched, by either.
        /// </summary>
        public static INamedTypeSymbol? Find(Compilation compilation, string metadataName)
        {
            INamespaceSymbol current = compilation.GlobalNamespace;
            var start = 0;
            for (var dot = metadataName.IndexOf('.'); dot >= 0; start = dot + 1, dot = metadataName.IndexOf('.', start))
            {
                var next = ChildNamespace(current, metadataName.Substring(start, dot - start));
                if (next == null)
                {
                    return null;
                }

                current = next;
            }

            var tick = metadataName.IndexOf('`', start);
            var name = tick < 0 ? metadataName.Substring(start) : metadataName.Substring(start, tick - start);
            var arity = tick < 0 ? 0 : int.Parse(metadataName.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            INamedTypeSymbol? found = null;
            var ambiguous = false;
            foreach (var type in current.GetTypeMembers(name, arity))
            {
                if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
                {
                    return type;
                }

                ambiguous |= found != null;
                found = type;
            }

            return ambiguous ? null : found;
        }

        private static INamespaceSymbol? ChildNamespace(INamespaceSymbol parent, string name)
        {
            foreach (var member in parent.GetMembers(name))
            {
                if (member is INamespaceSymbol child)
                {
                    return child;
                }
            }

            return null;
        }

        /// <summary>
        /// Facts are recorded only where the package's attribute source is compiled in (not with
        /// OpsReadyIncludeAttributes=false): this assembly's own OpsReady.ServiceOwnerAttribute marks it, and it is
        /// how <see cref="Facts.ReferencedFacts"/> finds, among the references, the few assemblies worth reading.
        /// </summary>
        public static bool RecordsFacts(Compilation compilation)
            => compilation.Assembly.GetTypeByMetadataName(AttributeNames.ServiceOwner.MetadataName) != null;

        /// <summary>True for System.Reflection.AssemblyMetadataAttribute, which facts are recorded with (see <see cref="Contract.FactKinds"/>).</summary>
        public static bool IsAssemblyMetadataAttribute(INamedTypeSymbol? type)
            => type != null
               && type.Name == "AssemblyMetadataAttribute"
               && type.ContainingNamespace is { Name: "Reflection" } reflection
               && reflection.ContainingNamespace is { Name: "System" } system
               && system.ContainingNamespace is { IsGlobalNamespace: true };

        /// <summary>
        /// True when <paramref name="type"/> is OpsReady.<paramref name="name"/>. Compared by name, not by
        /// symbol identity: every project compiles its own internal copy of the attributes.
        /// </summary>
        public static bool IsOpsReadyType(INamedTypeSymbol? type, string name)
            => type != null
               && type.Name == name
               && type.ContainingNamespace is { Name: AttributeNames.Namespace } ns
               && ns.ContainingNamespace is { IsGlobalNamespace: true };
    }
}
