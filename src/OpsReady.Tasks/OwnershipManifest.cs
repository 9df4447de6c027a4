using System;
using System.Collections.Generic;
using System.Linq;
using OpsReady.Analyzers.Health;
using OpsReady.Contract;

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

        /// <summary>The runtime the service runs on and when its support ends; null in a manifest that lacks it.</summary>
        public RuntimeSection? Runtime { get; set; }

        /// <summary>Packages whose assets ship in the service's output, sorted by name then version.</summary>
        public List<PackageDependency> Dependencies { get; } = new List<PackageDependency>();

        /// <summary>
        /// Known vulnerabilities NuGet audit reported for the restored packages (transitive ones included), sorted by
        /// package, version, advisory; null when no audit ran or its result is not known, so "none found" ([]) and
        /// "not checked" (null) differ.
        /// </summary>
        public List<PackageVulnerability>? Vulnerabilities { get; set; }

        public SourceSection Source { get; set; } = new SourceSection();

        public ReadinessSection Readiness { get; set; } = new ReadinessSection();
    }

    internal sealed class PackageDependency
    {
        public string Name { get; set; } = "";

        public string Version { get; set; } = "";
    }

    /// <summary>The runtime facts that do not change with the date; support is judged against a reference date by whoever reads them.</summary>
    internal sealed class RuntimeSection
    {
        /// <summary>The target framework as a moniker independent of the project's alias, e.g. "net8.0"; null when not known.</summary>
        public string? Framework { get; set; }

        /// <summary>The last day the runtime gets fixes (ISO date), from the support table the package ships; null when the framework is not in it.</summary>
        public string? SupportEnds { get; set; }

        /// <summary>
        /// The shared frameworks the service runs on (Microsoft.NETCore.App, Microsoft.AspNetCore.App) with the version the
        /// build targets (the host rolls forward to the newest installed patch), sorted by name; empty when none is known
        /// (a .NET Framework service, or a manifest of an earlier version).
        /// </summary>
        public List<SharedFramework> SharedFrameworks { get; } = new List<SharedFramework>();
    }

    internal sealed class SharedFramework
    {
        public string Name { get; set; } = "";

        public string Version { get; set; } = "";
    }

    internal sealed class PackageVulnerability
    {
        public string Package { get; set; } = "";

        public string Version { get; set; } = "";

        /// <summary>One of <see cref="OpsReady.Contract.VulnerabilitySeverity"/>' names.</summary>
        public string Severity { get; set; } = "";

        /// <summary>The advisory's URL, as NuGet reported it; null when it gave none.</summary>
        public string? Advisory { get; set; }
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

        /// <summary>The OPS diagnostics the build reported; null when they are not known (see <see cref="Diagnostics"/>).</summary>
        public List<ReadinessFinding>? Findings { get; set; }

        /// <summary>
        /// Whether <see cref="Findings"/> are known: one of <see cref="ReadinessDiagnostics"/>' codes; null in a manifest
        /// of an earlier version, which did not say.
        /// </summary>
        public string? Diagnostics { get; set; } = ReadinessDiagnostics.Off;
    }

    /// <summary>
    /// Where a manifest's findings came from: recorded from the compiler's log of the current sources, or
    /// why they are unknown. The one place that says, for the gate and the report, what to do about it.
    /// </summary>
    internal static class ReadinessDiagnostics
    {
        public const string Recorded = "recorded";

        /// <summary>The build did not record readiness (a developer's build; OpsReadyReadiness=false).</summary>
        public const string Off = "off";

        /// <summary>Readiness was on but the compiler wrote no log.</summary>
        public const string Missing = "missing";

        /// <summary>The log is older than the compiler's inputs: it describes other sources.</summary>
        public const string Stale = "stale";

        public const string Unreadable = "unreadable";

        /// <summary>Why the findings are unknown, and what to do, as a clause ("the build's ... : do ..."); null when recorded.</summary>
        public static string? Explain(string? code)
        {
            switch (code)
            {
                case Recorded:
                    return null;
                case Off:
                    return "this build did not record readiness (a developer's build outside CI, or OpsReadyReadiness=false): build with -p:OpsReadyReadiness=true, in CI, with a collect folder, the gate or a handoff bundle";
                case Missing:
                    return "the compiler wrote no diagnostics log: rebuild with `dotnet build --no-incremental -p:OpsReadyReadiness=true`";
                case Stale:
                    return "the compiler's diagnostics log is older than the sources, so it describes other code: rebuild with `dotnet build --no-incremental -p:OpsReadyReadiness=true`";
                case Unreadable:
                    return "the compiler's diagnostics log could not be read (warning OPSB101 says why): rebuild with `dotnet build --no-incremental -p:OpsReadyReadiness=true`";
                default:
                    return "the manifest does not say whether its findings were recorded (written by another OpsReady version): rebuild the service with this version";
            }
        }
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

        /// <summary>Warnings and errors block the handoff; notes (info-level rules) inform and do not.</summary>
        public bool IsOpen => Level == "warning" || Level == "error";
    }

    /// <summary>What the build knows beside the assembly: packages, source control, the compiler's diagnostics.</summary>
    internal sealed class BuildFacts
    {
        public List<PackageDependency> Dependencies { get; } = new List<PackageDependency>();

        public string? RepositoryUrl { get; set; }

        public string? SourceRevisionId { get; set; }

        /// <summary>null when the diagnostics are unknown; <see cref="Diagnostics"/> then says why.</summary>
        public List<ReadinessFinding>? Findings { get; set; }

        public string Diagnostics { get; set; } = ReadinessDiagnostics.Off;

        /// <summary>null when the targets did not say (the framework is of a kind OpsReady does not know).</summary>
        public RuntimeSection? Runtime { get; set; }

        /// <summary>null when no audit ran or its result is not known.</summary>
        public List<PackageVulnerability>? Vulnerabilities { get; set; }
    }

    /// <summary>
    /// What the code does about health. Found things are facts; absences are facts only when <see cref="Known"/> (the
    /// walk saw all the code that could wire health): otherwise they are null, never a confident "no".
    /// </summary>
    internal sealed class HealthSection
    {
        /// <summary>False when the analysis met code it could not see into or bind, or did not run (its generator failed).</summary>
        public bool Known { get; set; }

        /// <summary>AddHealthChecks (or an equivalent) is called; null when not found and not known.</summary>
        public bool? Registered { get; set; }

        /// <summary>What was found; when not <see cref="Known"/>, there may be more.</summary>
        public List<HealthEndpoint> Endpoints { get; } = new List<HealthEndpoint>();

        /// <summary>An IHealthCheckPublisher is registered, or the code runs the checks itself (HealthCheckService); null when not found and not known.</summary>
        public bool? Publishers { get; set; }

        /// <summary>Something outside the process can learn the service's health: an endpoint is mapped or results are published; null when not found and not known.</summary>
        public bool? Exposed { get; set; }
    }

    internal sealed class HealthEndpoint
    {
        /// <summary>The route; null when the code maps a path that is not a constant.</summary>
        public string? Path { get; set; }

        /// <summary>Where the mapping applies, as <see cref="ManifestEnvironments"/> lists it.</summary>
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

        /// <summary>Where it applies, as <see cref="ManifestEnvironments"/> lists it (an appsettings.&lt;Env&gt;.json applies only in &lt;Env&gt;).</summary>
        public List<string> Environments { get; } = new List<string>();

        /// <summary>"code", "settings", "reference" (a referenced project that uses OpsReady), or null when not recorded.</summary>
        public string? Source { get; set; }

        /// <summary>The settings file's name, or the referenced assembly's; null for code.</summary>
        public string? From { get; set; }
    }

    /// <summary>
    /// The manifest's "environments" lists, from the facts' environment-set text (EnvironmentSet): ["all"]; the names it
    /// is limited to, sorted; every environment except some, each name prefixed "!" (["!Development"]); or [] when its
    /// conditions cannot all hold, so it applies in no environment.
    /// </summary>
    internal static class ManifestEnvironments
    {
        public const string All = "all";

        public const string ExceptPrefix = "!";

        public static List<string> FromFact(string? text)
        {
            var set = EnvironmentSet.Parse(text);
            return set.IsAll ? new List<string> { All }
                : set.IsOnly ? set.Names.ToList()
                : set.Names.Select(n => ExceptPrefix + n).ToList();
        }

        public static bool IsAll(IReadOnlyCollection<string> environments) => environments.Contains(All);

        /// <summary>Applies in some environment other than Development: where operations read the logs.</summary>
        public static bool AppliesOutsideDevelopment(IReadOnlyCollection<string> environments)
            => IsAll(environments) || environments.Any(e => e.StartsWith(ExceptPrefix, StringComparison.Ordinal) || !string.Equals(e, EnvironmentSet.DevelopmentName, StringComparison.OrdinalIgnoreCase));

        /// <summary>For a reader: "all", "Development, Staging", "all except Development", or "none".</summary>
        public static string Describe(IReadOnlyCollection<string> environments)
        {
            if (environments.Count == 0)
            {
                return "none";
            }

            var except = environments.Where(e => e.StartsWith(ExceptPrefix, StringComparison.Ordinal)).ToList();
            return except.Count > 0 && except.Count == environments.Count
                ? "all except " + string.Join(", ", except.Select(e => e.Substring(ExceptPrefix.Length)))
                : string.Join(", ", environments);
        }
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

        /// <summary>Always written by this version; null only in a manifest that lacks it.</summary>
        public string? Lifecycle { get; set; } = ServiceLifecycles.DefaultManifestName;

        /// <summary>1 (most critical) to 4 as declared; null when not declared (or in a manifest that lacks it). A value outside 1-4 is recorded as written (OPS002 reports it).</summary>
        public int? Tier { get; set; }
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
