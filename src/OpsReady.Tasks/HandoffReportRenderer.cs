using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static OpsReady.Tasks.MarkdownText;

namespace OpsReady.Tasks
{
    /// <summary>handoff.md: the report an operations team reads, every value escaped and none left blank.</summary>
    internal static class HandoffReportRenderer
    {
        public static string Render(HandoffBundleModel bundle)
        {
            var services = bundle.Services;
            var md = new StringBuilder();
            md.Append("# Service handoff\n\n");
            var notOnboarded = services.Count(s => s.Manifests.Count == 0);
            md.Append(services.Count.ToString(CultureInfo.InvariantCulture))
              .Append(services.Count == 1 ? " service" : " services")
              .Append(", ")
              .Append(services.Count(s => s.Ready).ToString(CultureInfo.InvariantCulture))
              .Append(" ready for handoff");
            if (notOnboarded > 0)
            {
                md.Append(", ").Append(notOnboarded.ToString(CultureInfo.InvariantCulture)).Append(" with no ownership manifest");
            }

            md.Append(". Every fact below comes from the services' ownership manifests, which their builds derived from the code.\n\n");

            md.Append("| Service | Kind | Owner | Run by | Lifecycle | Probes | Structured logs | Ready |\n");
            md.Append("|---|---|---|---|---|---|---|---|\n");
            var anchors = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var service in services)
            {
                var anchor = Anchor(service.Name, anchors);
                md.Append("| [").Append(Md(service.Name)).Append("](#").Append(anchor).Append(") | ");
                if (service.Manifests.Count == 0)
                {
                    var unbundled = service.Unbundled[0];
                    md.Append(Md(unbundled.Kind ?? "unknown")).Append(" | unknown | unknown | unknown | unknown | unknown | **no** (")
                      .Append(unbundled.Reason == UnbundledService.ManifestOff ? "manifest turned off" : "not onboarded").Append(") |\n");
                    continue;
                }

                var m = service.First;
                md.Append(Md(m.Service.Kind ?? "unknown")).Append(" | ")
                  .Append(Team(m.Ownership?.Team)).Append(" | ")
                  .Append(m.Operations is OperationsSection operations ? Team(operations.Team) + Since(operations, " since ") : "not handed off").Append(" | ")
                  .Append(m.Ownership == null ? "not declared" : Md(m.Ownership.Lifecycle ?? "not declared")).Append(" | ")
                  .Append(Probes(service)).Append(" | ")
                  .Append(service.Manifests.All(x => x.Manifest.Logging.Structured) ? "yes" : "**no**").Append(" | ")
                  .Append(service.Ready ? "yes" : "**no**").Append(" |\n");
            }

            foreach (var service in services)
            {
                md.Append('\n');
                ServiceSection(md, service);
            }

            return md.ToString();
        }

        private static void ServiceSection(StringBuilder md, BundledService service)
        {
            md.Append("## ").Append(Md(service.Name)).Append("\n\n");
            if (service.Manifests.Count == 0)
            {
                UnbundledSection(md, service.Unbundled);
                TrimTrailingBlankLine(md);
                return;
            }

            var m = service.First;
            var frameworks = service.Manifests.Select(x => x.TargetFramework).Where(t => t != null).ToList();
            md.Append("- Kind: ").Append(Md(m.Service.Kind ?? "unknown"))
              .Append(", version ").Append(Md(m.Service.Version ?? "unknown"));
            if (frameworks.Count > 0)
            {
                md.Append(", ").Append(Md(string.Join(", ", frameworks)));
            }

            md.Append('\n');

            var ownership = m.Ownership;
            if (ownership == null)
            {
                md.Append("- Owner: **none declared** (add `[assembly: OpsReady.ServiceOwner(...)]`)\n");
            }
            else
            {
                md.Append("- Owner: ").Append(Team(ownership.Team)).Append('\n');
                md.Append("  - Contact: ").Append(Value(ownership.Contact)).Append('\n');
                md.Append("  - On call: ").Append(Value(ownership.OnCall)).Append('\n');
                md.Append("- Lifecycle: ").Append(Md(ownership.Lifecycle ?? "not declared")).Append('\n');
            }

            if (m.Operations is OperationsSection operations)
            {
                md.Append("- Run by: ").Append(Team(operations.Team)).Append(Since(operations, " since ")).Append('\n');
                md.Append("  - Contact: ").Append(Value(operations.Contact)).Append('\n');
            }
            else
            {
                md.Append("- Run by: not handed off (no `[assembly: OpsReady.OperationsHandoff(...)]`): the owner runs it\n");
            }

            var repository = m.Source.Repository;
            var commit = m.Source.Commit;
            md.Append("- Runbook: ").Append(Runbook(ownership?.Runbook, repository, commit)).Append('\n');
            md.Append("- Source: ")
              .Append(repository != null && commit != null ? Md(repository) + " at " + Md(commit)
                  : repository != null ? Md(repository)
                  : commit != null ? "commit " + Md(commit) + " (repository not known)"
                  : "not known")
              .Append("\n\n");

            if (service.Unbundled.Count > 0)
            {
                UnbundledSection(md, service.Unbundled);
            }

            foreach (var loaded in service.Manifests)
            {
                var suffix = service.Manifests.Count > 1 && loaded.TargetFramework != null ? " (" + Md(loaded.TargetFramework) + ")" : "";
                var manifest = loaded.Manifest;

                md.Append("### Health probes").Append(suffix).Append("\n\n");
                if (manifest.Health.Endpoints.Count == 0)
                {
                    md.Append(NoEndpoint(manifest.Health)).Append("\n\n");
                }
                else
                {
                    md.Append("| Path | Probe | Environments | gRPC |\n|---|---|---|---|\n");
                    foreach (var endpoint in manifest.Health.Endpoints)
                    {
                        md.Append("| ").Append(endpoint.Path is string path ? Code(path) : "(not a constant)")
                          .Append(" | ").Append(Md(endpoint.Probe ?? "all checks"))
                          .Append(" | ").Append(Md(ManifestEnvironments.Describe(endpoint.Environments)))
                          .Append(" | ").Append(endpoint.Grpc ? "yes" : "no").Append(" |\n");
                    }

                    md.Append('\n');
                }

                md.Append("### Logging").Append(suffix).Append("\n\n");
                md.Append(manifest.Logging.Structured
                    ? "Structured: " + Md(string.Join(", ", manifest.Logging.Outputs)) + "."
                    : "**No structured log output applies outside Development.**");
                var limited = manifest.Logging.Sources
                    .Where(source => !ManifestEnvironments.IsAll(source.Environments))
                    .Select(source => Md(source.Output) + (source.From is string from ? " in " + Code(from) : "")
                        + LimitedTo(source.Environments))
                    .ToList();
                if (limited.Count > 0)
                {
                    md.Append(" Limited to some environments: ").Append(string.Join("; ", limited)).Append('.');
                }

                md.Append("\n\n");

                md.Append("### Readiness").Append(suffix).Append("\n\n");
                ReadinessPart(md, manifest);

                md.Append("### Dependencies").Append(suffix).Append("\n\n");
                if (manifest.Dependencies.Count == 0)
                {
                    md.Append("No package ships with the service.\n\n");
                }
                else
                {
                    md.Append("| Package | Version |\n|---|---|\n");
                    foreach (var dependency in manifest.Dependencies)
                    {
                        md.Append("| ").Append(Md(dependency.Name)).Append(" | ").Append(Md(dependency.Version)).Append(" |\n");
                    }

                    md.Append('\n');
                }
            }

            TrimTrailingBlankLine(md);
        }

        /// <summary>A service, or some of its frameworks, the bundle has no manifest of: say so, why, and what to do.</summary>
        private static void UnbundledSection(StringBuilder md, List<UnbundledService> unbundled)
        {
            var first = unbundled[0];
            var frameworks = unbundled.Select(u => u.TargetFramework).Where(t => t != null).ToList();
            md.Append("- Kind: ").Append(Md(first.Kind ?? "unknown"));
            if (frameworks.Count > 0)
            {
                md.Append(", ").Append(Md(string.Join(", ", frameworks)));
            }

            md.Append('\n');
            md.Append(first.Reason == UnbundledService.ManifestOff
                ? "- **No ownership manifest**: " + Code(first.Project) + " sets `OpsReadyManifest=false`, so nothing about its owner, probes or logs is known and it is not ready for handoff.\n\n"
                : "- **Not onboarded**: " + Code(first.Project) + " does not reference the OpsReady package, so nothing about its owner, probes or logs is known and it is not ready for handoff. Add `<PackageReference Include=\"OpsReady\" PrivateAssets=\"all\" />` to the project (or to Directory.Build.props).\n\n");
        }

        private static void ReadinessPart(StringBuilder md, OwnershipManifest manifest)
        {
            var findings = manifest.Readiness.Findings;
            var noOwner = manifest.Ownership == null;
            if (findings == null)
            {
                md.Append("**Not ready**: ").Append(noOwner ? "no owner is declared, and " : "")
                  .Append("its findings are unknown: ").Append(Md(ReadinessDiagnostics.Explain(manifest.Readiness.Diagnostics) ?? "")).Append(".\n\n");
                return;
            }

            if (manifest.Readiness.Ready)
            {
                // Only notes (info-level rules) can remain on a ready service: they inform, they do not block.
                md.Append(findings.Count == 0 ? "Ready: no findings.\n\n" : "Ready. Notes (info-level findings, which do not block the handoff):\n\n");
            }
            else
            {
                md.Append("**Not ready**").Append(noOwner ? ": no owner is declared" : "").Append(findings.Count == 0 ? ".\n\n" : ". Findings:\n\n");
            }

            if (findings.Count == 0)
            {
                return;
            }

            md.Append("| Rule | Level | Where | Finding |\n|---|---|---|---|\n");
            foreach (var finding in findings)
            {
                var where = finding.File is string file
                    ? file + (finding.Line is int line ? ":" + line.ToString(CultureInfo.InvariantCulture) : "")
                    : "";
                md.Append("| ").Append(Md(finding.Rule))
                  .Append(" | ").Append(Md(finding.Level))
                  .Append(" | ").Append(where.Length > 0 ? Code(where) : "")
                  .Append(" | ").Append(Md(finding.Message ?? "")).Append(" |\n");
            }

            md.Append('\n');
        }

        /// <summary>One trailing newline at the end of a section, not two.</summary>
        private static void TrimTrailingBlankLine(StringBuilder md)
        {
            if (md.Length >= 2 && md[md.Length - 1] == '\n' && md[md.Length - 2] == '\n')
            {
                md.Length--;
            }
        }

        /// <summary>
        /// What an operations engineer can probe when no endpoint is mapped: said as known, never guessed (a
        /// manifest of an earlier version has no "known", "exposed" or "publishers": read as before).
        /// </summary>
        private static string NoEndpoint(HealthSection health)
        {
            if (!health.Known)
            {
                return "**Not known**: the build's analysis met code it could not see into, so OpsReady does not claim that no health endpoint or check exists.";
            }

            if (health.Registered != true)
            {
                return "No health endpoint is mapped and no health check is registered: there is nothing to probe.";
            }

            if (health.Publishers == true)
            {
                return "Health checks are registered and published (an `IHealthCheckPublisher`, or code that runs them); no health endpoint is mapped, so there is no endpoint to probe.";
            }

            return health.Exposed == false
                ? "Health checks are registered, but nothing exposes them (no endpoint is mapped and no publisher is registered): an operations engineer has **nothing to probe**."
                : "Health checks are registered, but no health endpoint is mapped.";
        }

        private static string Probes(BundledService service)
        {
            var paths = service.Manifests
                .SelectMany(m => m.Manifest.Health.Endpoints)
                .Select(e => e.Path ?? "(not a constant)")
                .Distinct(StringComparer.Ordinal)
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
            if (paths.Count > 0)
            {
                return Md(string.Join(", ", paths));
            }

            return service.Manifests.Any(m => !m.Manifest.Health.Known) ? "unknown"
                : service.Manifests.Any(m => m.Manifest.Health.Publishers == true) ? "published, no endpoint"
                : "**none**";
        }

        /// <summary>Where a limited logging output applies, as a clause.</summary>
        private static string LimitedTo(List<string> environments)
            => environments.Count == 0 ? " applies in no environment"
                : environments.All(e => e.StartsWith(ManifestEnvironments.ExceptPrefix, StringComparison.Ordinal)) ? " applies in " + Md(ManifestEnvironments.Describe(environments))
                : " applies only in " + Md(string.Join(", ", environments));

        private static string Since(OperationsSection operations, string prefix)
            => operations.Since is string since && since.Length > 0 ? prefix + Md(since) : "";

        private static string Value(string? text)
            => text != null && text.Trim().Length > 0 ? Link(text) ?? Md(text) : "**not declared**";

        /// <summary>A team name, or that none is declared: never a blank cell.</summary>
        private static string Team(string? team)
            => team != null && team.Trim().Length > 0 ? Md(team) : "**none declared**";

        /// <summary>A URL runbook as a link; a repo-relative one as a link into the repository at the recorded commit where the host is known.</summary>
        private static string Runbook(string? runbook, string? repository, string? commit)
        {
            if (runbook == null || runbook.Trim().Length == 0)
            {
                return "**not declared**";
            }

            if (Link(runbook) is string link)
            {
                return link;
            }

            return SourceFileUrl(repository, commit, runbook) is string url
                ? "[" + Md(runbook) + "](" + url + ")"
                : Md(runbook) + (commit != null ? " (in the repository at " + Md(commit) + ")" : " (in the repository)");
        }

        /// <summary>
        /// The web URL of a file at a commit, for hosts whose URL scheme is known (GitHub, GitLab, Azure DevOps,
        /// Bitbucket); null otherwise, so no link is guessed.
        /// </summary>
        internal static string? SourceFileUrl(string? repository, string? commit, string path)
        {
            if (repository == null || commit == null || !Uri.TryCreate(repository, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http")
                || commit.Any(c => !Uri.IsHexDigit(c)))
            {
                return null;
            }

            var fragment = "";
            var hash = path.IndexOf('#');
            if (hash >= 0)
            {
                fragment = "#" + Uri.EscapeDataString(path.Substring(hash + 1));
                path = path.Substring(0, hash);
            }

            var segments = path.Replace('\\', '/').Split('/').Where(p => p.Length > 0 && p != ".").ToList();
            if (segments.Count == 0 || segments.Contains(".."))
            {
                return null;
            }

            var file = string.Join("/", segments.Select(Uri.EscapeDataString));
            var baseUrl = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (baseUrl.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            {
                baseUrl = baseUrl.Substring(0, baseUrl.Length - 4);
            }

            var host = uri.Host.ToLowerInvariant();
            if (host == "github.com" || host.EndsWith(".github.com", StringComparison.Ordinal) || host.EndsWith(".ghe.com", StringComparison.Ordinal))
            {
                return baseUrl + "/blob/" + commit + "/" + file + fragment;
            }

            if (host == "gitlab.com" || host.StartsWith("gitlab.", StringComparison.Ordinal))
            {
                return baseUrl + "/-/blob/" + commit + "/" + file + fragment;
            }

            if (host == "dev.azure.com" || host.EndsWith(".visualstudio.com", StringComparison.Ordinal))
            {
                return baseUrl + "?path=/" + file + "&version=GC" + commit;
            }

            if (host == "bitbucket.org")
            {
                return baseUrl + "/src/" + commit + "/" + file + fragment;
            }

            return null;
        }
    }
}
