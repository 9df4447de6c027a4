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

        public List<string> Problems { get; } = new List<string>();
    }
}
