using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using OpsReady.Contract;

namespace OpsReady.Tasks.Tests;

/// <summary>
/// ReadNuGetAudit: NuGet audit's findings as restore recorded them in project.assets.json (the "logs" NuGet writes, in
/// the shape NuGet 6.x/7.x writes them), filtered to what the service ships in this framework, and whether "none found"
/// is established.
/// </summary>
public class ReadNuGetAuditTests
{
    private const string NewtonsoftAdvisory = "https://github.com/advisories/GHSA-5crp-9r3c-p9vr";

    private static JsonObject AuditLog(string code, string package, string? url, string level = "Warning", string graph = "net10.0", string? prefix = null)
        => new()
        {
            ["code"] = code,
            ["level"] = level,
            ["warningLevel"] = 1,
            ["message"] = prefix + $"Package '{package}' 1.0.0 has a known high severity vulnerability" + (url == null ? "" : ", " + url),
            ["libraryId"] = package,
            ["targetGraphs"] = new JsonArray(graph),
        };

    /// <summary>An assets file with the given logs, audit on (mode all unless told), reading the given NuGet config files.</summary>
    private static string Assets(TempDirectory temp, IEnumerable<JsonObject> logs, string? auditMode = "all", bool audit = true, params string[] configFiles)
    {
        var restore = new JsonObject
        {
            ["projectName"] = "Payments.Api",
            ["configFilePaths"] = new JsonArray(configFiles.Select(f => (JsonNode)System.Text.Json.Nodes.JsonValue.Create(f)!).ToArray()),
        };
        if (audit)
        {
            var properties = new JsonObject { ["enableAudit"] = "true", ["auditLevel"] = "low" };
            if (auditMode != null)
            {
                properties["auditMode"] = auditMode;
            }

            restore["restoreAuditProperties"] = properties;
        }

        var root = new JsonObject
        {
            ["version"] = 3,
            ["project"] = new JsonObject { ["version"] = "1.0.0", ["restore"] = restore },
            ["logs"] = new JsonArray(logs.Select(l => (JsonNode)l).ToArray()),
        };
        var path = temp.Combine("obj", "project.assets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private static string NuGetConfig(TempDirectory temp, string folder, string auditSources)
    {
        var path = temp.Combine(folder, "nuget.config");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources><add key=\"mirror\" value=\"https://mirror.example/v3/index.json\" /></packageSources>\n{auditSources}\n</configuration>\n");
        return path;
    }

    private const string OneAuditSource = "  <auditSources><add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" /></auditSources>";

    private static ITaskItem Shipped(string package, string version, string file = "lib/net8.0/x.dll")
    {
        var item = new TaskItem("/packages/" + package.ToLowerInvariant() + "/" + version + "/" + file);
        item.SetMetadata("NuGetPackageId", package);
        item.SetMetadata("NuGetPackageVersion", version);
        return item;
    }

    private static readonly ITaskItem[] Ships = { Shipped("Newtonsoft.Json", "12.0.1"), Shipped("Contoso.Legacy", "1.0.0"), Shipped("Contoso.Legacy", "1.0.0", "lib/net8.0/y.dll") };

    private static (ReadNuGetAudit Task, RecordingBuildEngine Engine) Run(TempDirectory temp, string? assets, string? nuGetAudit = null, string? level = null, ITaskItem[]? ships = null, string framework = "net10.0")
    {
        Directory.CreateDirectory(temp.Combine("obj"));
        var engine = new RecordingBuildEngine();
        var task = new ReadNuGetAudit
        {
            BuildEngine = engine,
            AssetsFile = assets,
            NuGetAudit = nuGetAudit,
            TargetFramework = framework,
            NuGetTargetMoniker = ".NETCoreApp,Version=v10.0",
            ShippedPackages = ships ?? Ships,
            VulnerabilityLevel = level,
            AuditFilePath = temp.Combine("obj", "Payments.Api.opsready-audit.txt"),
            ProjectFile = temp.Combine("Payments.Api.csproj"),
        };
        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        return (task, engine);
    }

    private static string[] Found(ReadNuGetAudit task)
        => task.Vulnerabilities.Select(v => $"{v.ItemSpec} {v.GetMetadata("Version")} {v.GetMetadata("Severity")} {v.GetMetadata("Advisory")}".TrimEnd()).ToArray();

    private static string AuditFileText(TempDirectory temp) => File.ReadAllText(temp.Combine("obj", "Payments.Api.opsready-audit.txt"));

    [Fact]
    public void Reads_findings_with_severity_and_advisory_into_the_outputs_and_the_audit_file()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[]
        {
            AuditLog("NU1903", "Newtonsoft.Json", NewtonsoftAdvisory),
            AuditLog("NU1901", "Contoso.Legacy", "https://github.com/advisories/GHSA-aaaa-bbbb-cccc."),
            AuditLog("NU1603", "Other.Package", null), // not an audit code
        });

        var (task, engine) = Run(temp, assets);

        Assert.Equal("true", task.Audited);
        Assert.Equal(new[]
        {
            "Contoso.Legacy 1.0.0 low https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
            "Newtonsoft.Json 12.0.1 high " + NewtonsoftAdvisory,
        }, Found(task));
        Assert.Equal(
            "Contoso.Legacy\t1.0.0\tlow\thttps://github.com/advisories/GHSA-aaaa-bbbb-cccc\n" +
            "Newtonsoft.Json\t12.0.1\thigh\t" + NewtonsoftAdvisory + "\n",
            AuditFileText(temp));
        Assert.Empty(engine.Warnings);
        Assert.Equal("high", task.EffectiveLevel);
    }

    [Fact]
    public void A_finding_NuGet_raised_as_an_error_is_read_the_same()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1904", "Newtonsoft.Json", NewtonsoftAdvisory, level: "Error", prefix: "Warning As Error: ") });

        var (task, _) = Run(temp, assets);

        Assert.Equal(new[] { "Newtonsoft.Json 12.0.1 critical " + NewtonsoftAdvisory }, Found(task));
        Assert.Equal("true", task.Audited);
    }

    [Fact]
    public void The_same_finding_from_two_graphs_of_this_framework_is_recorded_once()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[]
        {
            AuditLog("NU1903", "Newtonsoft.Json", NewtonsoftAdvisory, graph: "net10.0"),
            AuditLog("NU1903", "newtonsoft.json", NewtonsoftAdvisory, graph: "net10.0/linux-x64"),
        });

        var (task, _) = Run(temp, assets);

        Assert.Single(task.Vulnerabilities);
    }

    [Fact]
    public void Findings_of_another_framework_are_not_this_manifests()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1903", "Newtonsoft.Json", NewtonsoftAdvisory, graph: "net8.0") }, configFiles: NuGetConfig(temp, "", OneAuditSource));

        var (task, _) = Run(temp, assets);

        Assert.Empty(task.Vulnerabilities);
        Assert.Equal("true", task.Audited);
        Assert.Equal("", AuditFileText(temp));
    }

    [Fact]
    public void A_package_the_service_does_not_ship_is_not_recorded()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1903", "Build.Only.Analyzer", "https://github.com/advisories/GHSA-1111-2222-3333") });

        var (task, engine) = Run(temp, assets);

        Assert.Empty(task.Vulnerabilities);
        Assert.Contains(engine.Messages, m => m.Contains("'Build.Only.Analyzer', which the service does not ship", StringComparison.Ordinal));
        // The finding proves an audit source served advisories, even with no <auditSources>: what ships was checked, none found.
        Assert.Equal("true", task.Audited);
    }

    [Fact]
    public void The_shipped_version_is_recorded_and_a_finding_without_a_url_has_no_advisory()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1902", "Contoso.Legacy", null) });

        var (task, _) = Run(temp, assets);

        var finding = Assert.Single(task.Vulnerabilities);
        Assert.Equal("1.0.0", finding.GetMetadata("Version"));
        Assert.Equal("moderate", finding.GetMetadata("Severity"));
        Assert.Equal("", finding.GetMetadata("Advisory"));
        Assert.Equal("Contoso.Legacy\t1.0.0\tmoderate\t\n", AuditFileText(temp));
    }

    [Theory]
    [InlineData("false")]
    [InlineData(" False ")]
    public void NuGetAudit_false_is_not_audited(string value)
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1903", "Newtonsoft.Json", NewtonsoftAdvisory) });

        var (task, _) = Run(temp, assets, nuGetAudit: value);

        Assert.Equal("false", task.Audited);
        Assert.Empty(task.Vulnerabilities);
        Assert.Equal("", AuditFileText(temp));
    }

    [Fact]
    public void No_assets_file_is_not_audited_and_not_a_warning()
    {
        using var temp = new TempDirectory();

        var (task, engine) = Run(temp, temp.Combine("obj", "project.assets.json"));

        Assert.Equal("false", task.Audited);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void An_assets_file_without_audit_properties_is_not_audited()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, Array.Empty<JsonObject>(), audit: false, configFiles: NuGetConfig(temp, "", OneAuditSource));

        var (task, _) = Run(temp, assets);

        Assert.Equal("false", task.Audited);
    }

    [Fact]
    public void A_malformed_assets_file_is_OPSB132_naming_it_and_not_audited()
    {
        using var temp = new TempDirectory();
        var assets = temp.Combine("obj", "project.assets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(assets)!);
        File.WriteAllText(assets, "{ \"logs\": [ ");

        var (task, engine) = Run(temp, assets);

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB132", warning.Code);
        Assert.Equal(assets, warning.File);
        Assert.Contains(assets, warning.Message, StringComparison.Ordinal);
        Assert.Equal("false", task.Audited);
    }

    [Theory]
    [InlineData("NU1900")] // the audit could not read a source's vulnerability data
    [InlineData("NU1905")] // an audit source serves no vulnerability data
    public void An_audit_that_did_not_complete_is_not_audited_but_its_findings_still_count(string code)
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[]
        {
            AuditLog("NU1903", "Newtonsoft.Json", NewtonsoftAdvisory),
            new JsonObject { ["code"] = code, ["level"] = "Warning", ["message"] = "Error occurred while getting package vulnerability data", ["targetGraphs"] = new JsonArray() },
        }, configFiles: NuGetConfig(temp, "", OneAuditSource));

        var (task, _) = Run(temp, assets);

        Assert.Equal("false", task.Audited);
        Assert.Single(task.Vulnerabilities);
        Assert.Contains("Newtonsoft.Json", AuditFileText(temp), StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_code_OpsReady_does_not_know_is_OPSB135_with_severity_unknown()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1909", "Contoso.Legacy", null) });

        var (task, engine) = Run(temp, assets);

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB135", warning.Code);
        Assert.Contains("NU1909", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Contoso.Legacy", warning.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Contoso.Legacy 1.0.0 unknown" }, Found(task));
    }

    [Fact]
    public void Nothing_found_with_an_audit_source_configured_is_audited_and_empty()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, Array.Empty<JsonObject>(), configFiles: NuGetConfig(temp, "", OneAuditSource));

        var (task, _) = Run(temp, assets);

        Assert.Equal("true", task.Audited);
        Assert.Empty(task.Vulnerabilities);
    }

    [Fact]
    public void Nothing_found_without_an_audit_source_is_not_known()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, Array.Empty<JsonObject>(), configFiles: NuGetConfig(temp, "", ""));

        var (task, engine) = Run(temp, assets);

        Assert.Equal("false", task.Audited);
        Assert.Contains(engine.Messages, m => m.Contains("<auditSources>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nearer_config_that_clears_the_audit_sources_leaves_none()
    {
        using var temp = new TempDirectory();
        var far = NuGetConfig(temp, "", OneAuditSource);
        var near = NuGetConfig(temp, "src", "  <auditSources><clear /></auditSources>");
        var assets = Assets(temp, Array.Empty<JsonObject>(), configFiles: new[] { near, far }); // nearest first, as NuGet lists them

        var (task, _) = Run(temp, assets);

        Assert.Equal("false", task.Audited);
    }

    [Fact]
    public void A_nearer_config_may_add_an_audit_source_after_a_farther_one_clears()
    {
        using var temp = new TempDirectory();
        var far = NuGetConfig(temp, "", "  <auditSources><clear /></auditSources>");
        var near = NuGetConfig(temp, "src", OneAuditSource);
        var assets = Assets(temp, Array.Empty<JsonObject>(), configFiles: new[] { near, far });

        var (task, _) = Run(temp, assets);

        Assert.Equal("true", task.Audited);
    }

    [Fact]
    public void A_malformed_NuGet_config_is_OPSB132_and_not_audited()
    {
        using var temp = new TempDirectory();
        var config = temp.Combine("nuget.config");
        File.WriteAllText(config, "<configuration><auditSources>");
        var assets = Assets(temp, Array.Empty<JsonObject>(), configFiles: config);

        var (task, engine) = Run(temp, assets);

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB132", warning.Code);
        Assert.Equal(config, warning.File);
        Assert.Equal("false", task.Audited);
    }

    [Fact]
    public void Audit_mode_direct_with_nothing_found_is_not_known_for_the_transitive_packages()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, Array.Empty<JsonObject>(), auditMode: "direct", configFiles: NuGetConfig(temp, "", OneAuditSource));

        var (task, engine) = Run(temp, assets);

        Assert.Equal("false", task.Audited);
        Assert.Contains(engine.Messages, m => m.Contains("NuGetAuditMode is direct", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "high")]
    [InlineData("", "high")]
    [InlineData(" Moderate ", "moderate")]
    [InlineData("CRITICAL", "critical")]
    public void The_level_is_read_in_any_case(string? level, string expected)
    {
        using var temp = new TempDirectory();

        var (task, engine) = Run(temp, null, level: level);

        Assert.Equal(expected, task.EffectiveLevel);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void A_level_that_is_not_one_is_OPSB134_and_the_default_applies()
    {
        using var temp = new TempDirectory();

        var (task, engine) = Run(temp, null, level: "severe");

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB134", warning.Code);
        Assert.Contains("'severe'", warning.Message, StringComparison.Ordinal);
        Assert.Equal("high", task.EffectiveLevel);
    }

    [Fact]
    public void An_unchanged_audit_file_is_not_rewritten_so_the_compile_does_not_rerun()
    {
        using var temp = new TempDirectory();
        var assets = Assets(temp, new[] { AuditLog("NU1903", "Newtonsoft.Json", NewtonsoftAdvisory) });
        Run(temp, assets);
        var file = temp.Combine("obj", "Payments.Api.opsready-audit.txt");
        var before = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, before);

        Run(temp, assets);
        Assert.Equal(before, File.GetLastWriteTimeUtc(file));

        File.WriteAllText(assets, File.ReadAllText(assets).Replace("NU1903", "NU1904", StringComparison.Ordinal));
        Run(temp, assets);
        Assert.NotEqual(before, File.GetLastWriteTimeUtc(file));
        Assert.Contains("\tcritical\t", AuditFileText(temp), StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_file_format_round_trips_and_never_splits_a_line()
    {
        var entries = new[]
        {
            new AuditEntry("Contoso.Legacy", "1.0.0", "unknown", null),
            new AuditEntry("Newtonsoft.Json", "12.0.1", "high", NewtonsoftAdvisory),
            new AuditEntry("Odd\tName", "1.0\n", "low", "https://x.example/a\tb"),
        };

        var text = AuditFile.Format(entries);
        var read = AuditFile.Parse(text);

        Assert.Equal(3, text.Count(c => c == '\n'));
        Assert.Equal(
            new[] { "Contoso.Legacy|1.0.0|unknown|", "Newtonsoft.Json|12.0.1|high|" + NewtonsoftAdvisory, "Odd Name|1.0|low|https://x.example/a b" },
            read.Select(e => $"{e.Package}|{e.Version}|{e.Severity}|{e.Advisory}"));
        Assert.Equal(text, AuditFile.Format(read));
        Assert.Empty(AuditFile.Parse(null));
        Assert.Empty(AuditFile.Parse("half a line\n\n"));
    }
}
