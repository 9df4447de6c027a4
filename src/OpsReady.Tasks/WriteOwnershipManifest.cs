using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Writes &lt;AssemblyName&gt;.ownership.json for a service build, from the built assembly's
    /// attributes, and copies it to the collect folder when one is given.
    /// Messages: OPSB001 assembly missing, OPSB002 not a readable .NET assembly, OPSB003 unsafe
    /// collect file name, OPSB004 the manifest could not be written, OPSB005 an attribute could not be decoded.
    /// </summary>
    public sealed class WriteOwnershipManifest : Task
    {
        /// <summary>The built assembly (read, never loaded).</summary>
        [Required]
        public string AssemblyPath { get; set; } = "";

        /// <summary>Where the manifest goes, normally $(OutDir)$(AssemblyName).ownership.json.</summary>
        [Required]
        public string ManifestPath { get; set; } = "";

        /// <summary>Optional collect folder (OpsReadyCollectDir).</summary>
        public string? CollectDirectory { get; set; }

        /// <summary>The file name inside the collect folder; must not contain a path.</summary>
        public string? CollectFileName { get; set; }

        public string? TargetFramework { get; set; }

        /// <summary>"web" or "worker", as the package's service detection decided.</summary>
        public string? ServiceKind { get; set; }

        [Output]
        public string? CollectedManifestPath { get; set; }

        public override bool Execute()
        {
            if (!File.Exists(AssemblyPath))
            {
                Log.LogError(null, "OPSB001", null, AssemblyPath, 0, 0, 0, 0,
                    "OpsReady cannot write the ownership manifest: the built assembly '{0}' does not exist.", AssemblyPath);
                return false;
            }

            AssemblyFacts facts;
            try
            {
                facts = AssemblyFactsReader.Read(AssemblyPath);
            }
            catch (UnreadableAssemblyException e)
            {
                Log.LogError(null, "OPSB002", null, AssemblyPath, 0, 0, 0, 0,
                    "OpsReady cannot read '{0}' as a .NET assembly: {1}", AssemblyPath, e.Message);
                return false;
            }
            catch (IOException e)
            {
                Log.LogError(null, "OPSB002", null, AssemblyPath, 0, 0, 0, 0,
                    "OpsReady cannot read '{0}': {1}", AssemblyPath, e.Message);
                return false;
            }

            foreach (var problem in facts.Problems)
            {
                Log.LogError(null, "OPSB005", null, AssemblyPath, 0, 0, 0, 0, "OpsReady cannot read '{0}': {1}", AssemblyPath, problem);
            }

            if (facts.Problems.Count > 0)
            {
                return false;
            }

            string? collectPath = null;
            if (!string.IsNullOrWhiteSpace(CollectDirectory))
            {
                var fileName = string.IsNullOrEmpty(CollectFileName) ? facts.Name + ".ownership.json" : CollectFileName!;
                if (!IsPlainFileName(fileName))
                {
                    Log.LogError(null, "OPSB003", null, null, 0, 0, 0, 0,
                        "OpsReady will not copy the manifest to the collect folder as '{0}': the name must be a plain file name (no folders, no '..').", fileName);
                    return false;
                }

                collectPath = Path.Combine(CollectDirectory, fileName);
            }

            var manifest = ManifestBuilder.Build(facts, TargetFramework, ServiceKind);
            var bytes = ManifestWriter.ToBytes(manifest);
            foreach (var path in collectPath == null ? new[] { ManifestPath } : new[] { ManifestPath, collectPath })
            {
                try
                {
                    ManifestWriter.WriteAtomically(path, bytes);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    Log.LogError(null, "OPSB004", null, path, 0, 0, 0, 0, "OpsReady could not write the ownership manifest '{0}': {1}", path, e.Message);
                    return false;
                }
            }

            CollectedManifestPath = collectPath;
            Log.LogMessage(MessageImportance.Low, "OpsReady wrote the ownership manifest '{0}'.", ManifestPath);
            return true;
        }

        internal static bool IsPlainFileName(string name)
            => name.Length > 0
               && name != "."
               && name != ".."
               && name.Trim() == name
               && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
               && name.IndexOf('/') < 0
               && name.IndexOf('\\') < 0
               && name.IndexOf(':') < 0
               && !name.StartsWith("..", StringComparison.Ordinal);
    }
}
