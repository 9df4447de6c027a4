using System.Collections.Generic;

namespace OpsReady.Tasks
{
    /// <summary>The ownership manifest of one service build: what the operations team receives.</summary>
    internal sealed class OwnershipManifest
    {
        public const int SchemaVersion = 1;

        /// <summary>
        /// The "$id" of build/opsready-manifest.schema.json (shipped in the package): an identifier, not a
        /// download location, so it never depends on a host staying up.
        /// </summary>
        public const string SchemaId = "urn:opsready:ownership-manifest:1";

        public ServiceSection Service { get; set; } = new ServiceSection();

        public OwnershipSection? Ownership { get; set; }

        public OperationsSection? Operations { get; set; }

        public HealthSection Health { get; set; } = new HealthSection();

        public LoggingSection Logging { get; set; } = new LoggingSection();

        /// <summary>Packages whose assets ship in the service's output, sorted by name then version.</summary>
        public List<PackageDependency> Dependencies { get; } = new List<PackageDependency>();

        public SourceSection Source { get; set; } = new SourceSection();

        public ReadinessSection Readiness { get; set; } = new ReadinessSection();
    }

    internal sealed class PackageDependency
    {
        public string Name { get; set; } = "";

        public string Version { get; set; } = "";
    }

    internal sealed class SourceSection
    {
        /// <summary>The repository URL, without credentials; null when unknown or a local path.</summary>
        public string? Repository { get; set; }

        public string? Commit { get; set; }
    }

    internal sealed class ReadinessSection
    {
        /// <summary>True when the service has an owner and its build reported no OPS warning or error.</summary>
        public bool Ready { get; set; }

        /// <summary>The OPS diagnostics the build reported; null when the compiler's log could not be read.</summary>
        public List<ReadinessFinding>? Findings { get; set; }
    }

    internal sealed class ReadinessFinding
    {
        public string Rule { get; set; } = "";

        /// <summary>"error", "warning" or "note", as the compiler reported it (after .editorconfig and warnings-as-errors).</summary>
        public string Level { get; set; } = "warning";

        public string? Message { get; set; }

        /// <summary>Repository-relative (or project-relative) path with '/' separators; null when outside both or unknown.</summary>
        public string? File { get; set; }

        public int? Line { get; set; }
    }

    /// <summary>What the build knows beside the assembly: packages, source control, the compiler's diagnostics.</summary>
    internal sealed class BuildFacts
    {
        public List<PackageDependency> Dependencies { get; } = new List<PackageDependency>();

        public string? RepositoryUrl { get; set; }

        public string? SourceRevisionId { get; set; }

        /// <summary>null when the diagnostics are unknown.</summary>
        public List<ReadinessFinding>? Findings { get; set; }
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

        /// <summary>Structured outputs that apply outside Development, e.g. "json-console", "opentelemetry".</summary>
        public List<string> Outputs { get; } = new List<string>();

        /// <summary>Every structured output found, with where it is configured and the environments it applies in.</summary>
        public List<LoggingSource> Sources { get; } = new List<LoggingSource>();
    }

    internal sealed class LoggingSource
    {
        public string Output { get; set; } = "";

        /// <summary>"all", or the environments it applies in (an appsettings.&lt;Env&gt;.json applies only in &lt;Env&gt;).</summary>
        public List<string> Environments { get; } = new List<string>();

        /// <summary>"code", "settings", "reference" (a referenced project that uses OpsReady), or null when not recorded.</summary>
        public string? Source { get; set; }

        /// <summary>The settings file's name, or the referenced assembly's; null for code.</summary>
        public string? From { get; set; }
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

        /// <summary>The build metadata after '+' in the informational version (often the commit), if any.</summary>
        public string? VersionMetadata { get; set; }

        /// <summary>The assembly's OpsReady facts (kind, value), in metadata order (see FactKinds).</summary>
        public List<KeyValuePair<string, string>> Facts { get; } = new List<KeyValuePair<string, string>>();

        public List<string> Problems { get; } = new List<string>();
    }
}
