using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers
{
    /// <summary>The one registry of OpsReady rules: ids, categories, severities and help links.</summary>
    public static class Rules
    {
        // Declared first: static initializers run in textual order and Create() fills this list.
        private static readonly List<DiagnosticDescriptor> all = new List<DiagnosticDescriptor>();

        public const string HelpLinkBase = OpsReadyProjectInfo.ProjectUrl + "/blob/main/docs/rules/";

        public const string OwnershipCategory = "OpsReady.Ownership";
        public const string HealthCategory = "OpsReady.Health";
        public const string LoggingCategory = "OpsReady.Logging";

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
            "{0} {1}: expected {2}",
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
            "Service '{0}' {1}",
            "A web service maps a health endpoint (MapHealthChecks, UseHealthChecks, MapGrpcHealthChecksService, or a helper that maps one, also in a referenced project); a gRPC service maps the gRPC health service, which HTTP/2-only Kestrel can serve; a worker registers health checks (AddHealthChecks) and exposes them (an endpoint or an IHealthCheckPublisher). Orchestrators and on-call engineers depend on them.");

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
            "{0}",
            "A placeholder without an argument renders as its raw text (or throws), and an argument without a placeholder is dropped from the structured event.");

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
            "{0}",
            "Placeholder names become property names in the log backend. One casing convention lets queries and dashboards find a property across services; a repeated name takes a second argument and overwrites the first.");

        public static readonly DiagnosticDescriptor SettingsFileInvalid = Create(
            "OPS207", LoggingCategory, DiagnosticSeverity.Warning,
            "A settings file the service reads is not valid JSON: the service fails at startup",
            "Settings file '{0}' cannot be loaded (line {1}, column {2}: {3}): the service fails at startup when it reads it, and OpsReady counts none of its settings",
            "The host reads appsettings.json and appsettings.<Environment>.json at startup with System.Text.Json (comments and trailing commas allowed); a syntax error, a top-level value that is not an object, or a key given two values makes it throw before the service runs.");

        /// <summary>Every descriptor above, for tests and tooling that walk the registry.</summary>
        public static IReadOnlyList<DiagnosticDescriptor> All => all;

        private static DiagnosticDescriptor Create(
            string id, string category, DiagnosticSeverity severity, string title, string message, string description, params string[] customTags)
        {
            var descriptor = new DiagnosticDescriptor(
                id, title, message, category, severity, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpLinkBase + id + ".md", customTags: customTags);
            all.Add(descriptor);
            return descriptor;
        }
    }
}
