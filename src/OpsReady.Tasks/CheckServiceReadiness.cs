using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks
{
    /// <summary>
    /// The CI gate (OpsReadyRequireReady=true): fails with OPSB100 when the manifest says the service is
    /// not ready. Reads the manifest rather than the build, so a no-change build is gated the same way.
    /// </summary>
    public sealed class CheckServiceReadiness : Task
    {
        [Required]
        public string ManifestPath { get; set; } = "";

        /// <summary>Where the error points (the project file).</summary>
        public string? ProjectFile { get; set; }

        public override bool Execute()
        {
            OwnershipManifest manifest;
            try
            {
                manifest = ManifestFormat.Read(JsonReader.Parse(File.ReadAllText(ManifestPath)));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonReaderException || e is ManifestFormatException)
            {
                Log.LogError(null, "OPSB100", null, ProjectFile, 0, 0, 0, 0,
                    "OpsReady cannot decide whether the service is ready: the manifest '{0}' could not be read ({1}).", ManifestPath, e.Message);
                return false;
            }

            if (manifest.Readiness.Ready)
            {
                return true;
            }

            Log.LogError(null, "OPSB100", null, ProjectFile, 0, 0, 0, 0,
                "Service '{0}'{1} is not ready for handoff (OpsReadyRequireReady=true): {2}.",
                manifest.Service.Name,
                manifest.Service.TargetFramework is string tfm ? " (" + tfm + ")" : "",
                string.Join("; ", Reasons(manifest)));
            return false;
        }

        internal static IEnumerable<string> Reasons(OwnershipManifest manifest)
        {
            if (manifest.Ownership == null)
            {
                yield return "no owner is declared";
            }

            if (manifest.Readiness.Findings == null)
            {
                yield return "its findings are unknown: " + ReadinessDiagnostics.Explain(manifest.Readiness.Diagnostics);
                yield break;
            }

            var open = manifest.Readiness.Findings
                .Where(f => f.IsOpen)
                .GroupBy(f => f.Rule, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : g.Key + " x" + g.Count())
                .ToList();
            if (open.Count > 0)
            {
                yield return "open findings " + string.Join(", ", open);
            }
        }
    }
}
