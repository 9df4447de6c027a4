namespace OpsReady.Contract
{
    /// <summary>
    /// The facts this package records about an assembly and reads back (a contract between the generators, the analyzers
    /// of referencing projects and the manifest task). A fact is an
    /// <c>[assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:" + kind, value)]</c>, the BCL's attribute for
    /// key/value facts about an assembly, so recording them declares no type in the user's assembly.
    /// </summary>
    internal static class FactKinds
    {
        /// <summary>The AssemblyMetadata key of a fact is this prefix and its kind, e.g. "OpsReady.Fact:health.endpoint".</summary>
        public const string MetadataKeyPrefix = "OpsReady.Fact:";

        /// <summary>The kind of a fact from its AssemblyMetadata key, or null for any other key.</summary>
        public static string? KindOf(string? key)
            => key != null && key.Length > MetadataKeyPrefix.Length && key.StartsWith(MetadataKeyPrefix, System.StringComparison.Ordinal)
                ? key.Substring(MetadataKeyPrefix.Length)
                : null;

        /// <summary>Value "true": this assembly's composition root registers health checks (directly or through helpers).</summary>
        public const string HealthRegistered = "health.registered";

        /// <summary>
        /// "true": the walk of this service's composition root saw all the code that could wire health, so what the other
        /// health facts leave out is absent; "false": it met code it could not see into or bind. A service without this
        /// fact (its generator failed, CS8785) is unknown too: the manifest never reads a missing fact as "no".
        /// </summary>
        public const string HealthComplete = "health.complete";

        /// <summary>Value "true": this service registers an IHealthCheckPublisher (check results leave the process without a probe).</summary>
        public const string HealthPublisher = "health.publisher";

        /// <summary>One endpoint the service maps: path, environments, grpc, probe (and filtered).</summary>
        public const string HealthEndpoint = "health.endpoint";

        /// <summary>A public helper of this assembly that maps or registers health: method, registers, endpoints.</summary>
        public const string HealthHelper = "health.helper";

        /// <summary>One endpoint a public helper maps: method plus the keys of health.endpoint.</summary>
        public const string HealthHelperEndpoint = "health.helper.endpoint";

        /// <summary>A structured log output this assembly configures: name ("json-console", "opentelemetry", …) and source ("code", "settings", or the referenced assembly it came from).</summary>
        public const string LoggingOutput = "logging.output";
    }
}
