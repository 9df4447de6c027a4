using System.Collections.Generic;

namespace OpsReady.Tasks
{
    /// <summary>The ownership manifest of one service build: what the operations team receives.</summary>
    internal sealed class OwnershipManifest
    {
        public const int SchemaVersion = 1;

        public ServiceSection Service { get; set; } = new ServiceSection();

        public OwnershipSection? Ownership { get; set; }

        public OperationsSection? Operations { get; set; }

        public HealthSection Health { get; set; } = new HealthSection();

        public LoggingSection Logging { get; set; } = new LoggingSection();
    }

    internal sealed class HealthSection
    {
        public bool Registered { get; set; }

        public List<HealthEndpoint> Endpoints { get; } = new List<HealthEndpoint>();
    }

    internal sealed class HealthEndpoint
    {
        /// <summary>The route; null when the code maps a path that is not a constant.</summary>
        public string? Path { get; set; }

        /// <summary>"all", or the environments the mapping is limited to (e.g. "Development").</summary>
        public List<string> Environments { get; } = new List<string>();

        public bool Grpc { get; set; }

        /// <summary>"liveness", "readiness", or null when the endpoint runs every check.</summary>
        public string? Probe { get; set; }
    }

    internal sealed class LoggingSection
    {
        public bool Structured => Outputs.Count > 0;

        /// <summary>Structured outputs found, e.g. "json-console", "opentelemetry".</summary>
        public List<string> Outputs { get; } = new List<string>();
    }

    internal sealed class ServiceSection
    {
        public string Name { get; set; } = "";

        public string? Version { get; set; }

        public string? TargetFramework { get; set; }

        public string? Kind { get; set; }
    }

    internal sealed class OwnershipSection
    {
        public string? Team { get; set; }

        public string? Contact { get; set; }

        public string? OnCall { get; set; }

        public string? Runbook { get; set; }

        public string Lifecycle { get; set; } = "production";
    }

    internal sealed class OperationsSection
    {
        public string? Team { get; set; }

        public string? Contact { get; set; }

        public string? Since { get; set; }
    }

    /// <summary>The facts read from a compiled assembly, before the build adds its own.</summary>
    internal sealed class AssemblyFacts
    {
        public string Name { get; set; } = "";

        public string? Version { get; set; }

        public OwnershipSection? Ownership { get; set; }

        public OperationsSection? Operations { get; set; }

        /// <summary>The assembly's [OpsReadyFact(kind, value)] attributes, in metadata order.</summary>
        public List<KeyValuePair<string, string>> Facts { get; } = new List<KeyValuePair<string, string>>();

        public List<string> Problems { get; } = new List<string>();
    }
}
