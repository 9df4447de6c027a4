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
