using System;
using System.Collections.Generic;
using System.Linq;

namespace OpsReady.Tasks
{
    /// <summary>index.json: one entry per service and target framework, for scripts and catalogs.</summary>
    internal static class IndexRenderer
    {
        public static string Render(HandoffBundleModel bundle)
        {
            var json = new JsonText().StartObject()
                .Property("bundleVersion", HandoffBundleModel.IndexVersion)
                .Property("schemaVersion", OwnershipManifest.SchemaVersion)
                .Property("asOf", bundle.AsOf.Length > 0 ? bundle.AsOf : null)
                .StartArray("services");
            // Manifests and services without one, in the bundle's one order.
            var entries = new List<(string Name, string? TargetFramework, Action<JsonText> Write)>();
            entries.AddRange(bundle.Manifests.Select(m => (m.Name, m.TargetFramework, (Action<JsonText>)(j => Entry(j, m, bundle)))));
            entries.AddRange(bundle.Unbundled.Select(u => (u.Name, u.TargetFramework, (Action<JsonText>)(j => Entry(j, u)))));
            entries.Sort((a, b) => ServiceOrder.Compare(a.Name, a.TargetFramework, b.Name, b.TargetFramework));
            foreach (var entry in entries)
            {
                entry.Write(json);
            }

            return json.EndArray().EndObject().ToString();
        }

        private static void Entry(JsonText json, LoadedManifest loaded, HandoffBundleModel bundle)
        {
            var m = loaded.Manifest;
            json.StartObject()
                .Property("name", loaded.Name)
                .Property("targetFramework", loaded.TargetFramework)
                .Property("version", m.Service.Version)
                .Property("kind", m.Service.Kind)
                .Property("onboarded", true)
                .Property("manifest", "manifests/" + loaded.BundleFileName);

            // The index is its own contract (bundleVersion): it writes its own fields rather than the manifest's
            // sections, so a field added to a manifest section does not change the index unasked.
            if (m.Ownership is OwnershipSection ownership)
            {
                json.StartObject("owner")
                    .Property("team", ownership.Team)
                    .Property("contact", ownership.Contact)
                    .Property("onCall", ownership.OnCall)
                    .Property("runbook", ownership.Runbook)
                    .Property("tier", ownership.Tier)
                    .EndObject();
            }
            else
            {
                json.Null("owner");
            }

            json.Property("lifecycle", m.Ownership?.Lifecycle);

            if (m.Operations is OperationsSection operations)
            {
                json.StartObject("operations")
                    .Property("team", operations.Team)
                    .Property("contact", operations.Contact)
                    .Property("since", operations.Since)
                    .EndObject();
            }
            else
            {
                json.Null("operations");
            }

            json.StartObject("health")
                .Property("known", m.Health.Known)
                .Property("registered", m.Health.Registered)
                .Property("exposed", m.Health.Exposed)
                .StartArray("probes");
            foreach (var endpoint in m.Health.Endpoints)
            {
                json.StartObject()
                    .Property("path", endpoint.Path)
                    .Property("probe", endpoint.Probe)
                    .StartArray("environments");
                foreach (var environment in endpoint.Environments)
                {
                    json.Value(environment);
                }

                json.EndArray()
                    .Property("grpc", endpoint.Grpc)
                    .EndObject();
            }

            json.EndArray().EndObject();

            json.StartObject("logging")
                .Property("structured", m.Logging.Structured)
                .StartArray("outputs");
            foreach (var output in m.Logging.Outputs)
            {
                json.Value(output);
            }

            json.EndArray().EndObject();

            // Support judged on the bundle's date (asOf); the manifest holds only the dated facts.
            if (m.Runtime is RuntimeSection runtime)
            {
                json.StartObject("runtime")
                    .Property("framework", runtime.Framework)
                    .Property("supportEnds", runtime.SupportEnds)
                    .Property("status", bundle.RuntimeStatus(m))
                    .EndObject();
            }
            else
            {
                json.Null("runtime");
            }

            // null: not checked (no audit is known to have run); a count of 0: checked, none found.
            if (m.Vulnerabilities is List<PackageVulnerability> vulnerabilities)
            {
                json.StartObject("vulnerabilities")
                    .Property("count", vulnerabilities.Count)
                    .Property("worst", HandoffBundleModel.WorstVulnerability(m))
                    .EndObject();
            }
            else
            {
                json.Null("vulnerabilities");
            }

            var ready = m.Readiness.Ready;
            json.StartObject("readiness")
                .Property("ready", ready)
                .Property("reason", ready ? null : HandoffBundleModel.NotReadyReason(m))
                .StartArray("openRules");
            foreach (var rule in HandoffBundleModel.OpenRules(m))
            {
                json.Value(rule);
            }

            json.EndArray().EndObject();
            json.EndObject();
        }

        /// <summary>A service the bundle has no manifest of: what is known (name, kind, project) and that nothing else is.</summary>
        private static void Entry(JsonText json, UnbundledService service)
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
                .Null("runtime")
                .Null("vulnerabilities")
                .StartObject("readiness")
                .Property("ready", false)
                .Property("reason", service.Reason)
                .StartArray("openRules").EndArray()
                .EndObject()
                .EndObject();
        }
    }
}
