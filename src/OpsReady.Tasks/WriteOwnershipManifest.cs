using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

        /// <summary>The framework moniker ResolveRuntimeSupport decided (net8.0), whatever the alias.</summary>
        public string? RuntimeFramework { get; set; }

        /// <summary>The last day of support (ISO date) ResolveRuntimeSupport found in the support table; empty when not in it.</summary>
        public string? RuntimeSupportEnds { get; set; }

        /// <summary>@(RuntimeFramework): the shared frameworks the service runs on (Include: name; metadata Version).</summary>
        public ITaskItem[]? SharedFrameworks { get; set; }

        /// <summary>Where the CycloneDX SBOM goes, normally $(OutDir)$(AssemblyName).cdx.json; empty writes none.</summary>
        public string? SbomPath { get; set; }

        /// <summary>ReadNuGetAudit's findings (Include: package id; Version, Severity, Advisory).</summary>
        public ITaskItem[]? Vulnerabilities { get; set; }

        /// <summary>ReadNuGetAudit's verdict: "true" when the findings are known to be complete; else the manifest records null.</summary>
        public string? Audited { get; set; }

        /// <summary>"web" or "worker", as the package's service detection decided.</summary>
        public string? ServiceKind { get; set; }

        /// <summary>Package assets copied to the output (RuntimeCopyLocalItems and friends), with NuGetPackageId/NuGetPackageVersion.</summary>
        public ITaskItem[]? Dependencies { get; set; }

        /// <summary>$(RepositoryUrl), else $(PrivateRepositoryUrl) (SourceLink); credentials and local paths are dropped.</summary>
        public string? RepositoryUrl { get; set; }

        /// <summary>$(SourceRevisionId); else the commit is taken from the informational version's "+sha".</summary>
        public string? SourceRevisionId { get; set; }

        /// <summary>The compiler's SARIF log ($(ErrorLog), "path[,version=...]"); its OPS results fill "readiness".</summary>
        public string? DiagnosticsLog { get; set; }

        /// <summary>
        /// The compiler's inputs (sources, additional files, editorconfig, analyzers): a log older than any of them
        /// was written for other sources and is never read as this build's findings.
        /// </summary>
        public ITaskItem[]? CompileInputs { get; set; }

        /// <summary>"true" when this build records readiness (the targets' decision), for the reason an absent log gets.</summary>
        public string? Readiness { get; set; }

        /// <summary>
        /// Finding paths are recorded relative to this folder (else to ProjectDirectory): the repository root the
        /// package's targets decided once, for this task and the analyzers alike.
        /// </summary>
        public string? RepositoryRoot
        {
            get => repositoryRoot;
            set => repositoryRoot = string.IsNullOrWhiteSpace(value) ? null : value;
        }

        private string? repositoryRoot;

        public string? ProjectDirectory { get; set; }

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

            var manifest = ManifestBuilder.Build(facts, TargetFramework, ServiceKind, ReadBuildFacts());
            var files = new List<(string Path, byte[] Bytes)> { (ManifestPath, ManifestFormat.ToBytes(manifest)) };
            if (collectPath != null)
            {
                files.Add((collectPath, files[0].Bytes));
            }

            if (!string.IsNullOrWhiteSpace(SbomPath))
            {
                var sbom = new System.Text.UTF8Encoding(false).GetBytes(SbomRenderer.Render(manifest));
                files.Add((SbomPath!, sbom));
                if (collectPath != null)
                {
                    files.Add((Path.Combine(CollectDirectory!, SbomRenderer.FileNameFor(Path.GetFileName(collectPath))), sbom));
                }
            }

            foreach (var (path, bytes) in files)
            {
                try
                {
                    ManifestFormat.WriteAtomically(path, bytes);
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

        private BuildFacts ReadBuildFacts()
        {
            var build = new BuildFacts
            {
                RepositoryUrl = RepositoryUrl,
                SourceRevisionId = SourceRevisionId,
                Runtime = string.IsNullOrWhiteSpace(RuntimeFramework) ? null : new RuntimeSection
                {
                    Framework = RuntimeFramework!.Trim(),
                    SupportEnds = string.IsNullOrWhiteSpace(RuntimeSupportEnds) ? null : RuntimeSupportEnds!.Trim(),
                },
                Vulnerabilities = !string.Equals(Audited, "true", StringComparison.OrdinalIgnoreCase) ? null
                    : (Vulnerabilities ?? Array.Empty<ITaskItem>()).Select(v => new PackageVulnerability
                    {
                        Package = v.ItemSpec,
                        Version = v.GetMetadata("Version"),
                        Severity = v.GetMetadata("Severity"),
                        Advisory = v.GetMetadata("Advisory") is { Length: > 0 } advisory ? advisory : null,
                    }).ToList(),
            };

            build.Runtime?.SharedFrameworks.AddRange((SharedFrameworks ?? Array.Empty<ITaskItem>())
                .Select(f => new SharedFramework { Name = f.ItemSpec.Trim(), Version = f.GetMetadata("Version").Trim() })
                .Where(f => f.Name.Length > 0 && f.Version.Length > 0)
                .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(f => f.Name, StringComparer.Ordinal));

            foreach (var item in Dependencies ?? Array.Empty<ITaskItem>())
            {
                var id = item.GetMetadata("NuGetPackageId");
                var version = item.GetMetadata("NuGetPackageVersion");
                if (id.Length > 0 && version.Length > 0 && !string.Equals(id, "OpsReady", StringComparison.OrdinalIgnoreCase))
                {
                    build.Dependencies.Add(new PackageDependency { Name = id, Version = version });
                }
            }

            if (string.IsNullOrWhiteSpace(DiagnosticsLog))
            {
                build.Diagnostics = ReadinessDiagnostics.Off;
                return build;
            }

            var path = Tasks.DiagnosticsLog.PathOf(DiagnosticsLog!);
            if (!File.Exists(path))
            {
                build.Diagnostics = string.Equals(Readiness, "true", StringComparison.OrdinalIgnoreCase) ? ReadinessDiagnostics.Missing : ReadinessDiagnostics.Off;
                Log.LogMessage(MessageImportance.Low, "OpsReady found no compiler diagnostics log at '{0}'.", path);
                return build;
            }

            if (NewerInput(File.GetLastWriteTimeUtc(path)) is string newer)
            {
                build.Diagnostics = ReadinessDiagnostics.Stale;
                Log.LogWarning(null, "OPSB102", null, path, 0, 0, 0, 0,
                    "OpsReady did not read the compiler's diagnostics log '{0}': '{1}' changed after it was written, so it describes other code. The manifest records the findings as unknown; rebuild with `dotnet build --no-incremental`.",
                    path, newer);
                return build;
            }

            try
            {
                build.Findings = Tasks.DiagnosticsLog.Read(path, RepositoryRoot, ProjectDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonReaderException)
            {
                build.Diagnostics = ReadinessDiagnostics.Unreadable;
                Log.LogWarning(null, "OPSB101", null, path, 0, 0, 0, 0,
                    "OpsReady could not read the compiler's diagnostics log '{0}' ({1}): the manifest records the service as not ready.", path, e.Message);
            }

            return build;
        }

        /// <summary>The first compiler input written after <paramref name="logTime"/>, if any.</summary>
        private string? NewerInput(DateTime logTime)
        {
            foreach (var input in CompileInputs ?? Array.Empty<ITaskItem>())
            {
                var file = input.GetMetadata("FullPath");
                if (file.Length > 0 && File.Exists(file) && File.GetLastWriteTimeUtc(file) > logTime)
                {
                    return file;
                }
            }

            return null;
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
