using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>
    /// The handoff bundle before it is rendered: the manifests (already free of conflicts and duplicates) and the
    /// services without one, in the bundle's one order, grouped by service. Every renderer reads this, so they
    /// cannot disagree about which services there are or whether one is ready.
    /// </summary>
    internal sealed class HandoffBundleModel
    {
        public const int IndexVersion = 1;

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <param name="asOf">The bundle's reference date (ISO), against which it judges runtime support; "" when not known.</param>
        /// <param name="warningDays">How many days before the end of support a runtime is "ending".</param>
        public HandoffBundleModel(IEnumerable<LoadedManifest> manifests, IEnumerable<UnbundledService> unbundled, string asOf, int warningDays)
        {
            AsOf = asOf;
            WarningDays = warningDays;
            Manifests = manifests.OrderBy(m => m, Comparer<LoadedManifest>.Create(LoadedManifest.Compare)).ToList();
            Unbundled = unbundled.OrderBy(u => u, Comparer<UnbundledService>.Create((a, b) => ServiceOrder.Compare(a.Name, a.TargetFramework, b.Name, b.TargetFramework))).ToList();
            var byName = new SortedDictionary<string, BundledService>(Comparer<string>.Create((a, b) => ServiceOrder.Compare(a, null, b, null)));
            BundledService Get(string name) => byName.TryGetValue(name, out var service) ? service : byName[name] = new BundledService(name);
            foreach (var manifest in Manifests)
            {
                Get(manifest.Name).Manifests.Add(manifest);
            }

            foreach (var service in Unbundled)
            {
                Get(service.Name).Unbundled.Add(service);
            }

            Services = byName.Values.ToList();
        }

        /// <summary>The reference date runtime support is judged against (ISO); "" when OpsReadyAsOf was not a date.</summary>
        public string AsOf { get; }

        public int WarningDays { get; }

        /// <summary>One per service and target framework, in the bundle's order.</summary>
        public IReadOnlyList<LoadedManifest> Manifests { get; }

        public IReadOnlyList<UnbundledService> Unbundled { get; }

        /// <summary>The services by name, in the bundle's order.</summary>
        public IReadOnlyList<BundledService> Services { get; }

        /// <summary>Every file of the bundle: path (with '/') to bytes. The manifests are copied verbatim.</summary>
        public SortedDictionary<string, byte[]> Render(bool backstage, string? system)
        {
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var manifest in Manifests)
            {
                files["manifests/" + manifest.BundleFileName] = manifest.Bytes;
                // Rendered from the manifest by the one SBOM renderer: the same bytes the service's build wrote beside it.
                files["sbom/" + SbomRenderer.FileNameFor(manifest.BundleFileName)] = Utf8NoBom.GetBytes(SbomRenderer.Render(manifest.Manifest));
            }

            files["index.json"] = Utf8NoBom.GetBytes(IndexRenderer.Render(this));
            files["handoff.md"] = Utf8NoBom.GetBytes(HandoffReportRenderer.Render(this));
            if (backstage)
            {
                // A catalog entity needs an owner: a service that declares none gets no entity rather than an invented one.
                var components = new List<string>();
                foreach (var service in Services.Where(s => s.CatalogOwner != null))
                {
                    var file = LoadedManifest.FileSafe(service.Name) + "/catalog-info.yaml";
                    files["backstage/" + file] = Utf8NoBom.GetBytes(BackstageRenderer.Render(service, system));
                    components.Add(file);
                }

                if (components.Count > 0)
                {
                    var repository = Manifests.Select(m => m.Manifest.Source.Repository).FirstOrDefault(r => r != null);
                    files["backstage/catalog-info.yaml"] = Utf8NoBom.GetBytes(BackstageRenderer.RenderLocation(components, system, repository));
                }
            }

            return files;
        }

        /// <summary>
        /// Whether the manifest's runtime still gets fixes on the bundle's reference date (ended, ending, supported), or
        /// unknown: the manifest records the facts (framework, supportEnds), the bundle judges them.
        /// </summary>
        public string RuntimeStatus(OwnershipManifest manifest)
            => OpsReady.Contract.RuntimeSupport.Judge(manifest.Runtime?.SupportEnds, AsOf, WarningDays);

        /// <summary>The highest severity among the manifest's known vulnerabilities; null when there are none or they were not checked.</summary>
        public static string? WorstVulnerability(OwnershipManifest manifest)
            => manifest.Vulnerabilities?
                .Select(v => v.Severity)
                .OrderByDescending(OpsReady.Contract.VulnerabilitySeverity.Rank)
                .FirstOrDefault();

        /// <summary>Why a manifest is not ready, as the index's code: no owner, findings unknown, or open findings.</summary>
        public static string NotReadyReason(OwnershipManifest manifest)
            => manifest.Ownership == null ? "no-owner"
                : manifest.Readiness.Findings == null ? "findings-unknown"
                : "open-findings";

        /// <summary>Rule ids of warnings and errors still open, distinct and sorted.</summary>
        public static IEnumerable<string> OpenRules(OwnershipManifest manifest)
            => (manifest.Readiness.Findings ?? new List<ReadinessFinding>())
                .Where(f => f.IsOpen && f.Rule.Length > 0)
                .Select(f => f.Rule)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(r => r, StringComparer.Ordinal);
    }

    /// <summary>The manifests of one service (one per target framework), in framework order, and its frameworks the bundle has no manifest of.</summary>
    internal sealed class BundledService
    {
        public BundledService(string name)
        {
            Name = name;
        }

        public string Name { get; }

        public List<LoadedManifest> Manifests { get; } = new List<LoadedManifest>();

        public List<UnbundledService> Unbundled { get; } = new List<UnbundledService>();

        /// <summary>Ownership and handoff come from the code shared by every framework: the first manifest speaks for all.</summary>
        public OwnershipManifest First => Manifests[0].Manifest;

        public bool Ready => Manifests.Count > 0 && Unbundled.Count == 0 && Manifests.All(m => m.Manifest.Readiness.Ready);

        /// <summary>The team a Backstage entity can name as owner; null when the service declares none (or is not onboarded).</summary>
        public string? CatalogOwner
            => Manifests.Count > 0
               && First.Ownership is { Team: string team, Lifecycle: not null } && team.Trim().Length > 0
                ? team
                : null;
    }
}
