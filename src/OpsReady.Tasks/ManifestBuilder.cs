using System;
using System.Collections.Generic;
using System.Linq;
using OpsReady.Contract;

namespace OpsReady.Tasks
{
    /// <summary>Turns what was read from an assembly, plus what the build knows, into a manifest.</summary>
    internal static class ManifestBuilder
    {
        public static OwnershipManifest Build(AssemblyFacts facts, string? targetFramework, string? serviceKind, BuildFacts? build = null)
        {
            var manifest = new OwnershipManifest
            {
                Service = new ServiceSection
                {
                    Name = facts.Name,
                    Version = facts.Version,
                    TargetFramework = string.IsNullOrEmpty(targetFramework) ? null : targetFramework,
                    Kind = string.IsNullOrEmpty(serviceKind) ? null : serviceKind,
                },
                Ownership = facts.Ownership,
                Operations = facts.Operations,
            };

            var endpoints = new List<HealthEndpoint>();
            bool? complete = null;
            var registered = false;
            var publishes = false;
            var sources = new List<LoggingSource>();
            foreach (var fact in facts.Facts)
            {
                switch (fact.Key)
                {
                    case FactKinds.HealthComplete:
                        // Any incomplete record wins: one walk that could not see everything makes the whole unknown.
                        complete = complete != false && fact.Value.Trim() == "true";
                        break;
                    case FactKinds.HealthRegistered:
                        registered |= fact.Value.Trim() == "true";
                        break;
                    case FactKinds.HealthPublisher:
                        publishes |= fact.Value.Trim() == "true";
                        break;
                    case FactKinds.HealthEndpoint:
                        endpoints.Add(Endpoint(FactValue.Parse(fact.Value)));
                        break;
                    case FactKinds.LoggingOutput:
                        if (Source(FactValue.Parse(fact.Value)) is { } source)
                        {
                            sources.Add(source);
                        }

                        break;
                }
            }

            // Stable order whatever order the facts were emitted in: the same code gives the same bytes.
            foreach (var endpoint in endpoints
                .GroupBy(Key, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(e => e.Path ?? "", StringComparer.Ordinal)
                .ThenBy(Key, StringComparer.Ordinal))
            {
                manifest.Health.Endpoints.Add(endpoint);
            }

            // No health.complete fact (the generator failed, or never ran) is as unknown as an incomplete walk.
            var known = complete == true;
            manifest.Health.Known = known;
            manifest.Health.Registered = Found(registered, known);
            manifest.Health.Publishers = Found(publishes, known);
            manifest.Health.Exposed = Found(manifest.Health.Endpoints.Count > 0 || publishes, known);

            // An output only for Development does not make the service's logs structured where operations read them.
            foreach (var source in sources
                .GroupBy(Key, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(Key, StringComparer.Ordinal))
            {
                manifest.Logging.Sources.Add(source);
            }

            manifest.Logging.Outputs.AddRange(sources
                .Where(s => ManifestEnvironments.AppliesOutsideDevelopment(s.Environments))
                .Select(s => s.Output)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(o => o, StringComparer.Ordinal));
            AddHandoffFacts(manifest, facts, build ?? new BuildFacts());
            return manifest;
        }

        /// <summary>Dependencies, source and readiness: sorted and free of machine paths, so the bytes stay stable.</summary>
        private static void AddHandoffFacts(OwnershipManifest manifest, AssemblyFacts facts, BuildFacts build)
        {
            manifest.Runtime = build.Runtime;
            manifest.Vulnerabilities = build.Vulnerabilities?
                .GroupBy(v => v.Package + "\0" + v.Version + "\0" + v.Severity + "\0" + v.Advisory, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(v => v.Package, StringComparer.OrdinalIgnoreCase)
                .ThenBy(v => v.Package, StringComparer.Ordinal)
                .ThenBy(v => v.Version, StringComparer.Ordinal)
                .ThenBy(v => v.Advisory ?? "", StringComparer.Ordinal)
                .ThenBy(v => v.Severity, StringComparer.Ordinal)
                .ToList();

            manifest.Dependencies.AddRange(build.Dependencies
                .Where(d => d.Name.Length > 0 && d.Version.Length > 0)
                .GroupBy(d => d.Name + "\0" + d.Version, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                .ThenBy(d => d.Name, StringComparer.Ordinal)
                .ThenBy(d => d.Version, StringComparer.Ordinal));

            manifest.Source = new SourceSection
            {
                Repository = SourceFacts.PublicRepositoryUrl(build.RepositoryUrl),
                Commit = SourceFacts.Commit(build.SourceRevisionId, facts.VersionMetadata),
            };

            List<ReadinessFinding>? findings = null;
            if (build.Findings != null)
            {
                findings = build.Findings
                    .GroupBy(f => f.Rule + "|" + f.Level + "|" + f.File + "|" + f.Line + "|" + f.Message, StringComparer.Ordinal)
                    .Select(g => g.First())
                    .OrderBy(f => f.Rule, StringComparer.Ordinal)
                    .ThenBy(f => f.File ?? "", StringComparer.Ordinal)
                    .ThenBy(f => f.Line ?? 0)
                    .ThenBy(f => f.Level, StringComparer.Ordinal)
                    .ThenBy(f => f.Message ?? "", StringComparer.Ordinal)
                    .ToList();
            }

            manifest.Readiness = new ReadinessSection
            {
                Findings = findings,
                Diagnostics = findings != null ? ReadinessDiagnostics.Recorded : build.Diagnostics,
                Ready = manifest.Ownership != null
                    && findings != null
                    && !findings.Any(f => f.IsOpen),
            };
        }

        /// <summary>True when found; false only when the analysis saw everything; else unknown.</summary>
        private static bool? Found(bool found, bool known) => found ? true : known ? false : (bool?)null;

        private static string Key(HealthEndpoint e)
            => (e.Path ?? "\0") + "|" + string.Join(",", e.Environments) + "|" + e.Grpc + "|" + e.Probe;

        private static string Key(LoggingSource s)
            => s.Output + "|" + s.Source + "|" + s.From + "|" + string.Join(",", s.Environments);

        private static HealthEndpoint Endpoint(FactValue values)
        {
            var endpoint = new HealthEndpoint
            {
                Path = values.Get(FactKeys.Path) is { Length: > 0 } path ? path : null,
                Grpc = values.GetBool(FactKeys.Grpc),
                Probe = values.Get(FactKeys.Probe) is { Length: > 0 } probe ? probe : null,
            };

            endpoint.Environments.AddRange(ManifestEnvironments.FromFact(values.Get(FactKeys.Environments)));
            return endpoint;
        }

        /// <summary>A logging.output fact: source "code", "settings" or the referenced assembly it came from; null without a name.</summary>
        private static LoggingSource? Source(FactValue values)
        {
            var output = values.Get(FactKeys.Name) ?? "";
            if (output.Length == 0)
            {
                return null;
            }

            var recorded = values.Get(FactKeys.Source);
            var source = new LoggingSource { Output = output };
            switch (recorded)
            {
                case null or "":
                    break;
                case FactKeys.SourceCode:
                    source.Source = recorded;
                    break;
                case FactKeys.SourceSettings:
                    source.Source = recorded;
                    source.From = values.Get(FactKeys.From) is { Length: > 0 } file ? file : null;
                    break;
                default:
                    // Any other source is the name of the referenced assembly that recorded the output.
                    source.Source = "reference";
                    source.From = recorded;
                    break;
            }

            source.Environments.AddRange(ManifestEnvironments.FromFact(values.Get(FactKeys.Environments)));
            return source;
        }
    }
}
