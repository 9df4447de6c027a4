using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers
{
    /// <summary>
    /// The one registry of OpsReady rules: ids, categories, severities and help links, and what the rule
    /// pages and READMEs say about each rule beyond its descriptor (<see cref="Infos"/>; they are generated from it).
    /// </summary>
    public static class Rules
    {
        public const string HelpLinkBase = OpsReadyProjectInfo.ProjectUrl + "/blob/main/docs/rules/";

        public const string OwnershipCategory = "OpsReady.Ownership";
        public const string HealthCategory = "OpsReady.Health";
        public const string LoggingCategory = "OpsReady.Logging";
        public const string PatchingCategory = "OpsReady.Patching";

        /// <summary>Custom tag for rules that need the whole compilation (not shown live in the IDE).</summary>
        public const string CompilationEnd = WellKnownDiagnosticTags.CompilationEnd;

        public static readonly DiagnosticDescriptor OwnerMissing = Create(
            "OPS001", OwnershipCategory, DiagnosticSeverity.Warning,
            "Service has no owner",
            "Service '{0}' declares no owner: add [assembly: ServiceOwner(...)] so the operations team knows who builds it and how to reach them",
            "Every service names its owning team with [assembly: OpsReady.ServiceOwner(...)]: the ownership manifest is built from it.");

        public static readonly DiagnosticDescriptor OwnershipValueInvalid = Create(
            "OPS002", OwnershipCategory, DiagnosticSeverity.Warning,
            "Ownership value is empty, a placeholder, or of the wrong form",
            "{0} {1}: set it to {2}",
            "Ownership values are read by people and tools during an incident: teams must be real names, contacts and on-call entries reachable, runbooks resolvable and dates ISO dates.");

        public static readonly DiagnosticDescriptor OwnerNotKnownTeam = Create(
            "OPS003", OwnershipCategory, DiagnosticSeverity.Warning,
            "Team is not one of the known teams",
            "{0} '{1}' is not one of the known teams configured in OpsReadyKnownTeams ({2})",
            "When the repository configures OpsReadyKnownTeams, every owning and operations team must be on that list, so typos and renamed teams are caught at build time.");

        public static readonly DiagnosticDescriptor MaintenanceWithoutHandoff = Create(
            "OPS004", OwnershipCategory, DiagnosticSeverity.Warning,
            "Maintenance service has no operations handoff",
            "Service lifecycle is Maintenance but no [assembly: OperationsHandoff(...)] says which team runs it",
            "A service in maintenance is run by an operations team; declare it with [assembly: OpsReady.OperationsHandoff(...)].");

        public static readonly DiagnosticDescriptor HealthMissing = Create(
            "OPS100", HealthCategory, DiagnosticSeverity.Warning,
            "Service has no health endpoint or registers no health checks",
            "Service '{0}' maps no health endpoint (MapHealthChecks, UseHealthChecks, MapGrpcHealthChecksService or a helper that maps one): orchestrators cannot probe it",
            "A web service maps a health endpoint (MapHealthChecks, UseHealthChecks, MapGrpcHealthChecksService, or a helper that maps one, also in a referenced project); a gRPC service maps the gRPC health service, which HTTP/2-only Kestrel can serve; a worker registers health checks (AddHealthChecks) and exposes them (an endpoint or an IHealthCheckPublisher). Orchestrators and on-call engineers depend on them.");

        /// <summary>OPS100 for a web service that hosts gRPC: HTTP/1.1 probes cannot reach it, the gRPC health service can.</summary>
        public static readonly DiagnosticDescriptor HealthMissingOnGrpc = Variant(HealthMissing,
            "Service '{0}' hosts gRPC but maps no health endpoint: Kubernetes httpGet and other HTTP/1.1 probes cannot reach an HTTP/2-only Kestrel, so add the gRPC health service "
            + "(package Grpc.AspNetCore.HealthChecks: builder.Services.AddGrpcHealthChecks() and app.MapGrpcHealthChecksService(), probed with grpc_health_probe or a Kubernetes grpc probe), "
            + "or expose an HTTP/1 endpoint for MapHealthChecks");

        /// <summary>OPS100 for a worker that registers no health checks.</summary>
        public static readonly DiagnosticDescriptor HealthNotRegisteredInWorker = Variant(HealthMissing,
            "Service '{0}' registers no health checks (AddHealthChecks): nothing can report whether the worker is healthy");

        /// <summary>OPS100 for a worker that registers no health checks and does not reference the package that has them.</summary>
        public static readonly DiagnosticDescriptor HealthPackageMissingInWorker = Variant(HealthMissing,
            "Service '{0}' registers no health checks: add the package Microsoft.Extensions.Diagnostics.HealthChecks and call builder.Services.AddHealthChecks(), so something can report whether the worker is healthy");

        /// <summary>OPS100 for a worker whose checks nothing can reach.</summary>
        public static readonly DiagnosticDescriptor HealthNotExposedByWorker = Variant(HealthMissing,
            "Service '{0}' registers health checks but exposes them nowhere: no endpoint is mapped and no IHealthCheckPublisher is registered, so nothing can probe it");

        public static readonly DiagnosticDescriptor HealthChecksNotRegistered = Create(
            "OPS101", HealthCategory, DiagnosticSeverity.Warning,
            "Health endpoint is mapped but health checks are never registered",
            "Health endpoint {0} is mapped but AddHealthChecks() is never called: the service throws at startup",
            "MapHealthChecks and UseHealthChecks need the health check services that AddHealthChecks() registers; without them the app fails when the pipeline is built.");

        public static readonly DiagnosticDescriptor HealthProbesNotDistinguished = Create(
            "OPS102", HealthCategory, DiagnosticSeverity.Info,
            "Liveness and readiness are not distinguished",
            "Every health endpoint runs every health check: map a liveness endpoint that runs no dependency checks and a readiness endpoint that does (HealthCheckOptions.Predicate, e.g. by tag)",
            "When the liveness probe runs dependency checks, a database outage makes the orchestrator restart every healthy instance; separate liveness from readiness with a predicate.");

        public static readonly DiagnosticDescriptor HealthOnlyInDevelopment = Create(
            "OPS103", HealthCategory, DiagnosticSeverity.Warning,
            "Health endpoints are mapped only in the Development environment",
            "Health endpoint {0} is mapped only in the Development environment: in production the service has no health endpoint",
            "Health endpoints inside if (app.Environment.IsDevelopment()) (as in the .NET Aspire ServiceDefaults template) do not exist where probes need them; map them in every environment and protect them (RequireHost, authorization, a separate port) if they must not be public.");

        public static readonly DiagnosticDescriptor NonConstantLogTemplate = Create(
            "OPS200", LoggingCategory, DiagnosticSeverity.Warning,
            "Log message template is not constant",
            "The log message template is built at run time ({0}): use a constant template with named placeholders and pass the values as arguments",
            "Log backends group, search and alert on the message template and its named properties. A template built at run time makes every line unique, loses the properties and allocates even when the level is off.");

        public static readonly DiagnosticDescriptor LogTemplateArgumentCountMismatch = Create(
            "OPS201", LoggingCategory, DiagnosticSeverity.Warning,
            "Template placeholders and arguments differ in number",
            "{0}: the template has {1} and the call passes {2}",
            "A placeholder without an argument renders as its raw text (or throws), and an argument without a placeholder is dropped from the structured event.");

        /// <summary>OPS201 for Serilog's positional placeholders, bound by index.</summary>
        public static readonly DiagnosticDescriptor LogTemplatePositionalMismatch = Variant(LogTemplateArgumentCountMismatch,
            "{0}: Serilog binds positional placeholders by index and drops an argument no index names");

        /// <summary>OPS201 for LoggerMessage.Define, whose type arguments stand for the arguments.</summary>
        public static readonly DiagnosticDescriptor LogDefineTypeArgumentMismatch = Variant(LogTemplateArgumentCountMismatch,
            "{0}, and LoggerMessage.Define throws when it runs (at startup, for a static field): Microsoft.Extensions.Logging counts {1} but it has {2}");

        public static readonly DiagnosticDescriptor MalformedLogTemplate = Create(
            "OPS202", LoggingCategory, DiagnosticSeverity.Warning,
            "Log message template is malformed",
            "The log message template is malformed: {0}",
            "A malformed placeholder is rendered as plain text by Serilog and makes Microsoft.Extensions.Logging throw while formatting; either way the property is lost.");

        public static readonly DiagnosticDescriptor ExceptionNotLoggedAsException = Create(
            "OPS203", LoggingCategory, DiagnosticSeverity.Warning,
            "Exception is not passed as the exception argument",
            "{0}: pass the exception as the exception argument so its type and stack trace reach the log backend",
            "Log backends index the exception argument (type, message, stack trace, inner exceptions). Passed as a template argument, or reduced to its Message, it is only text.");

        public static readonly DiagnosticDescriptor ConsoleWriteInService = Create(
            "OPS204", LoggingCategory, DiagnosticSeverity.Warning,
            "Service writes to Console, Debug or Trace instead of logging",
            "'{0}' bypasses the service's logging: use ILogger so the line is structured, levelled and collected",
            "Console, Debug and Trace writes have no level, no properties and no correlation, are not filtered by the logging configuration and may not be collected at all.");

        public static readonly DiagnosticDescriptor NoStructuredLogOutput = Create(
            "OPS205", LoggingCategory, DiagnosticSeverity.Warning,
            "Service configures no structured log output",
            "Service '{0}' configures no structured log output{1}: add a JSON console formatter, OpenTelemetry logging, or a Serilog/NLog JSON, OTLP or Seq sink (in code or in appsettings.json)",
            "Plain-text logs cannot be queried by property. A service needs at least one machine-readable output outside Development so operations can search and alert on its logs.");

        public static readonly DiagnosticDescriptor LogPlaceholderName = Create(
            "OPS206", LoggingCategory, DiagnosticSeverity.Info,
            "Placeholder name is not PascalCase or repeats",
            "Placeholder '{0}' is not PascalCase: use '{1}'",
            "Placeholder names become property names in the log backend. One casing convention lets queries and dashboards find a property across services; a repeated name takes a second argument and overwrites the first.");

        /// <summary>OPS206's second condition: one rule, its own message.</summary>
        public static readonly DiagnosticDescriptor LogPlaceholderRepeated = Variant(LogPlaceholderName,
            "Placeholder '{0}' repeats in the template: each occurrence takes its own argument and the property keeps only one");

        public static readonly DiagnosticDescriptor SettingsFileInvalid = Create(
            "OPS207", LoggingCategory, DiagnosticSeverity.Warning,
            "A settings file the service reads is not valid JSON: the service fails at startup",
            "Settings file '{0}' cannot be loaded (line {1}, column {2}: {3}): the service fails at startup when it reads it, and OpsReady counts none of its settings",
            "The host reads appsettings.json and appsettings.<Environment>.json at startup with System.Text.Json (comments and trailing commas allowed); a syntax error, a top-level value that is not an object, or a key given two values makes it throw before the service runs.");

        /// <summary>Every rule, in id order, with what its documentation says beyond the descriptor.</summary>
        public static ImmutableArray<RuleInfo> Infos { get; }

        public static readonly DiagnosticDescriptor RuntimeOutOfSupport = Create(
            "OPS400", PatchingCategory, DiagnosticSeverity.Warning,
            "Service runs on a .NET version that is out of support",
            "The service targets {0}, whose support ended on {1}: it gets no more security fixes, so move it to a supported .NET version",
            "Microsoft ships no security fixes for a .NET version after its end of support, so an operations team cannot patch a service that runs on it. The dates come from Microsoft's .NET support policy, in the table the package ships; the reference date is OpsReadyAsOf (default: the day of the build).");

        public static readonly DiagnosticDescriptor RuntimeSupportEnding = Create(
            "OPS401", PatchingCategory, DiagnosticSeverity.Info,
            "Support for the service's .NET version ends soon",
            "The service targets {0}, whose support ends on {1}, within {2} days: plan the move to a newer .NET version",
            "A move to a newer .NET version takes planning; OPS401 reports the end of support within OpsReadySupportWarningDays (default 180) of the reference date, before OPS400 reports it ended.");

        public static readonly DiagnosticDescriptor VulnerablePackage = Create(
            "OPS402", PatchingCategory, DiagnosticSeverity.Warning,
            "Service ships a package with a known vulnerability",
            "The service ships {0} {1}, which has a known {2} severity vulnerability ({3}): update it to a version with the fix",
            "NuGet audit checks every restore against the advisories of the configured audit sources; OpsReady reports the vulnerable packages the service ships (transitive ones included) at or above OpsReadyVulnerabilityLevel (default high), so the handoff and the gate count them.");

        /// <summary>Every rule's descriptor, one per id, in id order, for tests and tooling that walk the registry.</summary>
        public static ImmutableArray<DiagnosticDescriptor> All { get; }

        /// <summary>
        /// What analyzers may report: <see cref="All"/> and the variants of rules with more than one condition (same id,
        /// title, category, severity and help; a message of their own, so each reads as a sentence with its own arguments).
        /// </summary>
        public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; }

        // A static constructor runs after every field initializer, wherever they stand: the order of declarations does not matter.
        static Rules()
        {
            Infos = ImmutableArray.Create(
                new RuleInfo(OwnerMissing, RuleScope.Services,
                    finds: "a service has no `[assembly: ServiceOwner]`",
                    fix: "adds `[assembly: ServiceOwner(...)]` with placeholder values for OPS002 to point at"),
                new RuleInfo(OwnershipValueInvalid, RuleScope.Services,
                    finds: "an ownership value is empty, a placeholder, or not of its form",
                    noFix: "the value is knowledge only the team has"),
                new RuleInfo(OwnerNotKnownTeam, RuleScope.Services,
                    scopeNote: "when the repository configures `OpsReadyKnownTeams`",
                    finds: "the team is not in `OpsReadyKnownTeams` (when configured)"),
                new RuleInfo(MaintenanceWithoutHandoff, RuleScope.Services,
                    finds: "lifecycle is Maintenance but no `[assembly: OperationsHandoff]` says who runs it",
                    noFix: "only you know who runs it"),
                new RuleInfo(HealthMissing, RuleScope.Services,
                    scopeNote: "web, gRPC and worker",
                    finds: "a web service maps no health endpoint (also through helpers and referenced projects; a gRPC service is led to the gRPC health service); a worker registers no health checks, or nothing can probe them (no endpoint, no publisher)",
                    fix: "adds registration and mapping (the gRPC health service on gRPC services), in minimal hosting (`var app = builder.Build(); … app.Run();`) when the calls it adds compile"),
                new RuleInfo(HealthChecksNotRegistered, RuleScope.Services,
                    finds: "a health endpoint is mapped but `AddHealthChecks()` is never called (the service throws at startup)",
                    fix: "adds `builder.Services.AddHealthChecks();` (`AddGrpcHealthChecks()` when only the gRPC health service is mapped) before `builder.Build()`, in minimal hosting"),
                new RuleInfo(HealthProbesNotDistinguished, RuleScope.Services,
                    finds: "liveness and readiness are not distinguished",
                    noFix: "which checks belong to readiness is a design decision"),
                new RuleInfo(HealthOnlyInDevelopment, RuleScope.Services,
                    finds: "health endpoints are mapped only in the Development environment",
                    fix: "moves the mappings after the `if`, when they are statements directly inside it"),
                new RuleInfo(NonConstantLogTemplate, RuleScope.EveryProject,
                    scopeNote: "Microsoft.Extensions.Logging and Serilog",
                    finds: "a log message template is not constant (interpolation, concatenation, `string.Format`, a variable)",
                    fix: "rewrites interpolation or concatenation as a template with named arguments"),
                new RuleInfo(LogTemplateArgumentCountMismatch, RuleScope.EveryProject,
                    scopeNote: "Microsoft.Extensions.Logging and Serilog",
                    finds: "template placeholders and arguments differ in number"),
                new RuleInfo(MalformedLogTemplate, RuleScope.EveryProject,
                    scopeNote: "Microsoft.Extensions.Logging and Serilog",
                    finds: "a template is malformed (unbalanced braces, empty or invalid placeholder)"),
                new RuleInfo(ExceptionNotLoggedAsException, RuleScope.EveryProject,
                    scopeNote: "Microsoft.Extensions.Logging and Serilog",
                    finds: "an exception is passed as a template argument, or only its `Message` is logged",
                    fix: "passes the exception as the exception argument"),
                new RuleInfo(ConsoleWriteInService, RuleScope.Services,
                    finds: "a service writes to `Console`/`Debug`/`Trace` instead of logging"),
                new RuleInfo(NoStructuredLogOutput, RuleScope.Services,
                    finds: "a service configures no structured log output that applies outside Development (JSON console, OpenTelemetry, Serilog/NLog JSON, OTLP or Seq sink; in code, `appsettings.json`, or `appsettings.<Env>.json` for that environment)",
                    reported: "on the entry point (`Main`, or the first top-level statement), live in the IDE"),
                new RuleInfo(LogPlaceholderName, RuleScope.EveryProject,
                    scopeNote: "Microsoft.Extensions.Logging, `[LoggerMessage]`, Serilog",
                    finds: "placeholder names are not PascalCase, or repeat within a template",
                    fix: "renames the placeholder to PascalCase"),
                new RuleInfo(SettingsFileInvalid, RuleScope.Services,
                    finds: "a settings file the service reads (`appsettings*.json`) is not valid JSON (.NET's configuration reader accepts comments and trailing commas)",
                    reported: "in the settings file, at the error (line and column in the message)"),
                new RuleInfo(RuntimeOutOfSupport, RuleScope.Services,
                    finds: "the service's target framework is past its end of support on the reference date (`OpsReadyAsOf`)",
                    noFix: "moving to a newer .NET version is a project change to review and test",
                    reported: "on the entry point"),
                new RuleInfo(RuntimeSupportEnding, RuleScope.Services,
                    finds: "the target framework's support ends within `OpsReadySupportWarningDays` (default 180) of the reference date",
                    noFix: "moving to a newer .NET version is a project change to review and test",
                    reported: "on the entry point"),
                new RuleInfo(VulnerablePackage, RuleScope.Services,
                    finds: "the service ships a package (also a transitive one) that NuGet audit reports with a known vulnerability at or above `OpsReadyVulnerabilityLevel` (default high)",
                    noFix: "the fixed version is in the advisory; updating a package is a change to review",
                    reported: "on the entry point"));
            All = Infos.Select(info => info.Descriptor).ToImmutableArray();
            Descriptors = All.AddRange(new[] { HealthMissingOnGrpc, HealthNotRegisteredInWorker, HealthPackageMissingInWorker, HealthNotExposedByWorker, LogTemplatePositionalMismatch, LogDefineTypeArgumentMismatch, LogPlaceholderRepeated }).OrderBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();
        }

        private static DiagnosticDescriptor Variant(DiagnosticDescriptor rule, string message)
            => new DiagnosticDescriptor(
                rule.Id, rule.Title, message, rule.Category, rule.DefaultSeverity, rule.IsEnabledByDefault,
                description: rule.Description, helpLinkUri: rule.HelpLinkUri, customTags: rule.CustomTags.ToArray());

        private static DiagnosticDescriptor Create(
            string id, string category, DiagnosticSeverity severity, string title, string message, string description, params string[] customTags)
            => new DiagnosticDescriptor(
                id, title, message, category, severity, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpLinkBase + id + ".md", customTags: customTags);
    }

    /// <summary>Which projects a rule looks at.</summary>
    public enum RuleScope
    {
        /// <summary>Every project that references OpsReady.</summary>
        EveryProject,

        /// <summary>Services only: executables on ASP.NET Core or the .NET Generic Host (the package's targets decide).</summary>
        Services,
    }

    /// <summary>
    /// What a rule's page header and the README rule tables say beyond the descriptor. Whether a code fix
    /// exists is not stated here: the docs generator reads it from OpsReady.CodeFixes, and requires
    /// <see cref="Fix"/> exactly for the rules that have one.
    /// </summary>
    public sealed class RuleInfo
    {
        public RuleInfo(DiagnosticDescriptor descriptor, RuleScope scope, string finds, string? scopeNote = null, string? fix = null, string? noFix = null, string? reported = null)
        {
            Descriptor = descriptor;
            Scope = scope;
            Finds = finds;
            ScopeNote = scopeNote;
            Fix = fix;
            NoFix = noFix;
            Reported = reported;
        }

        public DiagnosticDescriptor Descriptor { get; }

        public RuleScope Scope { get; }

        /// <summary>Narrows or details <see cref="Scope"/> ("when the repository configures ...").</summary>
        public string? ScopeNote { get; }

        /// <summary>What the rule finds, in the READMEs' words (a phrase, lower case).</summary>
        public string Finds { get; }

        /// <summary>What the code fix does (a phrase); null when the rule has no fix.</summary>
        public string? Fix { get; }

        /// <summary>Why the rule has no code fix, when that is worth saying.</summary>
        public string? NoFix { get; }

        /// <summary>Where the diagnostic is reported, when that is not the code at fault.</summary>
        public string? Reported { get; }
    }
}
