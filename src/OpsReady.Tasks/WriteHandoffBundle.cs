using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Gathers ownership manifests into the handoff bundle: index.json, handoff.md, a copy of every
    /// manifest, and (on request) a Backstage catalog-info.yaml per service. The bundle depends only on
    /// the manifests' contents, never on their file names or folders, so the manifests of one build and
    /// the same manifests uploaded by many CI jobs give the same bytes.
    /// Messages: OPSB110 unreadable manifest, OPSB111 duplicate manifest (warning), OPSB112 conflicting
    /// manifests, OPSB113 mixed schema versions, OPSB114 unsupported schema version, OPSB115 no manifests
    /// (warning), OPSB116 the bundle could not be written, OPSB117 two service names give one file name,
    /// OPSB118 a referenced service does not reference the package, OPSB119 a referenced service turns its manifest
    /// off, OPSB120 no Backstage entity for a service without an owner (warnings), OPSB130/OPSB131 OpsReadyAsOf or
    /// OpsReadySupportWarningDays is not a date or a number of days (warnings).
    /// </summary>
    public sealed class WriteHandoffBundle : Task
    {
        /// <summary>The manifest files (from OpsReadyGetManifest, or a folder of uploaded manifests).</summary>
        [Required]
        public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string BundleDirectory { get; set; } = "";

        /// <summary>Also write backstage/&lt;service&gt;/catalog-info.yaml.</summary>
        public bool Backstage { get; set; }

        /// <summary>spec.system of every Backstage component; omitted when empty.</summary>
        public string? BackstageSystem { get; set; }

        /// <summary>
        /// Referenced services the bundle gets no manifest from (OpsReadyDescribeProject): metadata AssemblyName,
        /// TargetFramework, ServiceKind, Reason ("package": no OpsReady package; "manifest-off": OpsReadyManifest=false).
        /// </summary>
        public ITaskItem[] UnbundledServices { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The bundle project's folder: project paths in the bundle are relative to it, never machine paths.</summary>
        public string? ProjectDirectory { get; set; }

        /// <summary>Every file of the bundle (for FileWrites).</summary>
        [Output]
        public ITaskItem[] BundleFiles { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>$(OpsReadyAsOf): the date runtime support is judged against in index.json and handoff.md; empty means today (UTC).</summary>
        public string? AsOf { get; set; }

        /// <summary>$(OpsReadySupportWarningDays); empty means the default (180).</summary>
        public string? SupportWarningDays { get; set; }

        /// <summary>The schemaVersion this version reads, as a manifest writes it.</summary>
        private static readonly string SupportedSchemaVersion = OwnershipManifest.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override bool Execute()
        {
            var loaded = new List<LoadedManifest>();
            foreach (var path in Manifests.Select(m => m.GetMetadata("FullPath")).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal))
            {
                try
                {
                    var bytes = File.ReadAllBytes(path);
                    var json = JsonReader.Parse(new System.Text.UTF8Encoding(false, true).GetString(bytes));
                    var schemaVersion = ManifestFormat.SchemaVersionOf(json);
                    if (schemaVersion == null)
                    {
                        Log.LogError(null, "OPSB110", null, path, 0, 0, 0, 0,
                            "OpsReady cannot use '{0}' in the handoff bundle: it is not an ownership manifest (no schemaVersion or service.name).", path);
                        continue;
                    }

                    // A manifest of another version is only named here (OPSB113/OPSB114 stop the bundle): its fields may mean other things.
                    var manifest = schemaVersion == SupportedSchemaVersion ? ManifestFormat.Read(json) : ManifestFormat.ReadIdentity(json);
                    loaded.Add(new LoadedManifest(path, bytes, schemaVersion, manifest));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonReaderException || e is ManifestFormatException || e is System.Text.DecoderFallbackException)
                {
                    Log.LogError(null, "OPSB110", null, path, 0, 0, 0, 0, "OpsReady cannot read the manifest '{0}': {1}", path, e.Message);
                }
            }

            var versions = loaded.GroupBy(m => m.SchemaVersion, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (versions.Count > 1)
            {
                Log.LogError(null, "OPSB113", null, null, 0, 0, 0, 0,
                    "OpsReady cannot bundle manifests of different schema versions ({0}): build every service with the same OpsReady version.",
                    string.Join("; ", versions.Select(g => "schemaVersion " + g.Key + ": " + string.Join(", ", g.Select(m => m.Path)))));
            }
            else if (versions.Count == 1 && versions[0].Key != SupportedSchemaVersion)
            {
                Log.LogError(null, "OPSB114", null, versions[0].First().Path, 0, 0, 0, 0,
                    "OpsReady reads manifests of schemaVersion {0}, but '{1}' has schemaVersion {2}: use the same OpsReady version for the services and the bundle.",
                    OwnershipManifest.SchemaVersion, versions[0].First().Path, versions[0].Key);
            }

            var services = new List<LoadedManifest>();
            foreach (var group in loaded.GroupBy(m => m.Key, StringComparer.Ordinal))
            {
                var copies = group.ToList();
                if (copies.Any(c => !c.Bytes.SequenceEqual(copies[0].Bytes)))
                {
                    Log.LogError(null, "OPSB112", null, copies[0].Path, 0, 0, 0, 0,
                        "OpsReady found conflicting manifests for service '{0}': {1} differ. Each service and target framework must come from exactly one build.",
                        copies[0].DisplayName, string.Join(", ", copies.Select(c => "'" + c.Path + "'")));
                    continue;
                }

                if (copies.Count > 1)
                {
                    Log.LogWarning(null, "OPSB111", null, copies[1].Path, 0, 0, 0, 0,
                        "OpsReady found the manifest of service '{0}' more than once (identical: {1}); the bundle lists it once.",
                        copies[0].DisplayName, string.Join(", ", copies.Select(c => "'" + c.Path + "'")));
                }

                services.Add(copies[0]);
            }

            // Names that only differ in characters a file name cannot hold would share a bundle file.
            foreach (var clash in services.GroupBy(m => LoadedManifest.FileSafe(m.Name), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() > 1))
            {
                Log.LogError(null, "OPSB117", null, null, 0, 0, 0, 0,
                    "OpsReady cannot bundle services {0}: their names give the same bundle file name '{1}'.",
                    string.Join(", ", clash.Select(m => "'" + m.Name + "'").Distinct(StringComparer.Ordinal)), clash.Key);
            }

            if (Log.HasLoggedErrors)
            {
                return false;
            }

            var unbundled = ReadUnbundled();
            if (services.Count == 0 && unbundled.Count == 0)
            {
                Log.LogWarning(null, "OPSB115", null, null, 0, 0, 0, 0,
                    "OpsReady found no ownership manifest to bundle: no referenced project is a service that references the OpsReady package.");
            }

            var asOf = PatchSettings.ReadAsOf(AsOf, Log, ProjectDirectory, "the bundle does not judge runtime support (its status is unknown)");
            var warningDays = PatchSettings.ReadWarningDays(SupportWarningDays, Log, ProjectDirectory);
            var bundle = new HandoffBundleModel(services, unbundled, asOf, warningDays);
            if (Backstage)
            {
                foreach (var service in bundle.Services.Where(s => s.Manifests.Count > 0 && s.CatalogOwner == null))
                {
                    Log.LogWarning(null, "OPSB120", null, service.Manifests[0].Path, 0, 0, 0, 0,
                        "OpsReady wrote no Backstage entity for service '{0}': it declares no owning team, and a catalog entity needs one (OpsReady does not invent it). Add [assembly: OpsReady.ServiceOwner(...)].",
                        service.Name);
                }
            }

            var files = bundle.Render(Backstage, string.IsNullOrWhiteSpace(BackstageSystem) ? null : BackstageSystem!.Trim());
            return Write(files);
        }

        /// <summary>One entry per service project and framework the bundle has no manifest of, each project announced by a warning.</summary>
        private List<UnbundledService> ReadUnbundled()
        {
            var unbundled = new List<UnbundledService>();
            var announced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in UnbundledServices
                .GroupBy(i => i.GetMetadata("FullPath") + "\0" + i.GetMetadata("TargetFramework"), StringComparer.Ordinal)
                .Select(g => g.First()))
            {
                var path = item.GetMetadata("FullPath");
                var name = item.GetMetadata("AssemblyName");
                var service = new UnbundledService(
                    name.Length > 0 ? name : Path.GetFileNameWithoutExtension(path),
                    item.GetMetadata("TargetFramework") is { Length: > 0 } tfm ? tfm : null,
                    item.GetMetadata("ServiceKind") is { Length: > 0 } kind ? kind : null,
                    RelativeProjectPath(path),
                    item.GetMetadata("Reason") == "manifest-off" ? UnbundledService.ManifestOff : UnbundledService.NoPackage);
                unbundled.Add(service);
                if (!announced.Add(path))
                {
                    continue;
                }

                if (service.Reason == UnbundledService.ManifestOff)
                {
                    Log.LogWarning(null, "OPSB119", null, path, 0, 0, 0, 0,
                        "Service '{0}' sets OpsReadyManifest=false: it has no ownership manifest, so the handoff bundle lists it as not ready. Remove OpsReadyManifest=false, or remove the project from the bundle's references.",
                        service.Name);
                }
                else
                {
                    Log.LogWarning(null, "OPSB118", null, path, 0, 0, 0, 0,
                        "Service '{0}' ({1}) does not reference the OpsReady package: it has no ownership manifest, so the handoff bundle lists it as not onboarded. Add <PackageReference Include=\"OpsReady\" PrivateAssets=\"all\" /> to it (or to Directory.Build.props).",
                        service.Name, service.Kind ?? "service");
                }
            }

            return unbundled;
        }

        /// <summary>The project relative to the bundle project's folder, with '/' separators.</summary>
        private string RelativeProjectPath(string path)
        {
            if (string.IsNullOrEmpty(ProjectDirectory))
            {
                return Path.GetFileName(path);
            }

            var from = new Uri(Path.GetFullPath(ProjectDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar);
            return Uri.UnescapeDataString(from.MakeRelativeUri(new Uri(Path.GetFullPath(path))).ToString()).Replace('\\', '/');
        }

        private bool Write(SortedDictionary<string, byte[]> files)
        {
            var written = new List<ITaskItem>();
            try
            {
                foreach (var file in files)
                {
                    var path = Path.Combine(BundleDirectory, file.Key.Replace('/', Path.DirectorySeparatorChar));
                    ManifestFormat.WriteIfChanged(path, file.Value);

                    written.Add(new TaskItem(Path.GetFullPath(path)));
                }

                RemoveStaleFiles(files);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                Log.LogError(null, "OPSB116", null, BundleDirectory, 0, 0, 0, 0, "OpsReady could not write the handoff bundle in '{0}': {1}", BundleDirectory, e.Message);
                return false;
            }

            BundleFiles = written.ToArray();
            Log.LogMessage(MessageImportance.Normal, "OpsReady wrote the handoff bundle of {0} service manifest(s) to '{1}'.", files.Keys.Count(k => k.StartsWith("manifests/", StringComparison.Ordinal)), BundleDirectory);
            return true;
        }

        /// <summary>Removes manifests and catalog files of services no longer in the bundle; touches nothing else in the folder.</summary>
        private void RemoveStaleFiles(SortedDictionary<string, byte[]> files)
        {
            var manifests = Path.Combine(BundleDirectory, "manifests");
            if (Directory.Exists(manifests))
            {
                foreach (var file in Directory.GetFiles(manifests, "*.ownership.json"))
                {
                    if (!files.ContainsKey("manifests/" + Path.GetFileName(file)))
                    {
                        File.Delete(file);
                    }
                }
            }

            var backstage = Path.Combine(BundleDirectory, "backstage");
            if (Directory.Exists(backstage))
            {
                foreach (var folder in Directory.GetDirectories(backstage))
                {
                    var catalog = Path.Combine(folder, "catalog-info.yaml");
                    if (File.Exists(catalog) && !files.ContainsKey("backstage/" + Path.GetFileName(folder) + "/catalog-info.yaml"))
                    {
                        File.Delete(catalog);
                        if (!Directory.EnumerateFileSystemEntries(folder).Any())
                        {
                            Directory.Delete(folder);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A service the bundle references but has no manifest of: listed as such, never left out.</summary>
    internal sealed class UnbundledService
    {
        /// <summary>The project does not reference the OpsReady package.</summary>
        public const string NoPackage = "not-onboarded";

        /// <summary>The project references the package but sets OpsReadyManifest=false.</summary>
        public const string ManifestOff = "manifest-off";

        public UnbundledService(string name, string? targetFramework, string? kind, string project, string reason)
        {
            Name = name;
            TargetFramework = targetFramework;
            Kind = kind;
            Project = project;
            Reason = reason;
        }

        public string Name { get; }

        public string? TargetFramework { get; }

        public string? Kind { get; }

        /// <summary>The project file relative to the bundle project's folder.</summary>
        public string Project { get; }

        /// <summary><see cref="NoPackage"/> or <see cref="ManifestOff"/>: also the index's readiness reason.</summary>
        public string Reason { get; }
    }

    /// <summary>The bundle's one order of services: by name (case-insensitive, then ordinal), then target framework.</summary>
    internal static class ServiceOrder
    {
        public static int Compare(string aName, string? aFramework, string bName, string? bFramework)
        {
            var byName = string.Compare(aName, bName, StringComparison.OrdinalIgnoreCase);
            if (byName == 0)
            {
                byName = string.CompareOrdinal(aName, bName);
            }

            return byName != 0 ? byName : string.CompareOrdinal(aFramework ?? "", bFramework ?? "");
        }
    }

    /// <summary>One manifest file as read: its bytes (copied verbatim) and the manifest they hold.</summary>
    internal sealed class LoadedManifest
    {
        public LoadedManifest(string path, byte[] bytes, string schemaVersion, OwnershipManifest manifest)
        {
            Path = path;
            Bytes = bytes;
            SchemaVersion = schemaVersion;
            Manifest = manifest;
        }

        public string Path { get; }

        public byte[] Bytes { get; }

        public OwnershipManifest Manifest { get; }

        public string Name => Manifest.Service.Name;

        public string? TargetFramework => Manifest.Service.TargetFramework;

        public string SchemaVersion { get; }

        /// <summary>A service is identified by its name and target framework (multi-targeted services have one manifest per framework).</summary>
        public string Key => Name + "\0" + (TargetFramework ?? "");

        public string DisplayName => TargetFramework == null ? Name : Name + " (" + TargetFramework + ")";

        /// <summary>The file name of its copy in the bundle.</summary>
        public string BundleFileName => FileSafe(Name) + (TargetFramework == null ? "" : "." + FileSafe(TargetFramework)) + ".ownership.json";

        public static int Compare(LoadedManifest a, LoadedManifest b) => ServiceOrder.Compare(a.Name, a.TargetFramework, b.Name, b.TargetFramework);

        /// <summary>Assembly names are file names already; anything else is replaced, so a copy never leaves its folder.</summary>
        internal static string FileSafe(string name)
        {
            var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_').ToArray()).Trim('.');
            return safe.Length == 0 ? "_" : safe;
        }
    }
}
