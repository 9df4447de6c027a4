using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks.NetFramework
{
    /// <summary>
    /// One pass over every task OpsReady ships, with fixed inputs, writing into one folder: the same code runs on
    /// .NET Framework (the net472 task, in <see cref="Program"/>) and on .NET (the net8.0 task, in OpsReady.Tasks.Tests),
    /// so the two can be compared file for file. It returns what the tasks logged and returned, one line each.
    /// </summary>
    public static class TaskScenario
    {
        public static string Runtime => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

        public static List<string> Run(string serviceAssembly, string output)
        {
            var log = new List<string>();
            var engine = new Engine(log);
            Directory.CreateDirectory(output);

            var runtime = new ResolveRuntimeSupport
            {
                BuildEngine = engine,
                TargetFrameworkIdentifier = ".NETCoreApp",
                TargetFrameworkVersion = "v8.0",
                SupportTable = new ITaskItem[] { Item("8.0", ("EndOfSupport", "2026-11-10"), ("Shipped", "true")), Item("10.0", ("EndOfSupport", "not a date")) },
                AsOf = "2026-12-04",
                ProjectFile = "Harness.csproj",
            };
            log.Add("ResolveRuntimeSupport " + runtime.Execute() + " " + runtime.Framework + " " + runtime.SupportEnds + " " + runtime.Status + " " + runtime.EffectiveAsOf);

            var assets = Path.Combine(output, "obj", "project.assets.json");
            Directory.CreateDirectory(Path.GetDirectoryName(assets)!);
            File.WriteAllText(assets, "{\"version\":3,\"project\":{\"restore\":{\"projectName\":\"Harness\",\"configFilePaths\":[],"
                + "\"restoreAuditProperties\":{\"enableAudit\":\"true\",\"auditMode\":\"all\"}}},\"logs\":[{\"code\":\"NU1903\",\"level\":\"Warning\","
                + "\"message\":\"Package 'Newtonsoft.Json' 12.0.1 has a known high severity vulnerability, https://github.com/advisories/GHSA-5crp-9r3c-p9vr\","
                + "\"libraryId\":\"Newtonsoft.Json\",\"targetGraphs\":[\"net8.0\"]},{\"code\":\"NU1909\",\"level\":\"Warning\",\"message\":\"Package 'Odd' 1.0.0 is odd\","
                + "\"libraryId\":\"Odd\",\"targetGraphs\":[\"net8.0\"]}]}");
            var shipped = new ITaskItem[] { Package("Newtonsoft.Json", "12.0.1"), Package("Odd", "1.0.0"), Package("Serilog", "4.3.0") };
            var audit = new ReadNuGetAudit
            {
                BuildEngine = engine,
                AssetsFile = assets,
                TargetFramework = "net8.0",
                ShippedPackages = shipped,
                VulnerabilityLevel = "HIGH",
                AuditFilePath = Path.Combine(output, "obj", "Harness.opsready-audit.txt"),
                ProjectFile = "Harness.csproj",
            };
            log.Add("ReadNuGetAudit " + audit.Execute() + " audited=" + audit.Audited + " found=" + audit.Vulnerabilities.Length);

            var source = Path.Combine(output, "src", "Program.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, "[assembly: OpsReady.ServiceOwner(\"t\", Runbook = \"docs/runbook.md\")]\nclass X { string Other = @\"docs\\missing.md\"; }\n");
            Directory.CreateDirectory(Path.Combine(output, "docs"));
            File.WriteAllText(Path.Combine(output, "docs", "runbook.md"), "# runbook\n");
            var runbooks = new FindRunbooks { BuildEngine = engine, Sources = new ITaskItem[] { new TaskItem(source) }, RepositoryRoot = output, OutputFile = Path.Combine(output, "obj", "Harness.opsready-runbooks.txt") };
            log.Add("FindRunbooks " + runbooks.Execute());

            ITaskItem[] frameworks = { Item("Microsoft.NETCore.App", ("Version", "8.0.0")) };
            for (var build = 1; build <= 2; build++)
            {
                // The second build replaces the files the first wrote (File.Replace on .NET Framework).
                var manifest = new WriteOwnershipManifest
                {
                    BuildEngine = engine,
                    AssemblyPath = serviceAssembly,
                    ManifestPath = Path.Combine(output, "bin", "Harness.ownership.json"),
                    SbomPath = Path.Combine(output, "bin", "Harness.cdx.json"),
                    CollectDirectory = Path.Combine(output, "collect"),
                    CollectFileName = "Harness.net8.0.ownership.json",
                    TargetFramework = "net8.0",
                    ServiceKind = "worker",
                    RuntimeFramework = runtime.Framework,
                    RuntimeSupportEnds = runtime.SupportEnds,
                    SharedFrameworks = frameworks,
                    Vulnerabilities = audit.Vulnerabilities,
                    Audited = audit.Audited,
                    Dependencies = shipped,
                    RepositoryUrl = "https://ci:token@github.com/contoso/harness.git",
                    SourceRevisionId = "0123456789abcdef0123456789abcdef01234567",
                    ProjectDirectory = output,
                };
                log.Add("WriteOwnershipManifest " + build + " " + manifest.Execute());
            }

            var gate = new CheckServiceReadiness { BuildEngine = engine, ManifestPath = Path.Combine(output, "bin", "Harness.ownership.json"), ProjectFile = "Harness.csproj" };
            log.Add("CheckServiceReadiness " + gate.Execute());

            var bundle = new WriteHandoffBundle
            {
                BuildEngine = engine,
                Manifests = new ITaskItem[] { new TaskItem(Path.Combine(output, "collect", "Harness.net8.0.ownership.json")) },
                BundleDirectory = Path.Combine(output, "bundle"),
                Backstage = true,
                BackstageSystem = "harness",
                AsOf = "2026-12-04",
                ProjectDirectory = output,
            };
            log.Add("WriteHandoffBundle " + bundle.Execute() + " files=" + bundle.BundleFiles.Length);

            // A manifest that is not one: a clear OPSB110, no crash, no partial bundle.
            var broken = Path.Combine(output, "broken.ownership.json");
            File.WriteAllText(broken, "{\"schemaVersion\": 1, \"service\": {\"name\": \"Broken\"}, \"health\": {\"known\": \"maybe\"}}");
            var bad = new WriteHandoffBundle { BuildEngine = engine, Manifests = new ITaskItem[] { new TaskItem(broken) }, BundleDirectory = Path.Combine(output, "bad-bundle") };
            log.Add("WriteHandoffBundle(broken) " + bad.Execute() + " bundle=" + Directory.Exists(Path.Combine(output, "bad-bundle")));
            return log;
        }

        private static ITaskItem Item(string include, params (string Name, string Value)[] metadata)
        {
            var item = new TaskItem(include);
            foreach (var (name, value) in metadata)
            {
                item.SetMetadata(name, value);
            }

            return item;
        }

        private static ITaskItem Package(string id, string version)
            => Item("/packages/" + id.ToLowerInvariant() + "/" + version + "/lib/net8.0/" + id + ".dll", ("NuGetPackageId", id), ("NuGetPackageVersion", version));

        /// <summary>Records every message as "severity code: text" with the output folder written as "OUT", so runs in two folders compare.</summary>
        private sealed class Engine : IBuildEngine
        {
            private readonly List<string> log;

            public Engine(List<string> log) => this.log = log;

            public bool ContinueOnError => false;

            public int LineNumberOfTaskNode => 0;

            public int ColumnNumberOfTaskNode => 0;

            public string ProjectFileOfTaskNode => "Harness.csproj";

            public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

            public void LogCustomEvent(CustomBuildEventArgs e) { }

            public void LogErrorEvent(BuildErrorEventArgs e) => log.Add("error " + e.Code + ": " + e.Message);

            public void LogWarningEvent(BuildWarningEventArgs e) => log.Add("warning " + e.Code + ": " + e.Message);

            public void LogMessageEvent(BuildMessageEventArgs e) { }
        }
    }
}
