using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Renders the handoff bundle from manifests already sorted by service: file path (with '/') to bytes.
    /// Everything is derived from the manifests' contents in a fixed order, so the bytes are stable.
    /// </summary>
    internal static class HandoffBundle
    {
        public const int IndexVersion = 1;

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        public static SortedDictionary<string, byte[]> Render(IReadOnlyList<LoadedManifest> manifests, IReadOnlyList<UnbundledService> unbundled, bool backstage, string? system)
        {
            var services = Group(manifests, unbundled);
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var manifest in manifests)
            {
                files["manifests/" + manifest.BundleFileName] = manifest.Bytes;
            }

            files["index.json"] = Utf8NoBom.GetBytes(Index(manifests, unbundled));
            files["handoff.md"] = Utf8NoBom.GetBytes(Report(services));
            if (backstage)
            {
                // A catalog entity needs an owner: a service that declares none gets no entity rather than an invented one.
                foreach (var service in services.Where(s => CatalogOwner(s) != null))
                {
                    files["backstage/" + LoadedManifest.FileSafe(service.Name) + "/catalog-info.yaml"] = Utf8NoBom.GetBytes(CatalogInfo(service, system));
                }
            }

            return files;
        }

        /// <summary>The team a Backstage entity can name as owner; null when the service declares none (or is not onboarded).</summary>
        internal static string? CatalogOwner(Service service)
            => service.Manifests.Count > 0
               && service.First["ownership"]["team"].String is string team && team.Trim().Length > 0
               && service.First["ownership"]["lifecycle"].String != null
                ? team
                : null;

        /// <summary>The manifests of one service (one per target framework), in framework order, and its frameworks the bundle has no manifest of.</summary>
        internal sealed class Service
        {
            public Service(string name)
            {
                Name = name;
            }

            public string Name { get; }

            public List<LoadedManifest> Manifests { get; } = new List<LoadedManifest>();

            public List<UnbundledService> Unbundled { get; } = new List<UnbundledService>();

            /// <summary>Ownership and handoff come from the code shared by every framework: the first manifest speaks for all.</summary>
            public JsonValue First => Manifests[0].Json;

            public bool Ready => Manifests.Count > 0 && Unbundled.Count == 0 && Manifests.All(m => m.Json["readiness"]["ready"].IsTrue);
        }

        /// <summary>The services by name, in the bundle's order.</summary>
        internal static List<Service> Group(IReadOnlyList<LoadedManifest> manifests, IReadOnlyList<UnbundledService> unbundled)
        {
            var byName = new SortedDictionary<string, Service>(Comparer<string>.Create((a, b) => ServiceOrder.Compare(a, null, b, null)));
            Service Get(string name) => byName.TryGetValue(name, out var service) ? service : byName[name] = new Service(name);
            foreach (var manifest in manifests)
            {
                Get(manifest.Name).Manifests.Add(manifest);
            }

            foreach (var service in unbundled)
            {
                Get(service.Name).Unbundled.Add(service);
            }

            return byName.Values.ToList();
        }

        // ---------------------------------------------------------------- index.json

        private static string Index(IReadOnlyList<LoadedManifest> manifests, IReadOnlyList<UnbundledService> unbundled)
        {
            var json = new JsonText().StartObject()
                .Property("bundleVersion", IndexVersion)
                .Property("schemaVersion", OwnershipManifest.SchemaVersion)
                .StartArray("services");
            // Manifests and services without one, in the bundle's one order.
            var entries = new List<(string Name, string? TargetFramework, Action<JsonText> Write)>();
            entries.AddRange(manifests.Select(m => (m.Name, m.TargetFramework, (Action<JsonText>)(j => IndexEntry(j, m)))));
            entries.AddRange(unbundled.Select(u => (u.Name, u.TargetFramework, (Action<JsonText>)(j => IndexEntry(j, u)))));
            entries.Sort((a, b) => ServiceOrder.Compare(a.Name, a.TargetFramework, b.Name, b.TargetFramework));
            foreach (var entry in entries)
            {
                entry.Write(json);
            }

            return json.EndArray().EndObject().ToString();
        }

        private static void IndexEntry(JsonText json, LoadedManifest manifest)
        {
            var m = manifest.Json;
            json.StartObject()
                .Property("name", manifest.Name)
                .Property("targetFramework", manifest.TargetFramework)
                .Property("version", m["service"]["version"].String)
                .Property("kind", m["service"]["kind"].String)
                .Property("onboarded", true)
                .Property("manifest", "manifests/" + manifest.BundleFileName);

            var ownership = m["ownership"];
            if (ownership.Kind == JsonKind.Object)
            {
                json.StartObject("owner")
                    .Property("team", ownership["team"].String)
                    .Property("contact", ownership["contact"].String)
                    .Property("onCall", ownership["onCall"].String)
                    .Property("runbook", ownership["runbook"].String)
                    .EndObject();
            }
            else
            {
                json.Null("owner");
            }

            json.Property("lifecycle", ownership["lifecycle"].String);

            var operations = m["operations"];
            if (operations.Kind == JsonKind.Object)
            {
                json.StartObject("operations")
                    .Property("team", operations["team"].String)
                    .Property("contact", operations["contact"].String)
                    .Property("since", operations["since"].String)
                    .EndObject();
            }
            else
            {
                json.Null("operations");
            }

            json.StartObject("health")
                .Property("known", Known(m))
                .Property("registered", Fact(m["health"]["registered"]))
                .Property("exposed", Fact(m["health"]["exposed"]))
                .StartArray("probes");
            foreach (var endpoint in m["health"]["endpoints"].ArrayItems)
            {
                json.StartObject()
                    .Property("path", endpoint["path"].String)
                    .Property("probe", endpoint["probe"].String)
                    .StartArray("environments");
                foreach (var environment in endpoint["environments"].ArrayItems)
                {
                    json.Value(environment.String ?? "");
                }

                json.EndArray()
                    .Property("grpc", endpoint["grpc"].IsTrue)
                    .EndObject();
            }

            json.EndArray().EndObject();

            json.StartObject("logging")
                .Property("structured", m["logging"]["structured"].IsTrue)
                .StartArray("outputs");
            foreach (var output in m["logging"]["outputs"].ArrayItems)
            {
                json.Value(output.String ?? "");
            }

            json.EndArray().EndObject();

            var ready = m["readiness"]["ready"].IsTrue;
            json.StartObject("readiness")
                .Property("ready", ready)
                .Property("reason", ready ? null : NotReadyReason(m))
                .StartArray("openRules");
            foreach (var rule in OpenRules(m))
            {
                json.Value(rule);
            }

            json.EndArray().EndObject();
            json.EndObject();
        }

        /// <summary>A service the bundle has no manifest of: what is known (name, kind, project) and that nothing else is.</summary>
        private static void IndexEntry(JsonText json, UnbundledService service)
        {
            json.StartObject()
                .Property("name", service.Name)
                .Property("targetFramework", service.TargetFramework)
                .Null("version")
                .Property("kind", service.Kind)
                .Property("onboarded", service.Reason != UnbundledService.NoPackage)
                .Property("project", service.Project)
                .Null("manifest")
                .Null("owner")
                .Null("lifecycle")
                .Null("operations")
                .Null("health")
                .Null("logging")
                .StartObject("readiness")
                .Property("ready", false)
                .Property("reason", service.Reason)
                .StartArray("openRules").EndArray()
                .EndObject()
                .EndObject();
        }

        /// <summary>Why a manifest is not ready, as the index's code: no owner, findings unknown, or open findings.</summary>
        private static string NotReadyReason(JsonValue manifest)
            => manifest["ownership"].IsNull ? "no-owner"
                : manifest["readiness"]["findings"].IsNull ? "findings-unknown"
                : "open-findings";

        /// <summary>Rule ids of warnings and errors still open, distinct and sorted.</summary>
        internal static IEnumerable<string> OpenRules(JsonValue manifest)
            => manifest["readiness"]["findings"].ArrayItems
                .Where(f => f["level"].String == "warning" || f["level"].String == "error")
                .Select(f => f["rule"].String ?? "")
                .Where(r => r.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(r => r, StringComparer.Ordinal);

        // ---------------------------------------------------------------- handoff.md

        private static string Report(List<Service> services)
        {
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
                var operations = m["operations"];
                md.Append(Md(m["service"]["kind"].String ?? "unknown")).Append(" | ")
                  .Append(Team(m["ownership"])).Append(" | ")
                  .Append(operations.IsNull ? "not handed off" : Team(operations) + Since(operations, " since ")).Append(" | ")
                  .Append(m["ownership"].IsNull ? "not declared" : Md(m["ownership"]["lifecycle"].String ?? "not declared")).Append(" | ")
                  .Append(Probes(service)).Append(" | ")
                  .Append(service.Manifests.All(x => x.Json["logging"]["structured"].IsTrue) ? "yes" : "**no**").Append(" | ")
                  .Append(service.Ready ? "yes" : "**no**").Append(" |\n");
            }

            foreach (var service in services)
            {
                md.Append('\n');
                ServiceSection(md, service);
            }

            return md.ToString();
        }

        private static void ServiceSection(StringBuilder md, Service service)
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
            md.Append("- Kind: ").Append(Md(m["service"]["kind"].String ?? "unknown"))
              .Append(", version ").Append(Md(m["service"]["version"].String ?? "unknown"));
            if (frameworks.Count > 0)
            {
                md.Append(", ").Append(Md(string.Join(", ", frameworks)));
            }

            md.Append('\n');

            var ownership = m["ownership"];
            var source = m["source"];
            if (ownership.IsNull)
            {
                md.Append("- Owner: **none declared** (add `[assembly: OpsReady.ServiceOwner(...)]`)\n");
            }
            else
            {
                md.Append("- Owner: ").Append(Team(ownership)).Append('\n');
                md.Append("  - Contact: ").Append(Value(ownership["contact"])).Append('\n');
                md.Append("  - On call: ").Append(Value(ownership["onCall"])).Append('\n');
                md.Append("- Lifecycle: ").Append(Md(ownership["lifecycle"].String ?? "not declared")).Append('\n');
            }

            var operations = m["operations"];
            if (operations.IsNull)
            {
                md.Append("- Run by: not handed off (no `[assembly: OpsReady.OperationsHandoff(...)]`): the owner runs it\n");
            }
            else
            {
                md.Append("- Run by: ").Append(Team(operations)).Append(Since(operations, " since ")).Append('\n');
                md.Append("  - Contact: ").Append(Value(operations["contact"])).Append('\n');
            }

            md.Append("- Runbook: ").Append(Runbook(ownership["runbook"].String, source["repository"].String, source["commit"].String)).Append('\n');
            var repository = source["repository"].String;
            var commit = source["commit"].String;
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

            foreach (var manifest in service.Manifests)
            {
                var suffix = service.Manifests.Count > 1 && manifest.TargetFramework != null ? " (" + Md(manifest.TargetFramework) + ")" : "";
                var j = manifest.Json;

                md.Append("### Health probes").Append(suffix).Append("\n\n");
                var endpoints = j["health"]["endpoints"].ArrayItems.ToList();
                if (endpoints.Count == 0)
                {
                    md.Append(NoEndpoint(j["health"])).Append("\n\n");
                }
                else
                {
                    md.Append("| Path | Probe | Environments | gRPC |\n|---|---|---|---|\n");
                    foreach (var endpoint in endpoints)
                    {
                        md.Append("| ").Append(endpoint["path"].String is string path ? Code(path) : "(not a constant)")
                          .Append(" | ").Append(Md(endpoint["probe"].String ?? "all checks"))
                          .Append(" | ").Append(Md(string.Join(", ", endpoint["environments"].ArrayItems.Select(e => e.String ?? ""))))
                          .Append(" | ").Append(endpoint["grpc"].IsTrue ? "yes" : "no").Append(" |\n");
                    }

                    md.Append('\n');
                }

                md.Append("### Logging").Append(suffix).Append("\n\n");
                var outputs = j["logging"]["outputs"].ArrayItems.Select(o => o.String ?? "").ToList();
                md.Append(j["logging"]["structured"].IsTrue
                    ? "Structured: " + Md(string.Join(", ", outputs)) + "."
                    : "**No structured log output applies outside Development.**");
                var limited = j["logging"]["sources"].ArrayItems
                    .Where(source => source["environments"].ArrayItems.All(e => e.String != "all"))
                    .Select(source => Md(source["output"].String ?? "") + (source["from"].String is string from ? " in " + Code(from) : "")
                        + " applies only in " + Md(string.Join(", ", source["environments"].ArrayItems.Select(e => e.String ?? ""))))
                    .ToList();
                if (limited.Count > 0)
                {
                    md.Append(" Limited to some environments: ").Append(string.Join("; ", limited)).Append('.');
                }

                md.Append("\n\n");

                md.Append("### Readiness").Append(suffix).Append("\n\n");
                ReadinessPart(md, j);

                md.Append("### Dependencies").Append(suffix).Append("\n\n");
                var dependencies = j["dependencies"].ArrayItems.ToList();
                if (dependencies.Count == 0)
                {
                    md.Append("No package ships with the service.\n\n");
                }
                else
                {
                    md.Append("| Package | Version |\n|---|---|\n");
                    foreach (var dependency in dependencies)
                    {
                        md.Append("| ").Append(Md(dependency["name"].String ?? "")).Append(" | ").Append(Md(dependency["version"].String ?? "")).Append(" |\n");
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

        private static void ReadinessPart(StringBuilder md, JsonValue manifest)
        {
            var findings = manifest["readiness"]["findings"];
            var noOwner = manifest["ownership"].IsNull;
            if (findings.IsNull)
            {
                md.Append("**Not ready**: ").Append(noOwner ? "no owner is declared, and " : "")
                  .Append("its findings are unknown: ").Append(Md(ReadinessDiagnostics.Explain(manifest["readiness"]["diagnostics"].String) ?? "")).Append(".\n\n");
                return;
            }

            var list = findings.ArrayItems.ToList();
            if (manifest["readiness"]["ready"].IsTrue)
            {
                // Only notes (info-level rules) can remain on a ready service: they inform, they do not block.
                md.Append(list.Count == 0 ? "Ready: no findings.\n\n" : "Ready. Notes (info-level findings, which do not block the handoff):\n\n");
            }
            else
            {
                md.Append("**Not ready**").Append(noOwner ? ": no owner is declared" : "").Append(list.Count == 0 ? ".\n\n" : ". Findings:\n\n");
            }

            if (list.Count == 0)
            {
                return;
            }

            md.Append("| Rule | Level | Where | Finding |\n|---|---|---|---|\n");
            foreach (var finding in list)
            {
                var where = finding["file"].String is string file
                    ? file + (finding["line"].Text is string line ? ":" + line : "")
                    : "";
                md.Append("| ").Append(Md(finding["rule"].String ?? ""))
                  .Append(" | ").Append(Md(finding["level"].String ?? ""))
                  .Append(" | ").Append(where.Length > 0 ? Code(where) : "")
                  .Append(" | ").Append(Md(finding["message"].String ?? "")).Append(" |\n");
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
        private static string NoEndpoint(JsonValue health)
        {
            if (health["known"].Kind == JsonKind.False)
            {
                return "**Not known**: the build's analysis met code it could not see into, so OpsReady does not claim that no health endpoint or check exists.";
            }

            if (!health["registered"].IsTrue)
            {
                return "No health endpoint is mapped and no health check is registered: there is nothing to probe.";
            }

            if (health["publishers"].IsTrue)
            {
                return "Health checks are registered and published (an `IHealthCheckPublisher`, or code that runs them); no health endpoint is mapped, so there is no endpoint to probe.";
            }

            return health["exposed"].Kind == JsonKind.False
                ? "Health checks are registered, but nothing exposes them (no endpoint is mapped and no publisher is registered): an operations engineer has **nothing to probe**."
                : "Health checks are registered, but no health endpoint is mapped.";
        }

        /// <summary>The manifest's health.known (true in manifests of versions before it, which claimed what they found).</summary>
        private static bool Known(JsonValue manifest) => manifest["health"]["known"].Kind != JsonKind.False;

        /// <summary>A boolean fact that may be unknown (null): copied as it is, never turned into false.</summary>
        private static bool? Fact(JsonValue value)
            => value.Kind == JsonKind.True ? true : value.Kind == JsonKind.False ? false : (bool?)null;

        private static string Probes(Service service)
        {
            var paths = service.Manifests
                .SelectMany(m => m.Json["health"]["endpoints"].ArrayItems)
                .Select(e => e["path"].String ?? "(not a constant)")
                .Distinct(StringComparer.Ordinal)
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
            if (paths.Count > 0)
            {
                return Md(string.Join(", ", paths));
            }

            return service.Manifests.Any(m => !Known(m.Json)) ? "unknown"
                : service.Manifests.Any(m => m.Json["health"]["publishers"].IsTrue) ? "published, no endpoint"
                : "**none**";
        }

        private static string Since(JsonValue operations, string prefix)
            => operations["since"].String is string since && since.Length > 0 ? prefix + Md(since) : "";

        private static string Value(JsonValue value)
            => value.String is string text && text.Trim().Length > 0 ? Link(text) ?? Md(text) : "**not declared**";

        /// <summary>A team name, or that none is declared: never a blank cell.</summary>
        private static string Team(JsonValue section)
            => section["team"].String is string team && team.Trim().Length > 0 ? Md(team) : "**none declared**";

        /// <summary>An http(s) URL as a Markdown autolink (escaping would corrupt it); null for anything else.</summary>
        private static string? Link(string text)
            => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http") && text.IndexOfAny(new[] { ' ', '<', '>', '\n', '\r' }) < 0
                ? "<" + uri.AbsoluteUri + ">"
                : null;

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

        /// <summary>Escapes text for Markdown (tables included): no value can add markup, links or rows.</summary>
        internal static string Md(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029')
                {
                    builder.Append(' ');
                }
                else if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' || c == '#' || c == '!' || c == '&' || c == '~')
                {
                    builder.Append('\\').Append(c);
                }
                else if (char.IsControl(c))
                {
                    builder.Append(' ');
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private static string Code(string text)
            => "`" + text.Replace("`", "'").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ") + "`";

        /// <summary>The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as '-', repeats numbered.</summary>
        private static string Anchor(string heading, Dictionary<string, int> seen)
        {
            var builder = new StringBuilder();
            foreach (var c in heading.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c == '-' || c == '_')
                {
                    builder.Append(c);
                }
                else if (c == ' ')
                {
                    builder.Append('-');
                }
            }

            var anchor = builder.ToString();
            if (seen.TryGetValue(anchor, out var count))
            {
                seen[anchor] = count + 1;
                return anchor + "-" + (count + 1).ToString(CultureInfo.InvariantCulture);
            }

            seen[anchor] = 0;
            return anchor;
        }

        // ---------------------------------------------------------------- backstage/<service>/catalog-info.yaml

        private static string CatalogInfo(Service service, string? system)
        {
            var m = service.First;
            var ownership = m["ownership"];
            var operations = m["operations"];
            var yaml = new StringBuilder();
            yaml.Append("apiVersion: backstage.io/v1alpha1\n");
            yaml.Append("kind: Component\n");
            yaml.Append("metadata:\n");
            yaml.Append("  name: ").Append(Yaml(EntityName(service.Name))).Append('\n');
            yaml.Append("  title: ").Append(Yaml(service.Name)).Append('\n');
            yaml.Append("  annotations:\n");
            Annotation(yaml, "opsready/ready", service.Ready ? "true" : "false");
            Annotation(yaml, "opsready/owner-contact", ownership["contact"].String);
            Annotation(yaml, "opsready/operations-team", operations["team"].String);
            Annotation(yaml, "opsready/operations-contact", operations["contact"].String);
            Annotation(yaml, "opsready/operations-since", operations["since"].String);
            Annotation(yaml, "opsready/runbook", ownership["runbook"].String);
            Annotation(yaml, "opsready/on-call", ownership["onCall"].String);
            Annotation(yaml, "opsready/source-commit", m["source"]["commit"].String);
            if (m["service"]["kind"].String is string kind && IsTag(kind))
            {
                yaml.Append("  tags:\n    - ").Append(Yaml(kind)).Append('\n');
            }

            var links = new List<(string Url, string Title, string Icon)>();
            AddLink(links, ownership["runbook"].String, "Runbook", "docs");
            AddLink(links, ownership["onCall"].String, "On call", "alert");
            AddLink(links, ownership["contact"].String, "Owner contact", "chat");
            AddLink(links, operations["contact"].String, "Operations contact", "chat");
            if (links.Count > 0)
            {
                yaml.Append("  links:\n");
                foreach (var link in links)
                {
                    yaml.Append("    - url: ").Append(Yaml(link.Url)).Append('\n')
                        .Append("      title: ").Append(Yaml(link.Title)).Append('\n')
                        .Append("      icon: ").Append(Yaml(link.Icon)).Append('\n');
                }
            }

            yaml.Append("spec:\n");
            yaml.Append("  type: service\n");
            // Written only for services whose manifest names an owner and a lifecycle (CatalogOwner): nothing is invented.
            yaml.Append("  lifecycle: ").Append(Yaml(ownership["lifecycle"].String!)).Append('\n');
            yaml.Append("  owner: ").Append(Yaml(CatalogOwner(service)!)).Append('\n');
            if (system != null)
            {
                yaml.Append("  system: ").Append(Yaml(system)).Append('\n');
            }

            return yaml.ToString();
        }

        private static void Annotation(StringBuilder yaml, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                yaml.Append("    ").Append(key).Append(": ").Append(Yaml(value!)).Append('\n');
            }
        }

        /// <summary>Links for http(s) URLs, and mailto: for e-mail addresses; rotation ids and repo paths stay annotations.</summary>
        private static void AddLink(List<(string, string, string)> links, string? value, string title, string icon)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http"))
            {
                links.Add((value!, title, icon));
            }
            else if (value!.IndexOf('@') > 0 && value.IndexOf(' ') < 0 && value.IndexOf(':') < 0 && value.IndexOf('/') < 0)
            {
                links.Add(("mailto:" + value, title, "email"));
            }
        }

        /// <summary>Backstage names: [A-Za-z0-9] at both ends, [-_.A-Za-z0-9] inside, at most 63 characters.</summary>
        internal static string EntityName(string name)
        {
            var chars = name.Select(c => c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.') ? c : '-').ToArray();
            var text = new string(chars);
            if (text.Length > 63)
            {
                text = text.Substring(0, 63);
            }

            text = text.Trim('-', '_', '.');
            return text.Length == 0 ? "service" : text;
        }

        private static bool IsTag(string text)
            => text.Length > 0 && text.Length <= 63 && text.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');

        /// <summary>
        /// A YAML double-quoted scalar: every value is quoted, so no text can become a key, a comment, a
        /// list, a boolean, a number, an anchor or a second document.
        /// </summary>
        internal static string Yaml(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\u0085': builder.Append("\\N"); break;
                    case '\u2028': builder.Append("\\L"); break;
                    case '\u2029': builder.Append("\\P"); break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            builder.Append(c).Append(value[++i]);
                        }
                        else if (char.IsSurrogate(c))
                        {
                            builder.Append("\\uFFFD");
                        }
                        else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
