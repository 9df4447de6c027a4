using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using OpsReady.Contract;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Before the compile: the known vulnerabilities of the packages the service ships, as NuGet audit recorded them at
    /// restore in project.assets.json (its "logs": NU1901..NU1904, the package id, the advisory URL in the message). This
    /// task never calls the network. It writes them to the audit file the analyzers read (OPS402) and returns them for the
    /// manifest, with whether the audit is known to have run: "none found" is claimed only when it is established.
    /// Messages: OPSB132 the assets file or a NuGet config file is unreadable, OPSB134 OpsReadyVulnerabilityLevel is not a
    /// level, OPSB135 an audit code OpsReady does not know. Each is a warning: the build goes on with what is known.
    /// </summary>
    public sealed class ReadNuGetAudit : Task
    {
        private static readonly Regex Url = new Regex(@"https?://[^\s'""<>]+", RegexOptions.CultureInvariant);
        private static readonly Regex AuditCode = new Regex(@"^NU19\d\d$", RegexOptions.CultureInvariant);

        /// <summary>$(ProjectAssetsFile).</summary>
        public string? AssetsFile { get; set; }

        /// <summary>$(NuGetAudit): "false" turns the audit off.</summary>
        public string? NuGetAudit { get; set; }

        /// <summary>$(TargetFramework) and $(NuGetTargetMoniker): the restore graphs of this build are the ones named by either.</summary>
        public string? TargetFramework { get; set; }

        public string? NuGetTargetMoniker { get; set; }

        /// <summary>What the service ships (RuntimeCopyLocalItems and friends, with NuGetPackageId/NuGetPackageVersion).</summary>
        public ITaskItem[]? ShippedPackages { get; set; }

        /// <summary>$(OpsReadyVulnerabilityLevel); empty means <see cref="VulnerabilitySeverity.DefaultLevel"/>.</summary>
        public string? VulnerabilityLevel { get; set; }

        /// <summary>Where the audit file for the analyzers goes (obj/&lt;AssemblyName&gt;.opsready-audit.txt); written only when its content changes.</summary>
        [Required]
        public string AuditFilePath { get; set; } = "";

        public string? ProjectFile { get; set; }

        /// <summary>Include: package id; metadata Version, Severity, Advisory. Sorted.</summary>
        [Output]
        public ITaskItem[] Vulnerabilities { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>"true" when the list is known to be complete (an empty list then means none found); "false": not known.</summary>
        [Output]
        public string Audited { get; private set; } = "false";

        [Output]
        public string EffectiveLevel { get; private set; } = VulnerabilitySeverity.DefaultLevel;

        public override bool Execute()
        {
            EffectiveLevel = ReadLevel();
            var entries = Read(out var audited);
            Audited = audited ? "true" : "false";
            Vulnerabilities = entries.Select(e =>
            {
                var item = new TaskItem(e.Package);
                item.SetMetadata("Version", e.Version);
                item.SetMetadata("Severity", e.Severity);
                item.SetMetadata("Advisory", e.Advisory ?? "");
                return (ITaskItem)item;
            }).ToArray();
            WriteAuditFile(AuditFile.Format(entries));
            return !Log.HasLoggedErrors;
        }

        private string ReadLevel()
        {
            if (string.IsNullOrWhiteSpace(VulnerabilityLevel))
            {
                return VulnerabilitySeverity.DefaultLevel;
            }

            if (VulnerabilitySeverity.ParseLevel(VulnerabilityLevel) is string level)
            {
                return level;
            }

            Warn("OPSB134", ProjectFile, "OpsReadyVulnerabilityLevel is '{0}', which is not one of {1}: OPS402 uses {2}.",
                VulnerabilityLevel!, VulnerabilitySeverity.Describe(), VulnerabilitySeverity.DefaultLevel);
            return VulnerabilitySeverity.DefaultLevel;
        }

        private List<AuditEntry> Read(out bool audited)
        {
            audited = false;
            var found = new List<AuditEntry>();
            if (string.Equals(NuGetAudit?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
            {
                Log.LogMessage(MessageImportance.Low, "OpsReady: NuGetAudit is false, so the manifest records vulnerabilities as unknown.");
                return found;
            }

            if (string.IsNullOrWhiteSpace(AssetsFile) || !File.Exists(AssetsFile))
            {
                Log.LogMessage(MessageImportance.Low, "OpsReady found no restore output '{0}': vulnerabilities are unknown.", AssetsFile ?? "");
                return found;
            }

            JsonValue root;
            try
            {
                root = JsonReader.Parse(File.ReadAllText(AssetsFile));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonReaderException)
            {
                Warn("OPSB132", AssetsFile, "OpsReady could not read NuGet's restore output '{0}' ({1}): the manifest records vulnerabilities as unknown.", AssetsFile!, e.Message);
                return found;
            }

            var audit = root["project"]["restore"]["restoreAuditProperties"];
            if (audit.IsNull || !string.Equals(audit["enableAudit"].String, "true", StringComparison.OrdinalIgnoreCase))
            {
                Log.LogMessage(MessageImportance.Low, "OpsReady: '{0}' records no NuGet audit, so vulnerabilities are unknown.", AssetsFile!);
                return found;
            }

            var shipped = Shipped();
            var incomplete = new List<string>();
            var servedAdvisories = false;
            foreach (var log in root["logs"].ArrayItems)
            {
                var code = log["code"].String ?? "";
                if (!AuditCode.IsMatch(code) || !InThisGraph(log["targetGraphs"]))
                {
                    continue;
                }

                var severity = VulnerabilitySeverity.FromNuGetCode(code);
                var package = log["libraryId"].String;
                servedAdvisories |= severity != null;
                if (severity == null)
                {
                    if (code == "NU1900" || code == "NU1905")
                    {
                        incomplete.Add(code);
                        continue;
                    }

                    Warn("OPSB135", AssetsFile, "NuGet audit reported {0} for '{1}', a code OpsReady does not know: it is recorded with severity '{2}'.",
                        code, package ?? "", AuditFile.UnknownSeverity);
                    severity = AuditFile.UnknownSeverity;
                }

                if (string.IsNullOrEmpty(package))
                {
                    continue;
                }

                if (!shipped.TryGetValue(package!, out var version))
                {
                    Log.LogMessage(MessageImportance.Low, "OpsReady: NuGet audit flags '{0}', which the service does not ship (build-time only): not recorded.", package!);
                    continue;
                }

                var advisory = Url.Match(log["message"].String ?? "");
                found.Add(new AuditEntry(package!, version, severity, advisory.Success ? advisory.Value.TrimEnd('.', ',', ';', ')') : null));
            }

            found = found
                .GroupBy(e => (e.Package.ToLowerInvariant(), e.Version, e.Advisory))
                .Select(g => g.First())
                .OrderBy(e => e.Package, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Version, StringComparer.Ordinal)
                .ThenBy(e => e.Advisory ?? "", StringComparer.Ordinal)
                .ToList();

            if (incomplete.Count > 0)
            {
                Log.LogMessage(MessageImportance.High, "OpsReady: NuGet audit did not complete ({0}), so the manifest records vulnerabilities as unknown.", string.Join(", ", incomplete.Distinct()));
                return found;
            }

            var mode = audit["auditMode"].String;
            var direct = string.Equals(mode, "direct", StringComparison.OrdinalIgnoreCase);
            if (found.Count > 0 || (servedAdvisories && !direct))
            {
                // A finding (also for a package the service does not ship) proves a source served vulnerability data; the
                // list is then what NuGet audit knows (direct references only when NuGetAuditMode is direct: the manifest's
                // list is true, the docs say what it covers).
                audited = true;
                if (direct)
                {
                    Log.LogMessage(MessageImportance.Normal, "OpsReady: NuGetAuditMode is direct, so transitive packages were not checked; the manifest records the findings of direct references only.");
                }

                return found;
            }

            if (direct)
            {
                Log.LogMessage(MessageImportance.Normal, "OpsReady: NuGetAuditMode is direct, so the transitive packages the service ships were not checked: vulnerabilities are unknown. Set NuGetAuditMode to all.");
                return found;
            }

            // No finding. NuGet warns (NU1905) when a configured <auditSources> entry serves no vulnerability data, but stays
            // silent when only package sources are used and none serves it: "nothing reported" is "none found" only then.
            audited = HasAuditSources(root["project"]["restore"]["configFilePaths"]);
            if (!audited)
            {
                Log.LogMessage(MessageImportance.Normal, "OpsReady: NuGet audit reported nothing, but no <auditSources> are configured, and NuGet does not say when its package sources serve no vulnerability data: the manifest records vulnerabilities as unknown. Add an audit source to nuget.config's <auditSources>.");
            }

            return found;
        }

        private Dictionary<string, string> Shipped()
        {
            var shipped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in ShippedPackages ?? Array.Empty<ITaskItem>())
            {
                var id = item.GetMetadata("NuGetPackageId");
                var version = item.GetMetadata("NuGetPackageVersion");
                if (id.Length > 0 && version.Length > 0 && !shipped.ContainsKey(id))
                {
                    shipped.Add(id, version);
                }
            }

            return shipped;
        }

        /// <summary>A log entry names the graphs it was found in ("net8.0", "net8.0/linux-x64"); none named means all.</summary>
        private bool InThisGraph(JsonValue graphs)
        {
            var names = graphs.ArrayItems.Select(g => g.String).Where(g => !string.IsNullOrEmpty(g)).ToList();
            if (names.Count == 0)
            {
                return true;
            }

            var own = new[] { TargetFramework, NuGetTargetMoniker }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).ToList();
            return own.Count == 0 || names.Any(g => own.Any(o => string.Equals(g, o, StringComparison.OrdinalIgnoreCase)
                || g!.StartsWith(o + "/", StringComparison.OrdinalIgnoreCase)));
        }

        /// <summary>
        /// Whether the NuGet config files the restore read (nearest first, as the assets file lists them) leave at least one
        /// audit source, applying their &lt;clear /&gt;, &lt;add&gt; and &lt;remove&gt; from the farthest to the nearest.
        /// </summary>
        private bool HasAuditSources(JsonValue configFilePaths)
        {
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in configFilePaths.ArrayItems.Select(p => p.String).Where(p => !string.IsNullOrEmpty(p)).Reverse())
            {
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    var document = new XmlDocument { XmlResolver = null };
                    using (var reader = XmlReader.Create(path!, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
                    {
                        document.Load(reader);
                    }

                    var section = document.DocumentElement?["auditSources"];
                    foreach (var element in section?.ChildNodes.OfType<XmlElement>() ?? Enumerable.Empty<XmlElement>())
                    {
                        var key = element.GetAttribute("key");
                        switch (element.LocalName)
                        {
                            case "clear": keys.Clear(); break;
                            case "add" when key.Length > 0: keys.Add(key); break;
                            case "remove": keys.Remove(key); break;
                        }
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is XmlException)
                {
                    Warn("OPSB132", path, "OpsReady could not read the NuGet config file '{0}' ({1}): whether an audit source is configured is unknown, so are the vulnerabilities.", path!, e.Message);
                    return false;
                }
            }

            return keys.Count > 0;
        }

        private void WriteAuditFile(string content)
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            try
            {
                ManifestFormat.WriteIfChanged(AuditFilePath, bytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                Log.LogError(null, "OPSB004", null, AuditFilePath, 0, 0, 0, 0, "OpsReady could not write '{0}': {1}", AuditFilePath, e.Message);
            }
        }

        private void Warn(string code, string? file, string format, params string[] args)
            => Log.LogWarning(null, code, null, file, 0, 0, 0, 0, format, args);
    }
}
