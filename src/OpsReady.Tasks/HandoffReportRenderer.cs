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
            PatchingSummary(md, bundle);

            md.Append("| Service | Kind | Owner | Run by | Lifecycle | Probes | Structured logs | Ready | Runtime | Vulnerabilities |\n");
            md.Append("|---|---|---|---|---|---|---|---|---|---|\n");
            var anchors = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var service in services)
            {
                var anchor = Anchor(service.Name, anchors);
                md.Append("| [").Append(Md(service.Name)).Append("](#").Append(anchor).Append(") | ");
                if (service.Manifests.Count == 0)
                {
                    var unbundled = service.Unbundled[0];
                    md.Append(Md(unbundled.Kind ?? "unknown")).Append(" | unknown | unknown | unknown | unknown | unknown | **no** (")
                      .Append(unbundled.Reason == UnbundledService.ManifestOff ? "manifest turned off" : "not onboarded").Append(") | unknown | unknown |\n");
                    continue;
                }

                var m = service.First;
                md.Append(Md(m.Service.Kind ?? "unknown")).Append(" | ")
                  .Append(Team(m.Ownership?.Team)).Append(" | ")
                  .Append(m.Operations is OperationsSection operations ? Team(operations.Team) + Since(operations, " since ") : "not handed off").Append(" | ")
                  .Append(m.Ownership == null ? "not declared" : Md(m.Ownership.Lifecycle ?? "not declared")).Append(" | ")
                  .Append(Probes(service)).Append(" | ")
                  .Append(service.Manifests.All(x => x.Manifest.Logging.Structured) ? "yes" : "**no**").Append(" | ")
                  .Append(service.Ready ? "yes" : "**no**").Append(" | ")
                  .Append(RuntimeColumn(service, bundle)).Append(" | ")
                  .Append(VulnerabilityColumn(service)).Append(" |\n");
            }

            foreach (var service in services)
            {
                md.Append('\n');
                ServiceSection(md, service, bundle);
            }

            return md.ToString();
        }

        private static void ServiceSection(StringBuilder md, BundledService service, HandoffBundleModel bundle)
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
                md.Append("- Tier: ").Append(ownership.Tier is int tier
                    ? tier.ToString(CultureInfo.InvariantCulture) + (tier == OpsReady.Contract.AttributeNames.ServiceOwner.MostCriticalTier ? " (most critical)" : "")
                    : "not declared").Append('\n');
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

                md.Append("### Patching").Append(suffix).Append("\n\n");
                PatchingPart(md, manifest, bundle);

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

        /// <summary>What needs patching across the bundle, on its reference date: said only when something does.</summary>
        private static void PatchingSummary(StringBuilder md, HandoffBundleModel bundle)
        {
            var onboarded = bundle.Services.Where(s => s.Manifests.Count > 0).ToList();
            var ended = onboarded.Count(s => s.Manifests.Any(m => bundle.RuntimeStatus(m.Manifest) == OpsReady.Contract.RuntimeSupport.Ended));
            var ending = onboarded.Count(s => s.Manifests.Any(m => bundle.RuntimeStatus(m.Manifest) == OpsReady.Contract.RuntimeSupport.Ending));
            var vulnerable = onboarded.Count(s => s.Manifests.Any(m => m.Manifest.Vulnerabilities?.Count > 0));
            var notChecked = onboarded.Count(s => s.Manifests.Any(m => m.Manifest.Vulnerabilities == null));
            var parts = new List<string>();
            if (ended > 0)
            {
                parts.Add(Count(ended) + " on a .NET version past its end of support");
            }

            if (ending > 0)
            {
                parts.Add(Count(ending) + " on a .NET version whose support ends within " + bundle.WarningDays.ToString(CultureInfo.InvariantCulture) + " days");
            }

            if (vulnerable > 0)
            {
                parts.Add(Count(vulnerable) + " shipping packages with known vulnerabilities");
            }

            if (notChecked > 0)
            {
                parts.Add(Count(notChecked) + " whose packages were not checked for vulnerabilities");
            }

            if (parts.Count == 0)
            {
                return;
            }

            md.Append("Patching");
            if (bundle.AsOf.Length > 0)
            {
                md.Append(" as of ").Append(bundle.AsOf);
            }

            md.Append(": ").Append(string.Join("; ", parts)).Append(".\n\n");

            static string Count(int services) => services.ToString(CultureInfo.InvariantCulture) + (services == 1 ? " service" : " services");
        }

        /// <summary>
        /// The service's least supported runtime on the bundle's date (ended, ending, supported, unknown), with the
        /// frameworks it concerns when the service has several and they differ.
        /// </summary>
        private static string RuntimeColumn(BundledService service, HandoffBundleModel bundle)
        {
            var statuses = service.Manifests.Select(m => (m.TargetFramework, Status: bundle.RuntimeStatus(m.Manifest))).ToList();
            var order = new[] { OpsReady.Contract.RuntimeSupport.Ended, OpsReady.Contract.RuntimeSupport.Ending, OpsReady.Contract.RuntimeSupport.Unknown, OpsReady.Contract.RuntimeSupport.Supported };
            var worst = order.First(o => statuses.Any(s => s.Status == o));
            var text = worst == OpsReady.Contract.RuntimeSupport.Ended ? "**support ended**"
                : worst == OpsReady.Contract.RuntimeSupport.Ending ? "support ending"
                : worst;
            var which = statuses.Where(s => s.Status == worst && s.TargetFramework != null).Select(s => s.TargetFramework!).ToList();
            return statuses.Select(s => s.Status).Distinct().Count() > 1 && which.Count > 0
                ? text + " (" + Md(string.Join(", ", which)) + ")"
                : text;
        }

        /// <summary>The worst known vulnerability and how many there are; "not checked" when any framework's packages were not.</summary>
        private static string VulnerabilityColumn(BundledService service)
        {
            if (service.Manifests.Any(m => m.Manifest.Vulnerabilities == null))
            {
                return "not checked";
            }

            var all = service.Manifests.SelectMany(m => m.Manifest.Vulnerabilities!)
                .Select(v => v.Package + "@" + v.Version + " " + v.Advisory)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Count();
            if (all == 0)
            {
                return "none";
            }

            var worst = service.Manifests.Select(m => HandoffBundleModel.WorstVulnerability(m.Manifest))
                .OrderByDescending(OpsReady.Contract.VulnerabilitySeverity.Rank)
                .First();
            return "**" + Md(worst ?? "unknown") + "** (" + all.ToString(CultureInfo.InvariantCulture) + ")";
        }

        /// <summary>The runtime's support on the bundle's date and the known vulnerabilities of what ships, each as known.</summary>
        private static void PatchingPart(StringBuilder md, OwnershipManifest manifest, HandoffBundleModel bundle)
        {
            md.Append("- Runtime: ");
            var runtime = manifest.Runtime;
            if (runtime?.Framework == null)
            {
                md.Append("not recorded in the manifest");
            }
            else if (runtime.SupportEnds == null)
            {
                md.Append(Md(runtime.Framework)).Append(", not in OpsReady's .NET support table: support not known");
            }
            else
            {
                var ends = Md(runtime.SupportEnds);
                var days = OpsReady.Contract.RuntimeSupport.DaysLeft(runtime.SupportEnds, bundle.AsOf);
                md.Append(Md(runtime.Framework)).Append(", ");
                switch (bundle.RuntimeStatus(manifest))
                {
                    case OpsReady.Contract.RuntimeSupport.Ended:
                        md.Append("**support ended on ").Append(ends).Append("**: it gets no more security fixes (OPS400)");
                        break;
                    case OpsReady.Contract.RuntimeSupport.Ending:
                        md.Append("support ends on ").Append(ends).Append(", in ").Append(Days(days)).Append(" (OPS401)");
                        break;
                    case OpsReady.Contract.RuntimeSupport.Supported:
                        md.Append("supported until ").Append(ends);
                        break;
                    default:
                        md.Append("support ends on ").Append(ends).Append(" (not judged: the bundle's reference date is not known)");
                        break;
                }
            }

            md.Append('\n');
            md.Append("- Shipped packages: ").Append(manifest.Dependencies.Count == 0 ? "none" : manifest.Dependencies.Count.ToString(CultureInfo.InvariantCulture) + " (listed under Dependencies)").Append('\n');
            var vulnerabilities = manifest.Vulnerabilities;
            if (vulnerabilities == null)
            {
                md.Append("- Known vulnerabilities: **not checked**: no NuGet audit is known to have run for this build (see the manifest's `vulnerabilities`)\n\n");
                return;
            }

            if (vulnerabilities.Count == 0)
            {
                md.Append("- Known vulnerabilities: none found by NuGet audit in the packages it ships\n\n");
                return;
            }

            md.Append("- Known vulnerabilities: ").Append(vulnerabilities.Count.ToString(CultureInfo.InvariantCulture))
              .Append(" reported by NuGet audit (OPS402):\n\n");
            md.Append("| Package | Version | Severity | Advisory |\n|---|---|---|---|\n");
            foreach (var vulnerability in vulnerabilities)
            {
                md.Append("| ").Append(Md(vulnerability.Package))
                  .Append(" | ").Append(Md(vulnerability.Version))
                  .Append(" | ").Append(Md(vulnerability.Severity))
                  .Append(" | ").Append(vulnerability.Advisory is string advisory ? Link(advisory) ?? Md(advisory) : "not given")
                  .Append(" |\n");
            }

            md.Append('\n');

            static string Days(int? count) => count == 1 ? "1 day" : (count ?? 0).ToString(CultureInfo.InvariantCulture) + " days";
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
