namespace OpsReady.Analyzers.Facts
{
    /// <summary>The kinds of [assembly: OpsReadyFact] this package writes and reads (a contract with the manifest task).</summary>
    internal static class FactKinds
    {
        /// <summary>Value "true": this assembly's composition root registers health checks (directly or through helpers).</summary>
        public const string HealthRegistered = "health.registered";

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
