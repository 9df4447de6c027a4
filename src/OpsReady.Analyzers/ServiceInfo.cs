using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers
{
    internal enum ServiceKind
    {
        None,
        Web,
        Worker,
    }

    /// <summary>
    /// What the build says about the project being analysed. The package's targets decide whether
    /// a project is a service (they can see the SDK, OutputType, test and Aspire markers) and pass
    /// the answer as build_property.OpsReadyServiceKind; without it (the analyzers used on their own)
    /// an executable that references ASP.NET Core or the Generic Host counts as a service.
    /// </summary>
    internal sealed class ServiceInfo
    {
        public const string ServiceKindProperty = "build_property.OpsReadyServiceKind";
        // The targets turn OpsReadyKnownTeams' ';' into ',' here: editorconfig treats ';' as a comment.
        public const string KnownTeamsProperty = "build_property.OpsReadyKnownTeamList";
        // Health helpers of libraries without OpsReady facts, declared by the user (';' turned into ',' as above).
        public const string HealthHelpersProperty = "build_property.OpsReadyHealthHelperList";
        // The repository root as the targets decided it (the manifest task is given the same value).
        public const string RepositoryRootProperty = "build_property._OpsReadyRepositoryRoot";

        private ServiceInfo(ServiceKind kind) => Kind = kind;

        public ServiceKind Kind { get; }

        public bool IsService => Kind != ServiceKind.None;

        public static ServiceInfo From(Compilation compilation, AnalyzerOptions options)
            => From(compilation, options.AnalyzerConfigOptionsProvider.GlobalOptions);

        /// <summary>The same decision for a source generator, which sees the build properties but no AnalyzerOptions.</summary>
        public static ServiceInfo From(Compilation compilation, AnalyzerConfigOptions global)
        {
            if (global.TryGetValue(ServiceKindProperty, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return new ServiceInfo(Parse(value.Trim()));
            }

            if (compilation.Options.OutputKind != OutputKind.ConsoleApplication)
            {
                return new ServiceInfo(ServiceKind.None);
            }

            if (WellKnownTypes.Find(compilation, WellKnownTypes.AspNetCoreWebApplication) != null
                || WellKnownTypes.Find(compilation, WellKnownTypes.AspNetCoreWebHostBuilder) != null)
            {
                return new ServiceInfo(ServiceKind.Web);
            }

            return new ServiceInfo(WellKnownTypes.Find(compilation, WellKnownTypes.GenericHost) != null
                ? ServiceKind.Worker
                : ServiceKind.None);
        }

        private static ServiceKind Parse(string value)
        {
            if (string.Equals(value, "web", System.StringComparison.OrdinalIgnoreCase))
            {
                return ServiceKind.Web;
            }

            if (string.Equals(value, "worker", System.StringComparison.OrdinalIgnoreCase))
            {
                return ServiceKind.Worker;
            }

            return ServiceKind.None;
        }
    }
}
