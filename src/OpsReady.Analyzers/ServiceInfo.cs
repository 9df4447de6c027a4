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
    /// What the build says about the project being analysed. Whether a project is a service is decided in one place,
    /// the package's targets (build/OpsReady.ServiceDetection.targets), which see what the compiler cannot: the SDK,
    /// OutputType, test, Aspire, Blazor WebAssembly and desktop markers. They pass the answer as
    /// build_property.OpsReadyServiceKind, "none" included; a project without it is not a service, as the manifest
    /// (written only by the targets) also says, instead of a second guess here that could disagree with them.
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

        public static ServiceInfo From(AnalyzerOptions options)
            => From(options.AnalyzerConfigOptionsProvider.GlobalOptions);

        /// <summary>The same decision for a source generator, which sees the build properties but no AnalyzerOptions.</summary>
        public static ServiceInfo From(AnalyzerConfigOptions global)
            => new ServiceInfo(global.TryGetValue(ServiceKindProperty, out var value) && value != null ? Parse(value.Trim()) : ServiceKind.None);

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
