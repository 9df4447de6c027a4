using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks.Tests;

/// <summary>The manifest's handoff facts: dependencies, source, readiness, and the CI gate.</summary>
public class HandoffFactsTests
{
    private const string Owned = """
        [assembly: OpsReady.ServiceOwner("payments-team", Contact = "payments@contoso.example")]
        [assembly: System.Reflection.AssemblyInformationalVersion("2.3.1+0123456789abcdef0123456789abcdef01234567")]
        public class C { }
        """;

    private static WriteOwnershipManifest NewTask(TempDirectory temp, string assembly, RecordingBuildEngine engine) => new()
    {
        BuildEngine = engine,
        AssemblyPath = assembly,
        ManifestPath = temp.Combine("out", "m.ownership.json"),
        TargetFramework = "net10.0",
        ServiceKind = "web",
        ProjectDirectory = temp.Combine("repo", "src", "Payments"),
        RepositoryRoot = temp.Combine("repo"),
    };

    private static JsonElement Run(TempDirectory temp, WriteOwnershipManifest task, RecordingBuildEngine engine)
    {
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Code + " " + e.Message)));
        ManifestFormatTests.AssertRoundTrips(File.ReadAllText(task.ManifestPath), task.ManifestPath);
        return JsonDocument.Parse(File.ReadAllText(task.ManifestPath)).RootElement.Clone();
    }

    private static ITaskItem Asset(string path, string id, string version)
    {
        var item = new TaskItem(path);
        item.SetMetadata("NuGetPackageId", id);
        item.SetMetadata("NuGetPackageVersion", version);
        return item;
    }

    [Fact]
    public void Dependencies_are_the_shipped_packages_once_each_sorted_without_OpsReady()
    {
        using var temp = new TempDirectory();
        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        task.Dependencies = new[]
        {
            Asset("/nuget/serilog/4.3.0/lib/net8.0/Serilog.dll", "Serilog", "4.3.0"),
            Asset("/nuget/polly.core/8.5.0/lib/net8.0/Polly.Core.dll", "Polly.Core", "8.5.0"),
            Asset("/nuget/serilog/4.3.0/lib/net8.0/de/Serilog.resources.dll", "Serilog", "4.3.0"),
            Asset("/nuget/azure.core/1.44.1/lib/net8.0/Azure.Core.dll", "azure.core", "1.44.1"),
            Asset("/nuget/opsready/1.0.0/x.dll", "OpsReady", "1.0.0"),
            new TaskItem("/project/obj/NotAPackage.dll"),
        };

        var manifest = Run(temp, task, engine);
        var dependencies = manifest.GetProperty("dependencies").EnumerateArray()
            .Select(d => d.GetProperty("name").GetString() + "@" + d.GetProperty("version").GetString()).ToArray();
        Assert.Equal(new[] { "azure.core@1.44.1", "Polly.Core@8.5.0", "Serilog@4.3.0" }, dependencies);
        Assert.DoesNotContain("/nuget/", File.ReadAllText(task.ManifestPath));
    }

    [Theory]
    [InlineData("https://github.com/contoso/payments.git", "https://github.com/contoso/payments.git")]
    [InlineData("https://build-bot:s3cr3t-token@dev.azure.com/contoso/_git/payments", "https://dev.azure.com/contoso/_git/payments")]
    [InlineData("git@github.com:contoso/payments.git", "git@github.com:contoso/payments.git")]
    [InlineData("ssh://git@example.com/contoso/payments", "ssh://git@example.com/contoso/payments")]
    [InlineData("/home/runner/work/payments", null)]
    [InlineData("file:///home/runner/work/payments", null)]
    [InlineData("C:\\src\\payments", null)]
    [InlineData("", null)]
    public void Repository_is_a_remote_url_without_credentials(string url, string? expected)
    {
        using var temp = new TempDirectory();
        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        task.RepositoryUrl = url;
        var source = Run(temp, task, engine).GetProperty("source");
        Assert.Equal(expected, source.GetProperty("repository").GetString());
    }

    [Fact]
    public void Commit_is_SourceRevisionId_else_the_informational_version_metadata()
    {
        using var temp = new TempDirectory();
        var engine = new RecordingBuildEngine();
        var assembly = TestAssemblies.Compile(temp.Path, "Payments", Owned);
        var task = NewTask(temp, assembly, engine);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", Run(temp, task, engine).GetProperty("source").GetProperty("commit").GetString());

        task.SourceRevisionId = "feedface1234";
        Assert.Equal("feedface1234", Run(temp, task, engine).GetProperty("source").GetProperty("commit").GetString());

        var noCommit = TestAssemblies.Compile(temp.Path, "Build5", """[assembly: System.Reflection.AssemblyInformationalVersion("1.0.0+build.5")] public class C { }""");
        var other = NewTask(temp, noCommit, engine);
        Assert.Equal(JsonValueKind.Null, Run(temp, other, engine).GetProperty("source").GetProperty("commit").ValueKind);
    }

    /// <summary>A log of the shape csc writes with /errorlog:file,version=2.1.</summary>
    internal static string Sarif21(string repo, params (string Rule, string Level, string File, int Line, bool Suppressed)[] results) => $$"""
        {
          "$schema": "http://json.schemastore.org/sarif-2.1.0",
          "version": "2.1.0",
          "runs": [
            {
              "results": [
                {{string.Join(",\n", results.Select(r => $$"""
                {
                  "ruleId": "{{r.Rule}}",
                  "ruleIndex": 0,
                  "level": "{{r.Level}}",
                  "message": { "text": "{{r.Rule}} says \"fix me\"" },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{new Uri(Path.Combine(repo, r.File)).AbsoluteUri}}" }, "region": { "startLine": {{r.Line}}, "startColumn": 1 } } } ]{{(r.Suppressed ? ",\n \"suppressions\": [ { \"kind\": \"inSource\" } ]" : "")}}
                }
                """))}}
              ],
              "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "version": "5.0.0", "rules": [] } },
              "columnKind": "utf16CodeUnits"
            }
          ]
        }
        """;

    [Fact]
    public void Readiness_lists_the_OPS_results_of_the_compiler_log_and_decides_ready()
    {
        using var temp = new TempDirectory();
        var repo = temp.Combine("repo");
        var log = temp.Combine("repo", "src", "Payments", "obj", "Payments.opsready.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllText(log, Sarif21(repo,
            ("OPS004", "warning", "src/Payments/Ownership.cs", 3, false),
            ("CS0168", "warning", "src/Payments/Program.cs", 9, false),
            ("OPS002", "error", "src/Payments/Ownership.cs", 3, false),
            ("OPS102", "note", "src/Payments/Program.cs", 5, false),
            ("OPS200", "warning", "src/Payments/Program.cs", 7, true),
            ("OPSX01", "warning", "src/Payments/Program.cs", 7, false),
            ("OPS205", "warning", "../elsewhere/Shared.cs", 1, false),
            ("OPS002", "error", "src/Payments/Ownership.cs", 3, false)));

        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        task.DiagnosticsLog = log + ",version=2.1";
        var readiness = Run(temp, task, engine).GetProperty("readiness");

        Assert.False(readiness.GetProperty("ready").GetBoolean());
        var findings = readiness.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("level").GetString()} {f.GetProperty("file").GetString() ?? "-"}:{f.GetProperty("line")}")
            .ToArray();
        Assert.Equal(new[]
        {
            "OPS002 error src/Payments/Ownership.cs:3",
            "OPS004 warning src/Payments/Ownership.cs:3",
            "OPS102 note src/Payments/Program.cs:5",
            "OPS205 warning -:1",
        }, findings);
        Assert.Equal("OPS002 says \"fix me\"", readiness.GetProperty("findings")[0].GetProperty("message").GetString());
        Assert.DoesNotContain(temp.Path, File.ReadAllText(task.ManifestPath));
    }

    [Fact]
    public void Only_notes_left_and_an_owner_is_ready_and_a_SARIF_1_log_is_read_too()
    {
        using var temp = new TempDirectory();
        var repo = temp.Combine("repo");
        var file = new Uri(Path.Combine(repo, "src", "Payments", "Program.cs")).AbsoluteUri;
        var log = temp.Combine("errors.sarif");
        File.WriteAllText(log, $$"""
            {
              "$schema": "http://json.schemastore.org/sarif-1.0.0",
              "version": "1.0.0",
              "runs": [ { "tool": { "name": "csc" }, "results": [
                { "ruleId": "OPS206", "level": "note", "message": "placeholder", "locations": [ { "resultFile": { "uri": "{{file}}", "region": { "startLine": 4 } } } ] },
                { "ruleId": "OPS200", "level": "warning", "message": "hidden", "suppressionStates": [ "suppressedInSource" ], "locations": [] }
              ] } ]
            }
            """);
        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        task.DiagnosticsLog = log;
        var readiness = Run(temp, task, engine).GetProperty("readiness");
        Assert.True(readiness.GetProperty("ready").GetBoolean());
        var finding = Assert.Single(readiness.GetProperty("findings").EnumerateArray().ToArray());
        Assert.Equal("src/Payments/Program.cs", finding.GetProperty("file").GetString());
        Assert.Equal(4, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public void No_owner_is_never_ready_and_an_unreadable_log_is_OPSB101_and_not_ready()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("empty.sarif");
        File.WriteAllText(log, Sarif21(temp.Path));
        var engine = new RecordingBuildEngine();
        var unowned = NewTask(temp, TestAssemblies.Compile(temp.Path, "Unowned", "public class C { }"), engine);
        unowned.DiagnosticsLog = log;
        var readiness = Run(temp, unowned, engine).GetProperty("readiness");
        Assert.False(readiness.GetProperty("ready").GetBoolean());
        Assert.Empty(readiness.GetProperty("findings").EnumerateArray());

        File.WriteAllText(log, "{ \"runs\": [ truncated");
        var owned = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        owned.DiagnosticsLog = log;
        readiness = Run(temp, owned, engine).GetProperty("readiness");
        Assert.False(readiness.GetProperty("ready").GetBoolean());
        Assert.Equal(JsonValueKind.Null, readiness.GetProperty("findings").ValueKind);
        Assert.Equal("OPSB101", Assert.Single(engine.Warnings).Code);
    }

    [Fact]
    public void Gate_fails_with_OPSB100_naming_the_open_rules_and_passes_a_ready_service()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("repo", "x.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllText(log, Sarif21(temp.Combine("repo"),
            ("OPS100", "warning", "src/Payments/Program.cs", 1, false),
            ("OPS205", "warning", "src/Payments/Program.cs", 1, false),
            ("OPS205", "warning", "src/Payments/Program.cs", 2, false)));
        var engine = new RecordingBuildEngine();
        var write = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        write.DiagnosticsLog = log;
        Run(temp, write, engine);

        var gate = new CheckServiceReadiness { BuildEngine = engine, ManifestPath = write.ManifestPath, ProjectFile = "/src/Payments/Payments.csproj" };
        Assert.False(gate.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB100", error.Code);
        Assert.Equal("/src/Payments/Payments.csproj", error.File);
        Assert.Contains("'Payments' (net10.0) is not ready", error.Message);
        Assert.Contains("OPS100, OPS205 x2", error.Message);

        File.WriteAllText(log, Sarif21(temp.Combine("repo")));
        Run(temp, write, engine);
        engine.Errors.Clear();
        Assert.True(new CheckServiceReadiness { BuildEngine = engine, ManifestPath = write.ManifestPath }.Execute());
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void A_log_older_than_a_compiler_input_is_stale_never_a_verdict_and_the_gate_says_what_to_do()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("repo", "x.sarif");
        var source = temp.Combine("repo", "src", "Payments", "Program.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllText(log, Sarif21(temp.Combine("repo")));
        File.WriteAllText(source, "// edited after the log was written");
        File.SetLastWriteTimeUtc(log, DateTime.UtcNow.AddMinutes(-5));
        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        task.DiagnosticsLog = log;
        task.Readiness = "true";
        task.CompileInputs = new ITaskItem[] { new TaskItem(temp.Combine("repo", "missing.editorconfig")), new TaskItem(source) };
        var readiness = Run(temp, task, engine).GetProperty("readiness");
        Assert.False(readiness.GetProperty("ready").GetBoolean());
        Assert.Equal(JsonValueKind.Null, readiness.GetProperty("findings").ValueKind);
        Assert.Equal("stale", readiness.GetProperty("diagnostics").GetString());
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB102", warning.Code);
        Assert.Contains(source, warning.Message);

        var gate = new CheckServiceReadiness { BuildEngine = engine, ManifestPath = task.ManifestPath };
        Assert.False(gate.Execute());
        Assert.Contains("older than the sources", Assert.Single(engine.Errors).Message);
        Assert.Contains("--no-incremental", engine.Errors[0].Message);

        // The same log, written after the inputs: read, and the service is ready.
        File.SetLastWriteTimeUtc(log, DateTime.UtcNow.AddMinutes(1));
        engine.Warnings.Clear();
        readiness = Run(temp, task, engine).GetProperty("readiness");
        Assert.True(readiness.GetProperty("ready").GetBoolean());
        Assert.Equal("recorded", readiness.GetProperty("diagnostics").GetString());
        Assert.Empty(engine.Warnings);
    }

    [Theory]
    [InlineData(null, null, "off", "did not record readiness")]
    [InlineData("missing.sarif", "true", "missing", "wrote no diagnostics log")]
    [InlineData("missing.sarif", "false", "off", "did not record readiness")]
    public void Unknown_findings_say_why_in_the_manifest_and_the_gate(string? logName, string? readinessOn, string code, string gateText)
    {
        using var temp = new TempDirectory();
        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        task.DiagnosticsLog = logName == null ? null : temp.Combine(logName);
        task.Readiness = readinessOn;
        var readiness = Run(temp, task, engine).GetProperty("readiness");
        Assert.Equal(code, readiness.GetProperty("diagnostics").GetString());
        Assert.Equal(JsonValueKind.Null, readiness.GetProperty("findings").ValueKind);

        Assert.False(new CheckServiceReadiness { BuildEngine = engine, ManifestPath = task.ManifestPath }.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Contains("its findings are unknown: ", error.Message);
        Assert.Contains(gateText, error.Message);
        Assert.DoesNotContain("could not be read", error.Message);
    }

    [Fact]
    public void Schema_accepts_a_written_manifest_and_rejects_broken_ones()
    {
        using var temp = new TempDirectory();
        var engine = new RecordingBuildEngine();
        var task = NewTask(temp, TestAssemblies.Compile(temp.Path, "Payments", Owned), engine);
        Run(temp, task, engine);
        var json = File.ReadAllText(task.ManifestPath);
        Assert.Empty(OpsReady.Tests.Shared.ManifestSchema.Errors(json));

        Assert.NotEmpty(OpsReady.Tests.Shared.ManifestSchema.Errors(json.Replace("\"readiness\"", "\"readyness\"")));
        Assert.NotEmpty(OpsReady.Tests.Shared.ManifestSchema.Errors(json.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2")));
        Assert.NotEmpty(OpsReady.Tests.Shared.ManifestSchema.Errors(json.Replace("\"dependencies\": []", "\"dependencies\": [ { \"name\": \"\" } ]")));
    }
}
