using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>backstage/&lt;service&gt;/catalog-info.yaml: a Backstage Component entity per service that declares an owner.</summary>
    internal static class BackstageRenderer
    {
        /// <summary>The entity of a service whose manifest names an owner and a lifecycle (<see cref="BundledService.CatalogOwner"/>): nothing is invented.</summary>
        public static string Render(BundledService service, string? system)
        {
            var m = service.First;
            var owner = service.CatalogOwner ?? throw new InvalidOperationException("Service '" + service.Name + "' has no owner to name in a catalog entity.");
            var ownership = m.Ownership!;
            var operations = m.Operations;
            var yaml = new StringBuilder();
            yaml.Append("apiVersion: backstage.io/v1alpha1\n");
            yaml.Append("kind: Component\n");
            yaml.Append("metadata:\n");
            yaml.Append("  name: ").Append(YamlText.Quote(EntityName(service.Name))).Append('\n');
            yaml.Append("  title: ").Append(YamlText.Quote(service.Name)).Append('\n');
            yaml.Append("  annotations:\n");
            Annotation(yaml, "opsready/ready", service.Ready ? "true" : "false");
            Annotation(yaml, "opsready/owner-contact", ownership.Contact);
            Annotation(yaml, "opsready/operations-team", operations?.Team);
            Annotation(yaml, "opsready/operations-contact", operations?.Contact);
            Annotation(yaml, "opsready/operations-since", operations?.Since);
            Annotation(yaml, "opsready/runbook", ownership.Runbook);
            Annotation(yaml, "opsready/on-call", ownership.OnCall);
            Annotation(yaml, "opsready/tier", ownership.Tier?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (CatalogLifecycle(ownership.Lifecycle!) != ownership.Lifecycle)
            {
                Annotation(yaml, "opsready/lifecycle", ownership.Lifecycle);
            }
            Annotation(yaml, "opsready/source-commit", m.Source.Commit);
            if (m.Service.Kind is string kind && IsTag(kind))
            {
                yaml.Append("  tags:\n    - ").Append(YamlText.Quote(kind)).Append('\n');
            }

            var links = new List<(string Url, string Title, string Icon)>();
            AddLink(links, ownership.Runbook, "Runbook", "docs");
            AddLink(links, ownership.OnCall, "On call", "alert");
            AddLink(links, ownership.Contact, "Owner contact", "chat");
            AddLink(links, operations?.Contact, "Operations contact", "chat");
            if (links.Count > 0)
            {
                yaml.Append("  links:\n");
                foreach (var link in links)
                {
                    yaml.Append("    - url: ").Append(YamlText.Quote(link.Url)).Append('\n')
                        .Append("      title: ").Append(YamlText.Quote(link.Title)).Append('\n')
                        .Append("      icon: ").Append(YamlText.Quote(link.Icon)).Append('\n');
                }
            }

            yaml.Append("spec:\n");
            yaml.Append("  type: service\n");
            yaml.Append("  lifecycle: ").Append(YamlText.Quote(CatalogLifecycle(ownership.Lifecycle!))).Append('\n');
            // An entity reference to a group ("group:payments-team"), as the catalog resolves owners; a team name that is not
            // a valid entity name is written as declared rather than rewritten into another team.
            yaml.Append("  owner: ").Append(YamlText.Quote(EntityName(owner) == owner ? "group:" + owner : owner)).Append('\n');
            if (system != null)
            {
                yaml.Append("  system: ").Append(YamlText.Quote(system)).Append('\n');
            }

            return yaml.ToString();
        }

        /// <summary>
        /// Backstage documents experimental, production and deprecated: a service in maintenance is in production for the
        /// catalog, and its opsready/lifecycle annotation keeps the manifest's value. Any other value is written as it is.
        /// </summary>
        private static string CatalogLifecycle(string lifecycle)
            => lifecycle == OpsReady.Contract.ServiceLifecycles.ManifestName((int)OpsReady.Contract.ServiceLifecycle.Maintenance)
                ? OpsReady.Contract.ServiceLifecycles.ManifestName((int)OpsReady.Contract.ServiceLifecycle.Production)
                : lifecycle;

        private static void Annotation(StringBuilder yaml, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                yaml.Append("    ").Append(key).Append(": ").Append(YamlText.Quote(value!)).Append('\n');
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
        /// <summary>
        /// The bundle's Location entity (backstage/catalog-info.yaml): every component file, relative to it, so a catalog
        /// registers one URL for all the services. Named after the system when one is set, else after the repository the
        /// manifests were built from, so two bundles registered in one catalog do not clash.
        /// </summary>
        public static string RenderLocation(IEnumerable<string> componentFiles, string? system, string? repository)
        {
            var yaml = new StringBuilder();
            yaml.Append("apiVersion: backstage.io/v1alpha1\n");
            yaml.Append("kind: Location\n");
            yaml.Append("metadata:\n");
            yaml.Append("  name: ").Append(YamlText.Quote(EntityName("opsready-" + (system ?? RepositoryName(repository) ?? "handoff")))).Append('\n');
            yaml.Append("  description: ").Append(YamlText.Quote("The services of an OpsReady handoff bundle")).Append('\n');
            yaml.Append("spec:\n");
            yaml.Append("  targets:\n");
            foreach (var file in componentFiles)
            {
                yaml.Append("    - ").Append(YamlText.Quote("./" + file)).Append('\n');
            }

            return yaml.ToString();
        }

        /// <summary>"contoso-services" for https://github.com/contoso/services.git; null when there is no URL.</summary>
        private static string? RepositoryName(string? repository)
        {
            if (repository == null || !Uri.TryCreate(repository, UriKind.Absolute, out var uri))
            {
                return null;
            }

            var path = uri.AbsolutePath.Trim('/');
            if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            {
                path = path.Substring(0, path.Length - 4);
            }

            return path.Length == 0 ? null : path.Replace('/', '-');
        }

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
    }
}
