using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    internal enum HealthApiKind
    {
        None,
        MapEndpoint,
        UseMiddleware,
        MapGrpcService,
        Register,
        HostGrpc,
    }

    /// <summary>
    /// The health, hosting and environment APIs of one compilation, resolved once. Calls are recognised
    /// by the symbol they bind to, so a user's own method named MapHealthChecks is not mistaken for one.
    /// </summary>
    internal sealed class HealthApi
    {
        /// <summary>
        /// The one definition of the calls the health walk recognises: the declaring type, the method, what it does.
        /// <see cref="Classify"/> matches exactly these; <see cref="MethodNames"/> (for the walk's syntactic relevance
        /// filter) and <see cref="WiringMethodNames"/> (for the facts generator's) are their names.
        /// </summary>
        private static readonly (string Type, string Method, HealthApiKind Kind)[] Apis =
        {
            (WellKnownTypes.HealthCheckEndpointRouteBuilderExtensions, "MapHealthChecks", HealthApiKind.MapEndpoint),
            (WellKnownTypes.HealthCheckApplicationBuilderExtensions, "UseHealthChecks", HealthApiKind.UseMiddleware),
            (WellKnownTypes.GrpcHealthChecksEndpointRouteBuilderExtensions, "MapGrpcHealthChecksService", HealthApiKind.MapGrpcService),
            (WellKnownTypes.HealthCheckServiceCollectionExtensions, "AddHealthChecks", HealthApiKind.Register),
            (WellKnownTypes.GrpcHealthChecksServiceExtensions, "AddGrpcHealthChecks", HealthApiKind.Register),
            (WellKnownTypes.GrpcServicesExtensions, "AddGrpc", HealthApiKind.HostGrpc),
            (WellKnownTypes.GrpcEndpointRouteBuilderExtensions, "MapGrpcService", HealthApiKind.HostGrpc),
        };

        /// <summary>The names of every API <see cref="Classify"/> recognises: a method that calls none of them (directly or through helpers) cannot matter to the walk.</summary>
        public static readonly ImmutableArray<string> MethodNames = Apis.Select(a => a.Method).Distinct().ToImmutableArray();

        /// <summary>The names of the APIs that register or expose health checks (gRPC hosting alone records no health fact).</summary>
        public static readonly ImmutableArray<string> WiringMethodNames = Apis.Where(a => a.Kind != HealthApiKind.HostGrpc).Select(a => a.Method).Distinct().ToImmutableArray();

        /// <summary><see cref="Apis"/> with each type resolved in this compilation (null when not referenced).</summary>
        private readonly ImmutableArray<(INamedTypeSymbol? Type, string Method, HealthApiKind Kind)> apis;
        private readonly INamedTypeSymbol? mapExtensions;
        private readonly INamedTypeSymbol? grpcMapExtensions;
        private readonly INamedTypeSymbol? registerExtensions;
        private readonly INamedTypeSymbol? grpcRegisterExtensions;
        private readonly INamedTypeSymbol? routeGroupExtensions;
        private readonly INamedTypeSymbol? publisher;
        private readonly INamedTypeSymbol? healthChecksBuilder;
        private readonly INamedTypeSymbol? serviceCollection;
        private readonly ImmutableArray<INamedTypeSymbol> environmentExtensions;
        private readonly ImmutableArray<INamedTypeSymbol> environmentTypes;
        private readonly ImmutableArray<INamedTypeSymbol> pipelineTypes;

        private HealthApi(Compilation compilation)
        {
            var types = Apis.Select(a => a.Type).Distinct().ToDictionary(t => t, t => WellKnownTypes.Find(compilation, t));
            apis = Apis.Select(a => (types[a.Type], a.Method, a.Kind)).ToImmutableArray();
            mapExtensions = types[WellKnownTypes.HealthCheckEndpointRouteBuilderExtensions];
            grpcMapExtensions = types[WellKnownTypes.GrpcHealthChecksEndpointRouteBuilderExtensions];
            registerExtensions = types[WellKnownTypes.HealthCheckServiceCollectionExtensions];
            grpcRegisterExtensions = types[WellKnownTypes.GrpcHealthChecksServiceExtensions];
            routeGroupExtensions = WellKnownTypes.Find(compilation, WellKnownTypes.EndpointRouteBuilderExtensions);
            publisher = WellKnownTypes.Find(compilation, WellKnownTypes.HealthCheckPublisher);
            healthChecksBuilder = WellKnownTypes.Find(compilation, WellKnownTypes.HealthChecksBuilder);
            serviceCollection = WellKnownTypes.Find(compilation, WellKnownTypes.ServiceCollection);
            HealthCheckOptions = WellKnownTypes.Find(compilation, WellKnownTypes.HealthCheckOptions);
            WebApplication = WellKnownTypes.Find(compilation, WellKnownTypes.AspNetCoreWebApplication);
            Host = WellKnownTypes.Find(compilation, WellKnownTypes.GenericHost);
            environmentExtensions = Resolve(compilation,
                WellKnownTypes.HostEnvironmentEnvExtensions, WellKnownTypes.HostingEnvironmentExtensions, WellKnownTypes.AspNetCoreHostingEnvironmentExtensions);
            environmentTypes = Resolve(compilation,
                WellKnownTypes.HostEnvironment, WellKnownTypes.HostingEnvironment, WellKnownTypes.AspNetCoreHostingEnvironment);
            pipelineTypes = Resolve(compilation,
                WellKnownTypes.ServiceCollection, WellKnownTypes.ApplicationBuilder, WellKnownTypes.EndpointRouteBuilder,
                WellKnownTypes.HostApplicationBuilder, WellKnownTypes.HostBuilder, WellKnownTypes.AspNetCoreWebHostBuilder);
        }

        public INamedTypeSymbol? HealthCheckOptions { get; }

        public INamedTypeSymbol? WebApplication { get; }

        public INamedTypeSymbol? Host { get; }

        /// <summary>True when AddHealthChecks can be called (a fix may add it).</summary>
        public bool CanRegister => registerExtensions != null;

        /// <summary>True when Grpc.AspNetCore.HealthChecks is referenced: AddGrpcHealthChecks and MapGrpcHealthChecksService compile.</summary>
        public bool CanAddGrpcHealth => grpcRegisterExtensions != null && grpcMapExtensions != null;

        /// <summary>Null when neither ASP.NET Core nor the Generic Host is referenced: there is nothing to check.</summary>
        public static HealthApi? Resolve(Compilation compilation)
        {
            var api = new HealthApi(compilation);
            return api.WebApplication == null && api.Host == null && api.mapExtensions == null && api.registerExtensions == null ? null : api;
        }

        public HealthApiKind Classify(IMethodSymbol method)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            var type = definition.ContainingType;
            if (type == null || !definition.IsStatic)
            {
                return HealthApiKind.None;
            }

            foreach (var api in apis)
            {
                if (definition.Name == api.Method && Is(type, api.Type))
                {
                    return api.Kind;
                }
            }

            return HealthApiKind.None;
        }

        /// <summary>
        /// The call registers an IHealthCheckPublisher: it names the interface or an implementation as a type argument
        /// (AddSingleton&lt;IHealthCheckPublisher, P&gt;, ServiceDescriptor.Singleton&lt;…&gt;), or it is a library's
        /// Add…Publisher or Add…Probe(s) on the health checks builder or the services (the AspNetCore.HealthChecks.Publisher.*
        /// packages; Microsoft.Extensions.Diagnostics.Probes' AddKubernetesProbes and AddTcpEndpointProbe, TCP probes).
        /// </summary>
        public bool IsPublisherRegistration(IMethodSymbol method)
        {
            if (publisher == null)
            {
                return false;
            }

            if (method.TypeArguments.Any(IsPublisher))
            {
                return true;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return definition.IsExtensionMethod && IsExposingName(definition.Name) && definition.Parameters.Length > 0
                && (Is(definition.Parameters[0].Type, healthChecksBuilder) || Is(definition.Parameters[0].Type, serviceCollection));
        }

        /// <summary>Add…Publisher, Add…Probe, Add…Probes: by name, as a wrong match only keeps OPS100 quiet.</summary>
        public static bool IsExposingName(string name)
            => name.EndsWith("Publisher", System.StringComparison.Ordinal)
               || name.EndsWith("Probe", System.StringComparison.Ordinal)
               || name.EndsWith("Probes", System.StringComparison.Ordinal);

        public bool IsPublisher(ITypeSymbol? type)
            => publisher != null && type != null && (Is(type, publisher) || type.AllInterfaces.Any(i => Is(i, publisher)));

        public bool IsMapGroup(IMethodSymbol method)
            => method.Name == "MapGroup" && Is((method.ReducedFrom ?? method).OriginalDefinition.ContainingType, routeGroupExtensions);

        /// <summary>IsDevelopment/IsStaging/IsProduction/IsEnvironment of the hosting abstractions.</summary>
        public bool IsEnvironmentTest(IMethodSymbol method)
        {
            var type = (method.ReducedFrom ?? method).OriginalDefinition.ContainingType;
            return type != null && environmentExtensions.Any(t => Is(type, t));
        }

        /// <summary>IHostEnvironment.EnvironmentName and its older twins.</summary>
        public bool IsEnvironmentName(IPropertySymbol property)
            => property.Name == "EnvironmentName" && property.ContainingType is { } type
               && environmentTypes.Any(t => Is(type, t) || type.AllInterfaces.Any(i => Is(i, t)));

        /// <summary>Types through which health can be wired: a call we cannot see into that takes one may wire it.</summary>
        public bool IsPipelineType(ITypeSymbol? type)
        {
            if (type == null)
            {
                return false;
            }

            if (type is ITypeParameterSymbol parameter)
            {
                return parameter.ConstraintTypes.Any(IsPipelineType);
            }

            foreach (var pipeline in pipelineTypes)
            {
                if (Is(type, pipeline) || type.AllInterfaces.Any(i => Is(i, pipeline)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>app.Run()/RunAsync() on a WebApplication or an IHost: where the composition root ends.</summary>
        public bool IsHostRun(IInvocationOperation invocation)
        {
            var name = invocation.TargetMethod.Name;
            if (name != "Run" && name != "RunAsync")
            {
                return false;
            }

            var receiver = invocation.Instance?.Type
                ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.Type : null);
            return receiver != null
                && ((WebApplication != null && Is(receiver, WebApplication))
                    || (Host != null && (Is(receiver, Host) || receiver.AllInterfaces.Any(i => Is(i, Host)))));
        }

        private static bool Is(ITypeSymbol? type, ITypeSymbol? expected)
            => type != null && expected != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

        private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, params string[] names)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in names)
            {
                if (WellKnownTypes.Find(compilation, name) is { } type)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        }
    }
}
