using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using System.Text;
using System.Text.Json;

namespace OpsReady.Tasks.Tests;

public class WriteOwnershipManifestTests
{
    private const string FullOwnership = """
        using OpsReady;
        [assembly: ServiceOwner("payments-team",
            Contact = "payments@contoso.example",
            OnCall = "https://oncall.example/schedules/payments",
            Runbook = "https://wiki.example/payments/runbook",
            Lifecycle = ServiceLifecycle.Maintenance,
            Tier = 2)]
        [assembly: OperationsHandoff("appops", Contact = "appops@contoso.example", Since = "2026-09-01")]
        [assembly: System.Reflection.AssemblyInformationalVersion("2.3.1+abc123")]
        public class C { }
        """;

    private static (WriteOwnershipManifest Task, RecordingBuildEngine Engine) NewTask(string assembly, string manifest, string? collectDirectory = null, string? collectName = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new WriteOwnershipManifest
        {
            BuildEngine = engine,
            AssemblyPath = assembly,
            ManifestPath = manifest,
            CollectDirectory = collectDirectory,
            CollectFileName = collectName,
            TargetFramework = "net10.0",
            ServiceKind = "web",
        };
        return (task, engine);
    }

    [Fact]
    public void Writes_the_manifest_from_the_attributes_exactly()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Payments.Api", FullOwnership);
        var manifest = temp.Combine("out", "Payments.Api.ownership.json");
        var (task, engine) = NewTask(assembly, manifest);
        task.RuntimeFramework = "net10.0";
        task.RuntimeSupportEnds = "2028-11-14";
        // As @(RuntimeFramework) gives them: in the SDK's order, and a name twice never listed twice.
        task.SharedFrameworks = new ITaskItem[] { Framework("Microsoft.NETCore.App", "10.0.0"), Framework("Microsoft.AspNetCore.App", "10.0.0"), Framework("Microsoft.NETCore.App", "10.0.0") };
        task.Audited = "true";
        task.Vulnerabilities = new ITaskItem[]
        {
            Vulnerability("Newtonsoft.Json", "12.0.1", "high", "https://github.com/advisories/GHSA-5crp-9r3c-p9vr"),
            Vulnerability("Contoso.Legacy", "1.0.0", "unknown", ""),
        };

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        Assert.Equal("""
            {
              "$schema": "urn:opsready:ownership-manifest:1",
              "schemaVersion": 1,
              "service": {
                "name": "Payments.Api",
                "version": "2.3.1",
                "targetFramework": "net10.0",
                "kind": "web"
              },
              "ownership": {
                "team": "payments-team",
                "contact": "payments@contoso.example",
                "onCall": "https://oncall.example/schedules/payments",
                "runbook": "https://wiki.example/payments/runbook",
                "lifecycle": "maintenance",
                "tier": 2
              },
              "operations": {
                "team": "appops",
                "contact": "appops@contoso.example",
                "since": "2026-09-01"
              },
              "health": {
                "known": false,
                "registered": null,
                "endpoints": [],
                "publishers": null,
                "exposed": null
              },
              "logging": {
                "structured": false,
                "outputs": [],
                "sources": []
              },
              "runtime": {
                "framework": "net10.0",
                "supportEnds": "2028-11-14",
                "sharedFrameworks": [
                  {
                    "name": "Microsoft.AspNetCore.App",
                    "version": "10.0.0"
                  },
                  {
                    "name": "Microsoft.NETCore.App",
                    "version": "10.0.0"
                  }
                ]
              },
              "dependencies": [],
              "vulnerabilities": [
                {
                  "package": "Contoso.Legacy",
                  "version": "1.0.0",
                  "severity": "unknown",
                  "advisory": null
                },
                {
                  "package": "Newtonsoft.Json",
                  "version": "12.0.1",
                  "severity": "high",
                  "advisory": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr"
                }
              ],
              "source": {
                "repository": null,
                "commit": null
              },
              "readiness": {
                "ready": false,
                "findings": null,
                "diagnostics": "off"
              }
            }

            """.Replace("\r\n", "\n"), File.ReadAllText(manifest));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(manifest)!, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(", Tier = 0", null)]
    [InlineData(", Tier = 4", 4)]
    [InlineData(", Tier = 9", 9)]
    public void Records_the_tier_as_declared_and_null_when_not(string tier, int? expected)
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Tiered", "[assembly: OpsReady.ServiceOwner(\"team\"" + tier + ")] public class C { }");
        var manifest = temp.Combine("out", "Tiered.ownership.json");
        var (task, engine) = NewTask(assembly, manifest);
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        var json = File.ReadAllText(manifest);
        OpsReady.Tests.Shared.ManifestSchema.AssertValid(json, "the manifest");
        var recorded = JsonDocument.Parse(json).RootElement.GetProperty("ownership").GetProperty("tier");
        Assert.Equal(expected, recorded.ValueKind == JsonValueKind.Null ? null : recorded.GetInt32());
    }

    private static ITaskItem Framework(string name, string version)
    {
        var item = new TaskItem(name);
        item.SetMetadata("Version", version);
        return item;
    }

    [Fact]
    public void Writes_a_deterministic_CycloneDX_SBOM_beside_the_manifest_and_in_the_collect_folder()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Payments.Api", FullOwnership);
        var manifest = temp.Combine("out", "Payments.Api.ownership.json");
        var sbomPath = temp.Combine("out", "Payments.Api.cdx.json");
        var (task, engine) = NewTask(assembly, manifest, temp.Combine("collect"), "Payments.Api.net10.0.ownership.json");
        task.SbomPath = sbomPath;
        task.RuntimeFramework = "net10.0";
        task.SharedFrameworks = new ITaskItem[] { Framework("Microsoft.NETCore.App", "10.0.0"), Framework("Microsoft.AspNetCore.App", "10.0.0") };
        task.RepositoryUrl = "https://github.com/contoso/payments.git";
        task.SourceRevisionId = "0123456789abcdef";
        task.Dependencies = new ITaskItem[] { Package("/x/Serilog.dll", "Serilog", "4.3.0"), Package("/x/odd.dll", "Contoso.Odd", "1.0.0-beta+build.7") };

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        var first = File.ReadAllBytes(sbomPath);
        Assert.Equal(first, File.ReadAllBytes(temp.Combine("collect", "Payments.Api.net10.0.cdx.json")));

        using var sbom = JsonDocument.Parse(first);
        var root = sbom.RootElement;
        Assert.Equal("CycloneDX", root.GetProperty("bomFormat").GetString());
        Assert.Equal("1.6", root.GetProperty("specVersion").GetString());
        Assert.False(root.GetProperty("metadata").TryGetProperty("timestamp", out _));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", root.GetProperty("serialNumber").GetString());
        var service = root.GetProperty("metadata").GetProperty("component");
        Assert.Equal("application", service.GetProperty("type").GetString());
        Assert.Equal("Payments.Api", service.GetProperty("name").GetString());
        Assert.Equal("2.3.1", service.GetProperty("version").GetString());
        Assert.Contains(service.GetProperty("properties").EnumerateArray(), p => p.GetProperty("name").GetString() == "opsready:sourceCommit" && p.GetProperty("value").GetString() == "0123456789abcdef");
        Assert.Equal(
            new[] { "framework Microsoft.AspNetCore.App 10.0.0 ", "framework Microsoft.NETCore.App 10.0.0 ", "library Contoso.Odd 1.0.0-beta+build.7 pkg:nuget/Contoso.Odd@1.0.0-beta%2Bbuild.7", "library Serilog 4.3.0 pkg:nuget/Serilog@4.3.0" },
            root.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("type").GetString() + " " + c.GetProperty("name").GetString() + " " + c.GetProperty("version").GetString() + " " + (c.TryGetProperty("purl", out var purl) ? purl.GetString() : "")));

        // Same content, same bytes (serial number included); another dependency, another serial number.
        File.Delete(sbomPath);
        Assert.True(task.Execute());
        Assert.Equal(first, File.ReadAllBytes(sbomPath));
        task.Dependencies = new ITaskItem[] { Package("/x/Serilog.dll", "Serilog", "4.3.1") };
        Assert.True(task.Execute());
        using var changed = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
        Assert.NotEqual(root.GetProperty("serialNumber").GetString(), changed.RootElement.GetProperty("serialNumber").GetString());
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    private static ITaskItem Package(string path, string id, string version)
    {
        var item = new TaskItem(path);
        item.SetMetadata("NuGetPackageId", id);
        item.SetMetadata("NuGetPackageVersion", version);
        return item;
    }

    private static ITaskItem Vulnerability(string package, string version, string severity, string advisory)
    {
        var item = new TaskItem(package);
        item.SetMetadata("Version", version);
        item.SetMetadata("Severity", severity);
        item.SetMetadata("Advisory", advisory);
        return item;
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", true)]
    [InlineData("true", false)]
    public void Vulnerabilities_are_null_unless_the_audit_is_known_to_have_run_and_runtime_null_without_a_framework(string? audited, bool expectNull)
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Audited", "public class C { }");
        var manifest = temp.Combine("m.json");
        var (task, _) = NewTask(assembly, manifest);
        task.Audited = audited;
        task.Vulnerabilities = new[] { Vulnerability("A", "1.0.0", "low", "") };
        task.RuntimeSupportEnds = "2028-11-14";
        Assert.True(task.Execute());

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var vulnerabilities = json.RootElement.GetProperty("vulnerabilities");
        Assert.Equal(expectNull ? JsonValueKind.Null : JsonValueKind.Array, vulnerabilities.ValueKind);
        if (!expectNull)
        {
            Assert.Equal("A", Assert.Single(vulnerabilities.EnumerateArray()).GetProperty("package").GetString());
        }

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("runtime").ValueKind);
    }

    [Fact]
    public void An_audit_that_found_nothing_is_an_empty_list_and_a_framework_outside_the_table_has_no_support_end()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Clean", "public class C { }");
        var manifest = temp.Combine("m.json");
        var (task, _) = NewTask(assembly, manifest);
        task.Audited = "true";
        task.RuntimeFramework = "net11.0";
        Assert.True(task.Execute());

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        Assert.Empty(json.RootElement.GetProperty("vulnerabilities").EnumerateArray());
        Assert.Equal("net11.0", json.RootElement.GetProperty("runtime").GetProperty("framework").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("runtime").GetProperty("supportEnds").ValueKind);
    }

    [Fact]
    public void Missing_attributes_give_null_sections_and_the_default_lifecycle()
    {
        using var temp = new TempDirectory();
        var bare = TestAssemblies.Compile(temp.Path, "Bare", "public class C { }");
        var owned = TestAssemblies.Compile(temp.Path, "Owned", """[assembly: OpsReady.ServiceOwner("team")] public class C { }""");

        var (bareTask, _) = NewTask(bare, temp.Combine("bare.json"));
        var (ownedTask, _) = NewTask(owned, temp.Combine("owned.json"));
        Assert.True(bareTask.Execute());
        Assert.True(ownedTask.Execute());

        using var bareJson = JsonDocument.Parse(File.ReadAllText(temp.Combine("bare.json")));
        Assert.Equal(JsonValueKind.Null, bareJson.RootElement.GetProperty("ownership").ValueKind);
        Assert.Equal(JsonValueKind.Null, bareJson.RootElement.GetProperty("operations").ValueKind);
        Assert.Equal("0.0.0.0", bareJson.RootElement.GetProperty("service").GetProperty("version").GetString());

        using var ownedJson = JsonDocument.Parse(File.ReadAllText(temp.Combine("owned.json")));
        var ownership = ownedJson.RootElement.GetProperty("ownership");
        Assert.Equal("team", ownership.GetProperty("team").GetString());
        Assert.Equal(JsonValueKind.Null, ownership.GetProperty("contact").ValueKind);
        Assert.Equal("production", ownership.GetProperty("lifecycle").GetString());
    }

    [Fact]
    public void Same_assembly_gives_byte_identical_manifests()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Payments.Api", FullOwnership);
        var (first, _) = NewTask(assembly, temp.Combine("a.json"));
        var (second, _) = NewTask(assembly, temp.Combine("b.json"));
        Assert.True(first.Execute());
        Assert.True(second.Execute());
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.json")), File.ReadAllBytes(temp.Combine("b.json")));
        Assert.False(File.ReadAllBytes(temp.Combine("a.json")).Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
    }

    [Fact]
    public void Copies_to_the_collect_folder_under_the_given_name()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Payments.Api", FullOwnership);
        var collect = temp.Combine("collect");
        var (task, _) = NewTask(assembly, temp.Combine("out", "Payments.Api.ownership.json"), collect, "Payments.Api.net8.0.ownership.json");
        Assert.True(task.Execute());
        Assert.Equal(File.ReadAllBytes(temp.Combine("out", "Payments.Api.ownership.json")), File.ReadAllBytes(Path.Combine(collect, "Payments.Api.net8.0.ownership.json")));
        Assert.Equal(Path.Combine(collect, "Payments.Api.net8.0.ownership.json"), task.CollectedManifestPath);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../escape.ownership.json")]
    [InlineData("sub/dir.ownership.json")]
    [InlineData("sub\\dir.ownership.json")]
    [InlineData("..evil.json")]
    [InlineData("C:evil.json")]
    public void Collect_names_that_would_escape_the_folder_are_refused(string name)
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Payments.Api", FullOwnership);
        var collect = temp.Combine("collect");
        var manifest = temp.Combine("out", "m.json");
        var (task, engine) = NewTask(assembly, manifest, collect, name);

        Assert.False(task.Execute());
        Assert.Equal("OPSB003", Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(manifest), "nothing is written when the task fails");
        Assert.False(Directory.Exists(collect) && Directory.EnumerateFileSystemEntries(temp.Path, "*", SearchOption.AllDirectories).Any(p => p.Contains("escape")));
    }

    [Fact]
    public void Missing_assembly_is_OPSB001_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var manifest = temp.Combine("m.json");
        var (task, engine) = NewTask(temp.Combine("nope.dll"), manifest);
        Assert.False(task.Execute());
        Assert.Equal("OPSB001", Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(manifest));
    }

    public static IEnumerable<object[]> BrokenFiles()
    {
        yield return new object[] { "empty", Array.Empty<byte>() };
        yield return new object[] { "text", Encoding.UTF8.GetBytes("this is not an assembly") };
        yield return new object[] { "mz-only", new byte[] { (byte)'M', (byte)'Z', 0, 0, 0, 0 } };
        yield return new object[] { "truncated", null! };
        yield return new object[] { "native", null! };
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Unreadable_assembly_is_OPSB002_and_keeps_the_previous_manifest(string kind, byte[]? content)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("broken.dll");
        if (kind == "truncated")
        {
            var good = File.ReadAllBytes(TestAssemblies.Compile(temp.Path, "Good", FullOwnership));
            content = good.Take(good.Length / 3).ToArray();
        }
        else if (kind == "native")
        {
            // A PE file with no .NET metadata: take a managed one and blank its CLR header directory entry.
            var good = File.ReadAllBytes(TestAssemblies.Compile(temp.Path, "Good2", "public class C { }"));
            var peOffset = BitConverter.ToInt32(good, 0x3C);
            var optionalHeader = peOffset + 24;
            var isPe32Plus = BitConverter.ToUInt16(good, optionalHeader) == 0x20B;
            var clrDirectory = optionalHeader + (isPe32Plus ? 112 : 96) + 14 * 8;
            Array.Clear(good, clrDirectory, 8);
            content = good;
        }

        File.WriteAllBytes(path, content!);
        var manifest = temp.Combine("m.json");
        File.WriteAllText(manifest, "{\"previous\": true}\n");
        var (task, engine) = NewTask(path, manifest);

        Assert.False(task.Execute());
        Assert.Equal("OPSB002", Assert.Single(engine.Errors).Code);
        Assert.Contains("broken.dll", engine.Errors[0].Message);
        Assert.Equal("{\"previous\": true}\n", File.ReadAllText(manifest));
        Assert.Single(Directory.GetFiles(temp.Path, "*.json"));
    }

    public static IEnumerable<object[]> HardStrings() => new[]
    {
        "quote \" and backslash \\ and slash /",
        "new\nline and \r carriage and \t tab",
        "control \u0001\u001f\u007f chars",
        "non-ASCII: équipe-paiements, 支付团队, emoji \U0001F680",
        "separators \u2028 \u2029",
        new string('x', 100_000),
        "{\"json\": [1, 2]}",
        "</script><!--",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(HardStrings))]
    public void Attribute_values_round_trip_through_valid_json(string value)
    {
        using var temp = new TempDirectory();
        var literal = SymbolDisplayLiteral(value);
        var assembly = TestAssemblies.Compile(temp.Path, "Hard", $$"""
            [assembly: OpsReady.ServiceOwner({{literal}}, Contact = {{literal}}, Runbook = {{literal}})]
            [assembly: OpsReady.OperationsHandoff({{literal}}, Since = {{literal}})]
            public class C { }
            """);
        var manifest = temp.Combine("m.json");
        var (task, engine) = NewTask(assembly, manifest);
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var bytes = File.ReadAllBytes(manifest);
        // Escaped values read back to the same text and the same bytes.
        ManifestFormatTests.AssertRoundTrips(File.ReadAllText(manifest), "escaped manifest");
        using var json = JsonDocument.Parse(bytes);
        Assert.Equal(value, json.RootElement.GetProperty("ownership").GetProperty("team").GetString());
        Assert.Equal(value, json.RootElement.GetProperty("ownership").GetProperty("runbook").GetString());
        Assert.Equal(value, json.RootElement.GetProperty("operations").GetProperty("since").GetString());
        Assert.DoesNotContain(bytes, b => b < 0x20 && b != (byte)'\n');
    }

    [Fact]
    public void Never_runs_code_from_the_assembly_and_never_locks_it()
    {
        using var temp = new TempDirectory();
        var marker = temp.Combine("module-initializer-ran.txt");
        var assembly = TestAssemblies.Compile(temp.Path, "Initializer", $$"""
            [assembly: OpsReady.ServiceOwner("team")]
            static class Init
            {
                [System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Run() => System.IO.File.WriteAllText({{SymbolDisplayLiteral(marker)}}, "ran");
            }
            """);

        // The IDE or a parallel build may hold the assembly open for writing while the task reads it.
        using (var writer = new FileStream(assembly, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            var (task, engine) = NewTask(assembly, temp.Combine("m.json"));
            Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        }

        Assert.False(File.Exists(marker), "the task ran the assembly's module initializer");
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Initializer");

        // Nothing holds the file after the task: it can be overwritten and deleted.
        File.WriteAllBytes(assembly, new byte[] { 1, 2, 3 });
        File.Delete(assembly);
        Assert.False(File.Exists(assembly));
    }

    [Fact]
    public void Parallel_writers_leave_complete_valid_manifests()
    {
        using var temp = new TempDirectory();
        var collect = temp.Combine("collect");
        var assemblies = Enumerable.Range(0, 20)
            .Select(i => TestAssemblies.Compile(temp.Path, $"Service{i:00}", $$"""[assembly: OpsReady.ServiceOwner("team-{{i}}", Runbook = "{{new string('r', 50_000)}}")] public class C { }"""))
            .ToArray();

        // Every service writes its own file, and all of them also race on one shared name.
        var results = new bool[40];
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var assembly = assemblies[i % 20];
            var name = i < 20 ? null : "shared.ownership.json";
            var (task, _) = NewTask(assembly, temp.Combine("out", i.ToString(), "m.json"), collect, name);
            results[i] = task.Execute();
        });

        Assert.All(results, Assert.True);
        var files = Directory.GetFiles(collect);
        Assert.Equal(21, files.Length);
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            Assert.StartsWith("team-", json.RootElement.GetProperty("ownership").GetProperty("team").GetString());
        }

        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Facts_fill_the_health_and_logging_sections_in_a_stable_order()
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Facts", """
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=opentelemetry")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/health/ready;environments=all;grpc=false;probe=readiness")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/alive;environments=Development;grpc=false;probe=liveness")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/health/ready;environments=all;grpc=false;probe=readiness")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=;environments=all;grpc=true;probe=")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.registered", "true")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:health.endpoint", "path=/a%3Bb%25c;environments=Staging,Development")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:some.future.kind", "x=y")]
            public class C { }
            """);
        var manifest = temp.Combine("m.json");
        var (task, engine) = NewTask(assembly, manifest);
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var health = json.RootElement.GetProperty("health");
        Assert.True(health.GetProperty("registered").GetBoolean());
        var endpoints = health.GetProperty("endpoints").EnumerateArray().Select(e => e.ToString()).ToArray();
        Assert.Equal(4, endpoints.Length);
        Assert.Equal("""{"path":null,"environments":["all"],"grpc":true,"probe":null}""", Compact(endpoints[0]));
        Assert.Equal("""{"path":"/a;b%c","environments":["Development","Staging"],"grpc":false,"probe":null}""", Compact(endpoints[1]));
        Assert.Equal("""{"path":"/alive","environments":["Development"],"grpc":false,"probe":"liveness"}""", Compact(endpoints[2]));
        Assert.Equal("""{"path":"/health/ready","environments":["all"],"grpc":false,"probe":"readiness"}""", Compact(endpoints[3]));
        var logging = json.RootElement.GetProperty("logging");
        Assert.True(logging.GetProperty("structured").GetBoolean());
        Assert.Equal(new[] { "json-console", "opentelemetry" }, logging.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public void Logging_outputs_only_for_Development_are_sources_but_not_structured()
    {
        var logging = LoggingSection("DevOnly", """
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console;source=settings;environments=Development;from=appsettings.Development.json")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=seq;source=ServiceDefaults;environments=Development")]
            """);

        Assert.False(logging.GetProperty("structured").GetBoolean());
        Assert.Empty(logging.GetProperty("outputs").EnumerateArray());
        Assert.Equal(
            new[]
            {
                """{"output":"json-console","environments":["Development"],"source":"settings","from":"appsettings.Development.json"}""",
                """{"output":"seq","environments":["Development"],"source":"reference","from":"ServiceDefaults"}""",
            },
            logging.GetProperty("sources").EnumerateArray().Select(s => Compact(s.ToString())));
    }

    [Fact]
    public void Logging_sources_record_code_settings_and_references_with_their_environments()
    {
        var logging = LoggingSection("Mixed", """
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console;source=settings;environments=Production;from=appsettings.Production.json")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console;source=settings;environments=Development;from=appsettings.Development.json")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=opentelemetry;source=code;environments=all")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=opentelemetry;source=code;environments=all")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=seq;source=Contoso.ServiceDefaults")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=nlog-json;source=settings;environments=Development;from=appsettings.Development.json")]
            """);

        Assert.True(logging.GetProperty("structured").GetBoolean());
        // nlog-json is configured only for Development: a source, not an output.
        Assert.Equal(new[] { "json-console", "opentelemetry", "seq" }, logging.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(
            new[]
            {
                """{"output":"json-console","environments":["Development"],"source":"settings","from":"appsettings.Development.json"}""",
                """{"output":"json-console","environments":["Production"],"source":"settings","from":"appsettings.Production.json"}""",
                """{"output":"nlog-json","environments":["Development"],"source":"settings","from":"appsettings.Development.json"}""",
                """{"output":"opentelemetry","environments":["all"],"source":"code","from":null}""",
                """{"output":"seq","environments":["all"],"source":"reference","from":"Contoso.ServiceDefaults"}""",
            },
            logging.GetProperty("sources").EnumerateArray().Select(s => Compact(s.ToString())));
    }

    /// <summary>The logging section of the manifest written for an assembly with these facts (validated against the schema on dispose).</summary>
    [Theory]
    [InlineData("all", "[\"all\"]")]
    [InlineData("", "[\"all\"]")]
    [InlineData("Staging,Development", "[\"Development\",\"Staging\"]")]
    // Under if (!app.Environment.IsDevelopment()): every environment but Development, never a name "!Development".
    [InlineData("!Development", "[\"!Development\"]")]
    [InlineData("!Staging,!Development", "[\"!Development\",\"!Staging\"]")]
    // Conditions that cannot both hold (IsDevelopment() && IsProduction()): no environment, never a name "none".
    [InlineData("none", "[]")]
    public void Health_endpoint_environments_are_read_as_an_environment_set(string environments, string expected)
    {
        var health = Health(Fact("health.complete", "true") + Fact("health.registered", "true") + Fact("health.endpoint", "path=/healthz;environments=" + environments));
        Assert.Equal(expected, Compact(Assert.Single(health.GetProperty("endpoints").EnumerateArray()).GetProperty("environments").ToString()));
    }

    [Theory]
    [InlineData("!Development", true, "[\"!Development\"]")]
    [InlineData("!Production", true, "[\"!Production\"]")]
    [InlineData("none", false, "[]")]
    [InlineData("Development", false, "[\"Development\"]")]
    public void A_logging_output_is_structured_when_it_applies_outside_Development(string environments, bool structured, string expected)
    {
        var logging = LoggingSection("Env", "[assembly: System.Reflection.AssemblyMetadata(\"OpsReady.Fact:logging.output\", \"name=json-console;source=code;environments=" + environments + "\")]");
        Assert.Equal(structured, logging.GetProperty("structured").GetBoolean());
        Assert.Equal(expected, Compact(Assert.Single(logging.GetProperty("sources").EnumerateArray()).GetProperty("environments").ToString()));
    }

    private static JsonElement LoggingSection(string name, string facts)
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, name, facts + "\npublic class C { }");
        var manifest = temp.Combine("m.json");
        var (task, engine) = NewTask(assembly, manifest);
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        var text = File.ReadAllText(manifest);
        OpsReady.Tests.Shared.ManifestSchema.AssertValid(text, "logging manifest");
        ManifestFormatTests.AssertRoundTrips(text, "logging manifest");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("logging").Clone();
    }

    [Fact]
    public void Only_AssemblyMetadata_keys_with_the_fact_prefix_are_facts()
    {
        using var temp = new TempDirectory();
        // The SDK and users write AssemblyMetadata of their own (RepositoryUrl, IsTrimmable, ...): those are not facts,
        // nor is a key that only resembles the prefix.
        var assembly = TestAssemblies.Compile(temp.Path, "Metadata", """
            [assembly: System.Reflection.AssemblyMetadata("RepositoryUrl", "https://example.test/repo")]
            [assembly: System.Reflection.AssemblyMetadata("opsready.fact:logging.output", "name=seq")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:", "name=nlog-json")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", null)]
            [assembly: System.Reflection.AssemblyMetadata(null, "name=serilog-json")]
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=opentelemetry")]
            public class C { }
            """);
        var manifest = temp.Combine("m.json");
        var (task, engine) = NewTask(assembly, manifest);
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        Assert.Equal(new[] { "opentelemetry" }, json.RootElement.GetProperty("logging").GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        // No health.complete fact: what health does is unknown, never "not registered".
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("health").GetProperty("registered").ValueKind);
    }

    /// <summary>The health section from these facts, after checking the manifest against the schema.</summary>
    private static JsonElement Health(string facts)
    {
        using var temp = new TempDirectory();
        var assembly = TestAssemblies.Compile(temp.Path, "Health", facts + "\npublic class C { }\n");
        var manifest = temp.Combine("m.json");
        var (task, _) = NewTask(assembly, manifest);
        Assert.True(task.Execute());
        var text = File.ReadAllText(manifest);
        OpsReady.Tests.Shared.ManifestSchema.AssertValid(text, "health manifest");
        ManifestFormatTests.AssertRoundTrips(text, "health manifest");
        return JsonDocument.Parse(text).RootElement.GetProperty("health").Clone();
    }

    private static string Fact(string kind, string value) => $"[assembly: System.Reflection.AssemblyMetadata(\"OpsReady.Fact:{kind}\", \"{value}\")]\n";

    [Fact]
    public void A_complete_walk_that_found_nothing_states_the_absence()
    {
        var health = Health(Fact("health.complete", "true"));
        Assert.True(health.GetProperty("known").GetBoolean());
        Assert.False(health.GetProperty("registered").GetBoolean());
        Assert.False(health.GetProperty("publishers").GetBoolean());
        Assert.False(health.GetProperty("exposed").GetBoolean());
        Assert.Empty(health.GetProperty("endpoints").EnumerateArray());
    }

    [Fact]
    public void An_incomplete_walk_keeps_what_it_found_and_leaves_absences_unknown()
    {
        var health = Health(Fact("health.complete", "false") + Fact("health.registered", "true"));
        Assert.False(health.GetProperty("known").GetBoolean());
        Assert.True(health.GetProperty("registered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, health.GetProperty("publishers").ValueKind);
        Assert.Equal(JsonValueKind.Null, health.GetProperty("exposed").ValueKind);
    }

    [Fact]
    public void One_incomplete_record_makes_the_whole_unknown_whatever_the_order()
    {
        foreach (var facts in new[] { Fact("health.complete", "true") + Fact("health.complete", "false"), Fact("health.complete", "false") + Fact("health.complete", "true") })
        {
            var health = Health(facts);
            Assert.False(health.GetProperty("known").GetBoolean());
            Assert.Equal(JsonValueKind.Null, health.GetProperty("registered").ValueKind);
        }
    }

    [Fact]
    public void A_worker_that_publishes_is_exposed_without_an_endpoint()
    {
        var health = Health(Fact("health.complete", "true") + Fact("health.registered", "true") + Fact("health.publisher", "true"));
        Assert.True(health.GetProperty("publishers").GetBoolean());
        Assert.True(health.GetProperty("exposed").GetBoolean());
    }

    [Fact]
    public void A_worker_that_registers_checks_nobody_can_probe_is_not_exposed()
    {
        var health = Health(Fact("health.complete", "true") + Fact("health.registered", "true"));
        Assert.True(health.GetProperty("registered").GetBoolean());
        Assert.False(health.GetProperty("exposed").GetBoolean());
    }

    [Fact]
    public void An_endpoint_found_by_an_incomplete_walk_is_exposed()
    {
        var health = Health(Fact("health.complete", "false") + Fact("health.endpoint", "path=/health;environments=all;grpc=false;probe="));
        Assert.True(health.GetProperty("exposed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, health.GetProperty("publishers").ValueKind);
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static string SymbolDisplayLiteral(string value)
        => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
