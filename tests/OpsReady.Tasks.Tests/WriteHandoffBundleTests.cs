using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks.Tests;

/// <summary>The handoff bundle: from one build's manifests or from a folder many CI jobs uploaded to.</summary>
public class WriteHandoffBundleTests
{
    /// <summary>Writes the manifests of a few real compiled services (one multi-targeted) into <paramref name="folder"/>.</summary>
    internal static List<string> WriteServiceManifests(TempDirectory temp, string folder)
    {
        var services = new (string Name, string Source, string[] Frameworks, string Kind)[]
        {
            ("Payments.Api", """
                [assembly: OpsReady.ServiceOwner("payments-team", Contact = "payments@contoso.example", OnCall = "https://oncall.example/payments", Runbook = "https://wiki.example/payments", Lifecycle = OpsReady.ServiceLifecycle.Maintenance, Tier = 1)]
                [assembly: OpsReady.OperationsHandoff("appops", Contact = "#appops", Since = "2026-09-01")]
                [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/health/ready;probe=readiness")]
                [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/health/live;probe=liveness")]
                [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.registered", "true")]
                [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console")]
                public class C { }
                """, new[] { "net10.0" }, "web"),
            ("Orders.Worker", """
                [assembly: OpsReady.ServiceOwner("orders", Contact = "TODO")]
                [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console;source=settings;environments=Development;from=appsettings.Development.json")]
                public class C { }
                """, new[] { "net10.0" }, "worker"),
            ("Multi", """
                [assembly: OpsReady.ServiceOwner("multi-team", Contact = "https://teams.example/multi")]
                public class C { }
                """, new[] { "net8.0", "net10.0" }, "worker"),
            ("Anonymous", "public class C { }", new[] { "net10.0" }, "web"),
        };

        var repo = temp.Combine("repo");
        var log = temp.Combine("repo", "ops.sarif");
        Directory.CreateDirectory(repo);
        File.WriteAllText(log, HandoffFactsTests.Sarif21(repo, ("OPS002", "warning", "src/Orders.Worker/Ownership.cs", 1, false), ("OPS102", "note", "src/Orders.Worker/Program.cs", 4, false)));
        var clean = temp.Combine("repo", "clean.sarif");
        File.WriteAllText(clean, HandoffFactsTests.Sarif21(repo));

        var paths = new List<string>();
        foreach (var service in services)
        {
            var assembly = TestAssemblies.Compile(Directory.CreateDirectory(temp.Combine("asm", service.Name)).FullName, service.Name, service.Source);
            foreach (var framework in service.Frameworks)
            {
                var serilog = new TaskItem("/x/Serilog.dll");
                serilog.SetMetadata("NuGetPackageId", "Serilog");
                serilog.SetMetadata("NuGetPackageVersion", framework == "net8.0" ? "3.1.1" : "4.3.0");
                var task = new WriteOwnershipManifest
                {
                    BuildEngine = new RecordingBuildEngine(),
                    AssemblyPath = assembly,
                    ManifestPath = Path.Combine(folder, service.Name + "." + framework + ".ownership.json"),
                    SbomPath = Path.Combine(folder, service.Name + "." + framework + ".cdx.json"),
                    SharedFrameworks = new ITaskItem[] { new TaskItem("Microsoft.NETCore.App", new Dictionary<string, string> { ["Version"] = framework == "net8.0" ? "8.0.0" : "10.0.0" }) },
                    RuntimeFramework = framework,
                    TargetFramework = framework,
                    ServiceKind = service.Kind,
                    Dependencies = new ITaskItem[] { serilog },
                    RepositoryUrl = "https://github.com/contoso/services",
                    SourceRevisionId = "0123456789abcdef",
                    DiagnosticsLog = service.Name == "Orders.Worker" ? log : clean,
                    RepositoryRoot = repo,
                };
                Assert.True(task.Execute());
                paths.Add(task.ManifestPath);
            }
        }

        return paths;
    }

    private static (WriteHandoffBundle Task, RecordingBuildEngine Engine) NewBundle(IEnumerable<string> manifests, string bundle, bool backstage = true)
    {
        var engine = new RecordingBuildEngine();
        var task = new WriteHandoffBundle
        {
            BuildEngine = engine,
            Manifests = manifests.Select(m => (ITaskItem)new TaskItem(m)).ToArray(),
            BundleDirectory = bundle,
            Backstage = backstage,
            BackstageSystem = "payments",
        };
        return (task, engine);
    }

    private static SortedDictionary<string, byte[]> Snapshot(string folder)
        => new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    [Fact]
    public void One_job_and_fan_in_from_many_jobs_give_byte_identical_bundles()
    {
        using var temp = new TempDirectory();
        // One job: every manifest beside its service, handed over in build order.
        var single = WriteServiceManifests(temp, temp.Combine("build"));
        var (oneJob, engine) = NewBundle(single.AsEnumerable().Reverse(), temp.Combine("bundle-one"));
        Assert.True(oneJob.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        // Fan-in: the same manifests uploaded by different jobs into nested folders with other names.
        var uploads = temp.Combine("uploads");
        for (var i = 0; i < single.Count; i++)
        {
            var target = Path.Combine(uploads, "job-" + (single.Count - i), "artifact", "m" + i + ".ownership.json");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(single[i], target);
        }

        var (fanIn, fanInEngine) = NewBundle(Directory.GetFiles(uploads, "*.ownership.json", SearchOption.AllDirectories), temp.Combine("bundle-fan-in"));
        Assert.True(fanIn.Execute(), string.Join("\n", fanInEngine.Errors.Select(e => e.Message)));
        // The only warning: the service without an owner gets no Backstage entity (none is invented).
        Assert.Equal(new[] { "OPSB120 Anonymous" }, engine.Warnings.Select(w => w.Code + " " + (w.Message!.Contains("'Anonymous'") ? "Anonymous" : w.Message)));

        var one = Snapshot(temp.Combine("bundle-one"));
        var many = Snapshot(temp.Combine("bundle-fan-in"));
        Assert.Equal(one.Keys, many.Keys);
        foreach (var file in one.Keys)
        {
            Assert.True(one[file].SequenceEqual(many[file]), file + " differs");
        }

        // The bundle's SBOMs, rendered from the manifests alone, are the bytes each service's build wrote beside its manifest.
        foreach (var manifest in single)
        {
            var name = Path.GetFileName(manifest).Replace(".ownership.json", ".cdx.json");
            Assert.True(File.ReadAllBytes(Path.ChangeExtension(manifest, null).Replace(".ownership", ".cdx") + ".json").SequenceEqual(one["sbom/" + name]), name + " differs from the build's");
        }

        Assert.Equal(new[]
        {
            "backstage/Multi/catalog-info.yaml",
            "backstage/Orders.Worker/catalog-info.yaml",
            "backstage/Payments.Api/catalog-info.yaml",
            "backstage/catalog-info.yaml",
            "handoff.md",
            "index.json",
            "manifests/Anonymous.net10.0.ownership.json",
            "manifests/Multi.net10.0.ownership.json",
            "manifests/Multi.net8.0.ownership.json",
            "manifests/Orders.Worker.net10.0.ownership.json",
            "manifests/Payments.Api.net10.0.ownership.json",
            "sbom/Anonymous.net10.0.cdx.json",
            "sbom/Multi.net10.0.cdx.json",
            "sbom/Multi.net8.0.cdx.json",
            "sbom/Orders.Worker.net10.0.cdx.json",
            "sbom/Payments.Api.net10.0.cdx.json",
        }, one.Keys);

        // No path of the machine that built it.
        foreach (var file in one)
        {
            Assert.DoesNotContain(temp.Path, Encoding.UTF8.GetString(file.Value));
        }
    }

    [Fact]
    public void Index_lists_every_service_with_owner_operations_probes_logging_and_readiness()
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(WriteServiceManifests(temp, temp.Combine("build")), temp.Combine("bundle"));
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        using var index = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("bundle", "index.json")));
        var services = index.RootElement.GetProperty("services").EnumerateArray().ToArray();
        Assert.Equal(new[] { "Anonymous net10.0", "Multi net10.0", "Multi net8.0", "Orders.Worker net10.0", "Payments.Api net10.0" },
            services.Select(s => s.GetProperty("name").GetString() + " " + s.GetProperty("targetFramework").GetString()));

        var payments = services[4];
        Assert.Equal("payments-team", payments.GetProperty("owner").GetProperty("team").GetString());
        Assert.Equal("maintenance", payments.GetProperty("lifecycle").GetString());
        Assert.Equal("appops", payments.GetProperty("operations").GetProperty("team").GetString());
        Assert.Equal(new[] { "/health/live", "/health/ready" }, payments.GetProperty("health").GetProperty("probes").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        Assert.True(payments.GetProperty("logging").GetProperty("structured").GetBoolean());
        Assert.True(payments.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.Equal("manifests/Payments.Api.net10.0.ownership.json", payments.GetProperty("manifest").GetString());
        Assert.Equal(1, payments.GetProperty("owner").GetProperty("tier").GetInt32());
        // One Location lists every component file, relative to it: a catalog registers one URL. No entity for Anonymous (no owner).
        Assert.Equal("""
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata:
              name: "opsready-payments"
              description: "The services of an OpsReady handoff bundle"
            spec:
              targets:
                - "./Multi/catalog-info.yaml"
                - "./Orders.Worker/catalog-info.yaml"
                - "./Payments.Api/catalog-info.yaml"

            """.Replace("\r\n", "\n"), File.ReadAllText(temp.Combine("bundle", "backstage", "catalog-info.yaml")));
        Assert.Equal(JsonValueKind.Null, services[1].GetProperty("owner").GetProperty("tier").ValueKind); // Multi declares none
        var tierReport = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.Contains("- Lifecycle: maintenance\n- Tier: 1 (most critical)\n", tierReport);
        Assert.Contains("- Tier: not declared\n", tierReport);
        Assert.Contains("    opsready/tier: \"1\"\n", File.ReadAllText(temp.Combine("bundle", "backstage", "Payments.Api", "catalog-info.yaml")));
        Assert.DoesNotContain("opsready/tier", File.ReadAllText(temp.Combine("bundle", "backstage", "Multi", "catalog-info.yaml")));

        var orders = services[3];
        Assert.False(orders.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.Equal(new[] { "OPS002" }, orders.GetProperty("readiness").GetProperty("openRules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, services[0].GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, services[0].GetProperty("operations").ValueKind);

        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.StartsWith("# Service handoff\n\n4 services, 2 ready for handoff.", report);
        Assert.Contains("| [Payments.Api](#paymentsapi) | web | payments-team | appops since 2026-09-01 | maintenance | /health/live, /health/ready | yes | yes |", report);
        Assert.Contains("| [Anonymous](#anonymous) | web | **none declared** | not handed off | not declared |", report);
        var anonymous = report.Substring(report.IndexOf("## Anonymous\n", StringComparison.Ordinal));
        Assert.Contains("- Owner: **none declared** (add `[assembly: OpsReady.ServiceOwner(...)]`)\n", anonymous);
        Assert.Contains("**Not ready**: no owner is declared", anonymous);
        Assert.Contains("## Orders.Worker", report);
        Assert.Contains("**No structured log output applies outside Development.** Limited to some environments: json-console in `appsettings.Development.json` applies only in Development.\n", report);
        Assert.Contains("| OPS002 | warning | `src/Orders.Worker/Ownership.cs:1` | OPS002 says \"fix me\" |", report);
        Assert.Contains("### Dependencies (net8.0)\n\n| Package | Version |\n|---|---|\n| Serilog | 3.1.1 |", report);
        Assert.Contains("- Source: https://github.com/contoso/services at 0123456789abcdef", report);
        Assert.EndsWith("|\n", report);
        Assert.DoesNotContain("\n\n\n", report);
    }

    private static ITaskItem Unbundled(string project, string name, string? framework, string kind, string reason)
    {
        var item = new TaskItem(project);
        item.SetMetadata("AssemblyName", name);
        item.SetMetadata("TargetFramework", framework ?? "");
        item.SetMetadata("ServiceKind", kind);
        item.SetMetadata("Reason", reason);
        return item;
    }

    [Fact]
    public void A_referenced_service_without_the_package_is_listed_as_not_onboarded_with_a_warning()
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(WriteServiceManifests(temp, temp.Combine("build")), temp.Combine("bundle"));
        task.ProjectDirectory = temp.Combine("repo", "handoff");
        var legacy = temp.Combine("repo", "src", "Legacy", "Legacy.csproj");
        var quiet = temp.Combine("repo", "src", "Quiet", "Quiet.csproj");
        task.UnbundledServices = new[]
        {
            Unbundled(legacy, "Legacy.Api", "net10.0", "web", "package"),
            Unbundled(legacy, "Legacy.Api", "net10.0", "web", "package"), // reported twice (-m, outer and inner build): once
            Unbundled(quiet, "Quiet", "net10.0", "worker", "manifest-off"),
        };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var notOnboarded = Assert.Single(engine.Warnings, w => w.Code == "OPSB118");
        Assert.Equal(legacy, notOnboarded.File);
        Assert.Contains("'Legacy.Api' (web) does not reference the OpsReady package", notOnboarded.Message);
        Assert.Equal(quiet, Assert.Single(engine.Warnings, w => w.Code == "OPSB119").File);

        using var index = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("bundle", "index.json")));
        var services = index.RootElement.GetProperty("services").EnumerateArray().ToArray();
        Assert.Equal(new[] { "Anonymous", "Legacy.Api", "Multi", "Multi", "Orders.Worker", "Payments.Api", "Quiet" }, services.Select(s => s.GetProperty("name").GetString()));
        var entry = services[1];
        Assert.False(entry.GetProperty("onboarded").GetBoolean());
        Assert.Equal("../src/Legacy/Legacy.csproj", entry.GetProperty("project").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("manifest").ValueKind);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("owner").ValueKind);
        Assert.False(entry.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.Equal("not-onboarded", entry.GetProperty("readiness").GetProperty("reason").GetString());
        Assert.Equal("manifest-off", services[6].GetProperty("readiness").GetProperty("reason").GetString());
        Assert.True(services[6].GetProperty("onboarded").GetBoolean());
        Assert.True(services[5].GetProperty("onboarded").GetBoolean());
        Assert.Equal("no-owner", services[0].GetProperty("readiness").GetProperty("reason").GetString());
        Assert.Equal("open-findings", services[4].GetProperty("readiness").GetProperty("reason").GetString());

        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.StartsWith("# Service handoff\n\n6 services, 2 ready for handoff, 2 with no ownership manifest.", report);
        Assert.Contains("| [Legacy.Api](#legacyapi) | web | unknown | unknown | unknown | unknown | unknown | **no** (not onboarded) |", report);
        Assert.Contains("## Legacy.Api\n\n- Kind: web, net10.0\n- **Not onboarded**: `../src/Legacy/Legacy.csproj` does not reference the OpsReady package", report);
        Assert.Contains("`../src/Quiet/Quiet.csproj` sets `OpsReadyManifest=false`", report);
        Assert.DoesNotContain(temp.Path, report);
        Assert.False(Directory.Exists(temp.Combine("bundle", "backstage", "Legacy.Api")));
        Assert.DoesNotContain("\n\n\n", report);
    }

    [Theory]
    [InlineData("https://github.com/contoso/services.git", "docs/runbooks/payments.md", "https://github.com/contoso/services/blob/0123456789abcdef/docs/runbooks/payments.md")]
    [InlineData("https://gitlab.com/contoso/services", "./docs/run book.md#restart", "https://gitlab.com/contoso/services/-/blob/0123456789abcdef/docs/run%20book.md#restart")]
    [InlineData("https://dev.azure.com/contoso/ops/_git/services", "docs/runbook.md", "https://dev.azure.com/contoso/ops/_git/services?path=/docs/runbook.md&version=GC0123456789abcdef")]
    [InlineData("https://bitbucket.org/contoso/services", "docs/runbook.md", "https://bitbucket.org/contoso/services/src/0123456789abcdef/docs/runbook.md")]
    [InlineData("https://git.example/contoso/services", "docs/runbook.md", null)]
    [InlineData("https://github.com/contoso/services", "../outside.md", null)]
    [InlineData("https://github.com/contoso/services", "docs/(x).md", "https://github.com/contoso/services/blob/0123456789abcdef/docs/%28x%29.md")]
    public void A_repo_relative_runbook_links_into_the_repository_at_the_commit_where_the_host_is_known(string repository, string runbook, string? expected)
        => Assert.Equal(expected, HandoffReportRenderer.SourceFileUrl(repository, "0123456789abcdef", runbook));

    [Fact]
    public void The_report_links_a_repo_relative_runbook_and_calls_a_ready_services_findings_notes()
    {
        using var temp = new TempDirectory();
        var repo = temp.Combine("repo");
        Directory.CreateDirectory(repo);
        var log = temp.Combine("repo", "notes.sarif");
        File.WriteAllText(log, HandoffFactsTests.Sarif21(repo, ("OPS102", "note", "src/Billing/Program.cs", 3, false)));
        var assembly = TestAssemblies.Compile(Directory.CreateDirectory(temp.Combine("asm")).FullName, "Billing", """
            [assembly: OpsReady.ServiceOwner("billing-team", Contact = "billing@contoso.example", Runbook = "docs/runbooks/billing.md")]
            public class C { }
            """);
        var write = new WriteOwnershipManifest
        {
            BuildEngine = new RecordingBuildEngine(),
            AssemblyPath = assembly,
            ManifestPath = temp.Combine("build", "Billing.ownership.json"),
            TargetFramework = "net10.0",
            ServiceKind = "web",
            RepositoryUrl = "https://github.com/contoso/billing.git",
            SourceRevisionId = "89abcdef01234567",
            DiagnosticsLog = log,
            RepositoryRoot = repo,
        };
        Assert.True(write.Execute());
        var (task, engine) = NewBundle(new[] { write.ManifestPath }, temp.Combine("bundle"));
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.Contains("- Runbook: [docs/runbooks/billing.md](https://github.com/contoso/billing/blob/89abcdef01234567/docs/runbooks/billing.md)\n", report);
        Assert.Contains("Ready. Notes (info-level findings, which do not block the handoff):\n\n| Rule |", report);
        Assert.DoesNotContain("Open findings", report);
        Assert.Contains("  - On call: **not declared**\n", report);
    }

    [Fact]
    public void The_report_says_where_a_probe_or_log_output_limited_by_environment_applies()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(Directory.CreateDirectory(temp.Combine("asm")).FullName, "Edge", """
            [assembly: OpsReady.ServiceOwner("edge-team")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.complete", "true")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.registered", "true")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/healthz;environments=!Development")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/never;environments=none")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console;source=code;environments=!Development")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=seq;source=code;environments=Development")]
            public class C { }
            """);
        var write = new WriteOwnershipManifest
        {
            BuildEngine = new RecordingBuildEngine(),
            AssemblyPath = assembly,
            ManifestPath = temp.Combine("build", "Edge.ownership.json"),
            TargetFramework = "net10.0",
            ServiceKind = "web",
        };
        Assert.True(write.Execute());
        var (task, engine) = NewBundle(new[] { write.ManifestPath }, temp.Combine("bundle"));
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.Contains("| `/healthz` | all checks | all except Development | no |\n", report);
        Assert.Contains("| `/never` | all checks | none | no |\n", report);
        Assert.Contains("Structured: json-console. Limited to some environments: json-console applies in all except Development; seq applies only in Development.\n", report);
        using var index = JsonDocument.Parse(File.ReadAllText(temp.Combine("bundle", "index.json")));
        var probes = index.RootElement.GetProperty("services")[0].GetProperty("health").GetProperty("probes");
        Assert.Equal(new[] { "[\"!Development\"]", "[]" }, probes.EnumerateArray().Select(p => JsonSerializer.Serialize(p.GetProperty("environments"))));
    }

    [Fact]
    public void Identical_duplicates_warn_OPSB111_and_are_listed_once()
    {
        using var temp = new TempDirectory();
        var manifests = WriteServiceManifests(temp, temp.Combine("build"));
        var copy = temp.Combine("other-job", "Payments.Api.ownership.json");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(manifests.Single(m => m.Contains("Payments.Api")), copy);

        var (task, engine) = NewBundle(manifests.Append(copy), temp.Combine("bundle"));
        Assert.True(task.Execute());
        var warning = Assert.Single(engine.Warnings, w => w.Code == "OPSB111");
        Assert.Contains("Payments.Api (net10.0)", warning.Message);
        Assert.Contains(copy, warning.Message);
        using var index = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("bundle", "index.json")));
        Assert.Single(index.RootElement.GetProperty("services").EnumerateArray(), s => s.GetProperty("name").GetString() == "Payments.Api");
    }

    [Fact]
    public void Same_service_with_different_content_is_OPSB112_and_writes_no_bundle()
    {
        using var temp = new TempDirectory();
        var manifests = WriteServiceManifests(temp, temp.Combine("build"));
        var original = manifests.Single(m => m.Contains("Payments.Api"));
        var conflicting = temp.Combine("other-job", "Payments.Api.ownership.json");
        Directory.CreateDirectory(Path.GetDirectoryName(conflicting)!);
        File.WriteAllText(conflicting, File.ReadAllText(original).Replace("\"team\": \"appops\"", "\"team\": \"sre\""));

        var (task, engine) = NewBundle(manifests.Append(conflicting), temp.Combine("bundle"));
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB112", error.Code);
        Assert.Contains("Payments.Api (net10.0)", error.Message);
        Assert.Contains(original, error.Message);
        Assert.Contains(conflicting, error.Message);
        Assert.False(Directory.Exists(temp.Combine("bundle")));
    }

    [Fact]
    public void Two_schema_versions_are_OPSB113_and_an_unknown_one_is_OPSB114()
    {
        using var temp = new TempDirectory();
        var manifests = WriteServiceManifests(temp, temp.Combine("build"));
        var newer = manifests[0];
        temp.NotAManifest(newer);
        File.WriteAllText(newer, File.ReadAllText(newer).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2"));

        var (mixed, engine) = NewBundle(manifests, temp.Combine("bundle"));
        Assert.False(mixed.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB113", error.Code);
        Assert.Contains("schemaVersion 2: " + newer, error.Message);

        var (only, onlyEngine) = NewBundle(new[] { newer }, temp.Combine("bundle"));
        Assert.False(only.Execute());
        Assert.Equal("OPSB114", Assert.Single(onlyEngine.Errors).Code);
    }

    [Theory]
    [InlineData("{ \"schemaVersion\": 1, \"service\": { \"name\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"hello\": \"world\" }")]
    [InlineData("")]
    public void Unreadable_or_foreign_files_are_OPSB110(string content)
    {
        using var temp = new TempDirectory();
        var bad = temp.Combine("bad.ownership.json");
        File.WriteAllText(bad, content);
        var (task, engine) = NewBundle(new[] { bad }, temp.Combine("bundle"));
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB110", error.Code);
        Assert.Equal(bad, error.File);
    }

    [Fact]
    public void A_manifest_with_a_field_of_the_wrong_type_is_OPSB110_naming_the_file_the_field_and_the_value()
    {
        using var temp = new TempDirectory();
        var bad = temp.Combine("bad.ownership.json");
        File.WriteAllText(bad, """{ "schemaVersion": 1, "service": { "name": "A" }, "health": { "known": "maybe" } }""");
        var (task, engine) = NewBundle(new[] { bad }, temp.Combine("bundle"));
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB110", error.Code);
        Assert.Equal("OpsReady cannot read the manifest '" + bad + "': health.known is \"maybe\", expected true or false", error.Message);
    }

    [Fact]
    public void No_manifest_is_OPSB115_warning_and_an_empty_bundle()
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(Array.Empty<string>(), temp.Combine("bundle"));
        Assert.True(task.Execute());
        Assert.Equal("OPSB115", Assert.Single(engine.Warnings).Code);
        using var index = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("bundle", "index.json")));
        Assert.Empty(index.RootElement.GetProperty("services").EnumerateArray());
    }

    [Fact]
    public void A_service_that_left_is_removed_from_the_bundle_and_unchanged_files_keep_their_time()
    {
        using var temp = new TempDirectory();
        var manifests = WriteServiceManifests(temp, temp.Combine("build"));
        var bundle = temp.Combine("bundle");
        Assert.True(NewBundle(manifests, bundle).Task.Execute());
        var kept = Path.Combine(bundle, "manifests", "Payments.Api.net10.0.ownership.json");
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(kept, stamp);
        File.WriteAllText(Path.Combine(bundle, "notes.txt"), "mine");

        Assert.True(Directory.Exists(Path.Combine(bundle, "backstage", "Orders.Worker")));
        Assert.True(NewBundle(manifests.Where(m => !m.Contains("Orders.Worker")), bundle).Task.Execute());
        Assert.False(File.Exists(Path.Combine(bundle, "manifests", "Orders.Worker.net10.0.ownership.json")));
        Assert.False(Directory.Exists(Path.Combine(bundle, "backstage", "Orders.Worker")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(kept));
        Assert.True(File.Exists(Path.Combine(bundle, "notes.txt")), "files the bundle does not own are left alone");
    }

    [Fact]
    public void Backstage_entity_has_owner_lifecycle_system_and_runbook_and_on_call_links()
    {
        using var temp = new TempDirectory();
        var (task, _) = NewBundle(WriteServiceManifests(temp, temp.Combine("build")), temp.Combine("bundle"));
        Assert.True(task.Execute());
        Assert.Equal("""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: "Payments.Api"
              title: "Payments.Api"
              annotations:
                opsready/ready: "true"
                opsready/owner-contact: "payments@contoso.example"
                opsready/operations-team: "appops"
                opsready/operations-contact: "#appops"
                opsready/operations-since: "2026-09-01"
                opsready/runbook: "https://wiki.example/payments"
                opsready/on-call: "https://oncall.example/payments"
                opsready/tier: "1"
                opsready/lifecycle: "maintenance"
                opsready/source-commit: "0123456789abcdef"
              tags:
                - "web"
              links:
                - url: "https://wiki.example/payments"
                  title: "Runbook"
                  icon: "docs"
                - url: "https://oncall.example/payments"
                  title: "On call"
                  icon: "alert"
                - url: "mailto:payments@contoso.example"
                  title: "Owner contact"
                  icon: "email"
            spec:
              type: service
              lifecycle: "production"
              owner: "group:payments-team"
              system: "payments"

            """.Replace("\r\n", "\n"), File.ReadAllText(temp.Combine("bundle", "backstage", "Payments.Api", "catalog-info.yaml")));
        // No owner declared: no entity, rather than an invented "unknown" owner and "experimental" lifecycle.
        Assert.False(Directory.Exists(temp.Combine("bundle", "backstage", "Anonymous")));
    }

    public static IEnumerable<object[]> HostileValues() => new[]
    {
        "team: evil\nspec:\n  owner: attacker",
        "\"quoted\" and \\ backslash",
        "# not a comment",
        "- not a list",
        "yes",
        "null",
        "&anchor *alias !tag",
        "---\n...",
        "tab\tand \u0001 control and \u0085 NEL \u2028 LS",
        "équipe 支付 \U0001F680",
        "{ flow: [map] }",
        "%TAG ! x",
        "`md` | pipe <b>html</b> [link](javascript:x)",
    }.Select(v => new object[] { v });

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Backstage_yaml_and_markdown_escape_every_value(string value)
    {
        using var temp = new TempDirectory();
        var literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
        var assembly = TestAssemblies.Compile(temp.Path, "Hostile", $$"""
            [assembly: OpsReady.ServiceOwner({{literal}}, Contact = {{literal}}, OnCall = {{literal}}, Runbook = {{literal}})]
            [assembly: OpsReady.OperationsHandoff({{literal}}, Contact = {{literal}}, Since = {{literal}})]
            public class C { }
            """);
        var manifest = temp.Combine("Hostile.ownership.json");
        Assert.True(new WriteOwnershipManifest { BuildEngine = new RecordingBuildEngine(), AssemblyPath = assembly, ManifestPath = manifest, TargetFramework = "net10.0", ServiceKind = "web" }.Execute());
        var (task, engine) = NewBundle(new[] { manifest }, temp.Combine("bundle"));
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var yaml = File.ReadAllText(temp.Combine("bundle", "backstage", "Hostile", "catalog-info.yaml"));
        var parsed = Yaml.Parse(yaml);
        // The team comes back exactly: as a group reference when it is a valid entity name, else as declared.
        Assert.Equal(System.Text.RegularExpressions.Regex.IsMatch(value, "^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$") ? "group:" + value : value, parsed["spec.owner"]);
        Assert.Equal(value, parsed["metadata.annotations.opsready/operations-team"]);
        Assert.Equal(value, parsed["metadata.annotations.opsready/operations-since"]);
        Assert.Equal("Hostile", parsed["metadata.name"]);
        Assert.Equal(new[] { "apiVersion", "kind", "metadata", "spec" }, yaml.Split('\n').Where(l => l.Length > 0 && l[0] != ' ').Select(l => l.Split(':')[0]));

        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        var table = report.Split('\n').Where(l => l.StartsWith("| [", StringComparison.Ordinal)).ToArray();
        Assert.Single(table);
        Assert.Equal(11, Regex.Matches(table[0], @"(?<!\\)\|").Count);
        Assert.DoesNotContain("<b>", report);
        Assert.DoesNotMatch(@"(?<!\\)\]\(javascript", report);
    }

    [Fact]
    public void Service_names_that_share_a_file_name_are_OPSB117()
    {
        using var temp = new TempDirectory();
        var paths = new[] { "A B", "A_B" }.Select(name =>
        {
            var assembly = TestAssemblies.Compile(temp.Path, name, "public class C { }");
            var manifest = temp.Combine(name + ".json");
            Assert.True(new WriteOwnershipManifest { BuildEngine = new RecordingBuildEngine(), AssemblyPath = assembly, ManifestPath = manifest, TargetFramework = "net10.0" }.Execute());
            return manifest;
        }).ToArray();
        var (task, engine) = NewBundle(paths, temp.Combine("bundle"));
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB117", error.Code);
        Assert.Contains("'A B', 'A_B'", error.Message);
    }

    [Theory]
    [InlineData("Payments.Api", "Payments.Api")]
    [InlineData("Contoso Payments (EU)", "Contoso-Payments--EU")]
    [InlineData("_Internal.", "Internal")]
    [InlineData("支付", "service")]
    public void Backstage_entity_names_are_valid(string service, string expected)
        => Assert.Equal(expected, BackstageRenderer.EntityName(service));

    [Fact]
    public void Without_a_system_the_Location_is_named_after_the_repository()
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(WriteServiceManifests(temp, temp.Combine("build")), temp.Combine("bundle"));
        task.BackstageSystem = null;
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Contains("  name: \"opsready-contoso-services\"\n", File.ReadAllText(temp.Combine("bundle", "backstage", "catalog-info.yaml")));

        // No Backstage export: no Location either.
        var (plain, _) = NewBundle(WriteServiceManifests(temp, temp.Combine("build2")), temp.Combine("bundle2"), backstage: false);
        Assert.True(plain.Execute());
        Assert.False(Directory.Exists(temp.Combine("bundle2", "backstage")));
    }

    /// <summary>Manifests of one service per runtime and audit state, as the build writes them from ResolveRuntimeSupport and ReadNuGetAudit.</summary>
    private static List<string> WritePatchingManifests(TempDirectory temp)
    {
        var cases = new (string Name, string Framework, string? Ends, string Audited, (string Package, string Version, string Severity, string? Advisory)[] Found)[]
        {
            ("Legacy", "net8.0", "2026-11-10", "true", new[] { ("Newtonsoft.Json", "12.0.1", "high", (string?)"https://github.com/advisories/GHSA-5crp-9r3c-p9vr"), ("System.Text.Encodings.Web", "4.5.0", "critical", null) }),
            ("Current", "net10.0", "2028-11-14", "true", Array.Empty<(string, string, string, string?)>()),
            ("Unchecked", "net10.0", "2028-11-14", "false", Array.Empty<(string, string, string, string?)>()),
            ("Exotic", "net11.0", null, "true", Array.Empty<(string, string, string, string?)>()),
        };
        var paths = new List<string>();
        foreach (var c in cases)
        {
            var assembly = TestAssemblies.Compile(Directory.CreateDirectory(temp.Combine("asm", c.Name)).FullName, c.Name,
                "[assembly: OpsReady.ServiceOwner(\"team\", Contact = \"team@contoso.example\")] public class C { }");
            var write = new WriteOwnershipManifest
            {
                BuildEngine = new RecordingBuildEngine(),
                AssemblyPath = assembly,
                ManifestPath = temp.Combine("build", c.Name + ".ownership.json"),
                TargetFramework = c.Framework,
                ServiceKind = "web",
                RuntimeFramework = c.Framework,
                RuntimeSupportEnds = c.Ends,
                Audited = c.Audited,
                Vulnerabilities = c.Found.Select(f =>
                {
                    var item = new TaskItem(f.Package);
                    item.SetMetadata("Version", f.Version);
                    item.SetMetadata("Severity", f.Severity);
                    item.SetMetadata("Advisory", f.Advisory ?? "");
                    return (ITaskItem)item;
                }).ToArray(),
            };
            Assert.True(write.Execute());
            paths.Add(write.ManifestPath);
        }

        return paths;
    }

    [Theory]
    [InlineData("2026-12-04", "ended", "supported")]
    [InlineData("2026-06-01", "ending", "supported")]
    [InlineData("2025-01-01", "supported", "supported")]
    [InlineData("2028-11-15", "ended", "ended")]
    public void The_bundle_judges_runtime_support_on_its_own_reference_date(string asOf, string legacy, string current)
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(WritePatchingManifests(temp), temp.Combine("bundle"));
        task.AsOf = asOf;
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.DoesNotContain(engine.Warnings, w => w.Code.StartsWith("OPSB13", StringComparison.Ordinal));

        using var index = JsonDocument.Parse(File.ReadAllText(temp.Combine("bundle", "index.json")));
        Assert.Equal(asOf, index.RootElement.GetProperty("asOf").GetString());
        var services = index.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        string Status(string name) => services[name].GetProperty("runtime").GetProperty("status").GetString()!;
        Assert.Equal(legacy, Status("Legacy"));
        Assert.Equal(current, Status("Current"));
        Assert.Equal("unknown", Status("Exotic")); // not in the support table: never flagged
        Assert.Equal("2026-11-10", services["Legacy"].GetProperty("runtime").GetProperty("supportEnds").GetString());
        Assert.Equal(JsonValueKind.Null, services["Exotic"].GetProperty("runtime").GetProperty("supportEnds").ValueKind);
    }

    [Fact]
    public void Index_and_report_tell_checked_from_unchecked_and_list_what_needs_patching()
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(WritePatchingManifests(temp), temp.Combine("bundle"));
        task.AsOf = "2026-12-04";
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        using var index = JsonDocument.Parse(File.ReadAllText(temp.Combine("bundle", "index.json")));
        var services = index.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var legacy = services["Legacy"].GetProperty("vulnerabilities");
        Assert.Equal(2, legacy.GetProperty("count").GetInt32());
        Assert.Equal("critical", legacy.GetProperty("worst").GetString());
        Assert.Equal(0, services["Current"].GetProperty("vulnerabilities").GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, services["Current"].GetProperty("vulnerabilities").GetProperty("worst").ValueKind);
        Assert.Equal(JsonValueKind.Null, services["Unchecked"].GetProperty("vulnerabilities").ValueKind);

        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.Contains("Patching as of 2026-12-04: 1 service on a .NET version past its end of support; 1 service shipping packages with known vulnerabilities; 1 service whose packages were not checked for vulnerabilities.\n\n", report);
        Assert.Contains("### Patching\n\n- Runtime: net8.0, **support ended on 2026-11-10**: it gets no more security fixes (OPS400)\n- Shipped packages: none\n- Known vulnerabilities: 2 reported by NuGet audit (OPS402):\n\n", report);
        Assert.Contains("| Newtonsoft.Json | 12.0.1 | high | <https://github.com/advisories/GHSA-5crp-9r3c-p9vr> |\n", report);
        Assert.Contains("| System.Text.Encodings.Web | 4.5.0 | critical | not given |\n", report);
        Assert.Contains("- Runtime: net10.0, supported until 2028-11-14\n- Shipped packages: none\n- Known vulnerabilities: none found by NuGet audit in the packages it ships\n", report);
        Assert.Contains("- Known vulnerabilities: **not checked**", report);
        Assert.Contains("- Runtime: net11.0, not in OpsReady's .NET support table: support not known\n", report);
        Assert.EndsWith("| **support ended** | **critical** (2) |", report.Split('\n').Single(l => l.StartsWith("| [Legacy]", StringComparison.Ordinal)));
        Assert.EndsWith("| supported | none |", report.Split('\n').Single(l => l.StartsWith("| [Current]", StringComparison.Ordinal)));
        Assert.EndsWith("| supported | not checked |", report.Split('\n').Single(l => l.StartsWith("| [Unchecked]", StringComparison.Ordinal)));
        Assert.EndsWith("| unknown | none |", report.Split('\n').Single(l => l.StartsWith("| [Exotic]", StringComparison.Ordinal)));

        // Six months earlier: support is ending, not ended, and the days left are counted.
        task.AsOf = "2026-06-01";
        Assert.True(task.Execute());
        report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.Contains("- Runtime: net8.0, support ends on 2026-11-10, in 162 days (OPS401)\n", report);
        Assert.Contains("Patching as of 2026-06-01: 1 service on a .NET version whose support ends within 180 days;", report);
    }

    [Fact]
    public void A_bad_reference_date_is_OPSB130_and_support_is_not_judged_rather_than_guessed()
    {
        using var temp = new TempDirectory();
        var (task, engine) = NewBundle(WritePatchingManifests(temp), temp.Combine("bundle"));
        task.AsOf = "next tuesday";
        task.SupportWarningDays = "-3";
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Contains(engine.Warnings, w => w.Code == "OPSB130" && w.Message!.Contains("'next tuesday'"));
        Assert.Contains(engine.Warnings, w => w.Code == "OPSB131" && w.Message!.Contains("'-3'"));

        using var index = JsonDocument.Parse(File.ReadAllText(temp.Combine("bundle", "index.json")));
        Assert.Equal(JsonValueKind.Null, index.RootElement.GetProperty("asOf").ValueKind);
        Assert.All(index.RootElement.GetProperty("services").EnumerateArray(), s => Assert.Equal("unknown", s.GetProperty("runtime").GetProperty("status").GetString()));
        var report = File.ReadAllText(temp.Combine("bundle", "handoff.md"));
        Assert.Contains("- Runtime: net8.0, support ends on 2026-11-10 (not judged: the bundle's reference date is not known)\n", report);
        Assert.DoesNotContain("past its end of support", report);
    }
}

/// <summary>
/// Reads the subset of YAML the bundle writes (block mappings and lists, double-quoted or plain scalars) the way a
/// YAML 1.2 parser does, to show that no value escapes its scalar. Keys are dotted paths.
/// </summary>
internal static class Yaml
{
    public static Dictionary<string, string> Parse(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            var text = line.Trim();
            if (text.StartsWith("- ", StringComparison.Ordinal))
            {
                text = text.Substring(2);
                indent += 2;
                if (text.StartsWith('"'))
                {
                    Scalar(text);
                    continue;
                }
            }

            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            var key = colon < 0 ? text.TrimEnd(':') : text.Substring(0, colon);
            Assert.False(key.StartsWith('"'), "a key is never quoted text from a manifest: " + line);
            while (path.Count > 0 && path[^1].Indent >= indent)
            {
                path.RemoveAt(path.Count - 1);
            }

            path.Add((indent, key));
            if (colon >= 0)
            {
                values[string.Join(".", path.Select(p => p.Key))] = Scalar(text.Substring(colon + 2));
            }
        }

        return values;
    }

    private static string Scalar(string text)
    {
        if (!text.StartsWith('"'))
        {
            Assert.Matches("^[A-Za-z0-9./-]+$", text);
            return text;
        }

        Assert.EndsWith("\"", text);
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            Assert.False(c == '"', "unescaped quote in " + text);
            Assert.False(c < 0x20 || c == '\u0085' || c == '\u2028' || c == '\u2029', "raw line break or control character in " + text);
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            var e = text[++i];
            switch (e)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'N': builder.Append('\u0085'); break;
                case 'L': builder.Append('\u2028'); break;
                case 'P': builder.Append('\u2029'); break;
                case 'u': builder.Append((char)Convert.ToInt32(text.Substring(i + 1, 4), 16)); i += 4; break;
                default: throw new InvalidOperationException("unknown escape \\" + e);
            }
        }

        return builder.ToString();
    }

}
