using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// Patch readiness from the packed package: the runtime's end of support (OPS400/401, per target
/// framework, against a pinned reference date) and the known vulnerabilities NuGet audit recorded at
/// restore (OPS402), read from a real restore against an audit source the test serves on 127.0.0.1.
/// </summary>
public sealed class PatchReadinessTests
{
    private const string CompliantService = """
        [assembly: OpsReady.ServiceOwner("billing-team",
            Contact = "billing@contoso.example",
            OnCall = "https://oncall.example/billing",
            Runbook = "https://wiki.example/billing")]

        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddJsonConsole();
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        app.Run();
        """;

    [Fact]
    public void Each_target_framework_is_judged_against_its_end_of_support_on_the_reference_date()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("runtime");
        PackageFixture.Write(root, "Billing.csproj", package.WebServiceProject().Replace(
            "<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>"));
        PackageFixture.Write(root, "Program.cs", CompliantService);

        // .NET 8 reached its end of support on 2026-11-10; .NET 10 is supported until 2028-11-14.
        var ended = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=2026-12-04");
        Assert.True(ended.ExitCode == 0, ended.Output);
        var ops400 = ended.Output.Split('\n').Where(l => l.Contains("warning OPS400")).Distinct().ToList();
        Assert.NotEmpty(ops400);
        Assert.All(ops400, l => Assert.Contains("TargetFramework=net8.0", l));
        Assert.Contains("2026-11-10", ops400[0]);
        Assert.Equal(new[] { "OPS400:warning" }, Findings(root, "net8.0"));
        Assert.Empty(Findings(root, "net10.0"));

        var net8 = Manifest(root, "net8.0").GetProperty("runtime");
        Assert.Equal("net8.0", net8.GetProperty("framework").GetString());
        Assert.Equal("2026-11-10", net8.GetProperty("supportEnds").GetString());
        Assert.Equal("2028-11-14", Manifest(root, "net10.0").GetProperty("runtime").GetProperty("supportEnds").GetString());

        // The bundle judges the same facts on its own date (a fan-in bundle of the two manifests builds nothing).
        var report = Bundle(package, root, "2026-12-04");
        Assert.EndsWith("| **support ended** (net8.0) | not checked |", report.Split('\n').Single(l => l.StartsWith("| [Billing]", StringComparison.Ordinal)));
        Assert.Contains("### Patching (net10.0)\n\n- Runtime: net10.0, supported until 2028-11-14\n", report);
        Assert.Contains("| supported | not checked |", Bundle(package, root, "2025-01-01"));

        // Within 180 days of the end: a note (OPS401), which readiness records and does not count.
        var ending = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=2026-06-01");
        Assert.True(ending.ExitCode == 0, ending.Output);
        Assert.DoesNotContain("warning OPS400", ending.Output);
        Assert.Equal(new[] { "OPS401:note" }, Findings(root, "net8.0"));
        Assert.True(Manifest(root, "net8.0").GetProperty("readiness").GetProperty("ready").GetBoolean());

        // Long before: nothing; the manifest's runtime facts do not move with the date.
        var before = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=2025-01-01");
        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Empty(Findings(root, "net8.0"));
        Assert.Equal("2026-11-10", Manifest(root, "net8.0").GetProperty("runtime").GetProperty("supportEnds").GetString());

        // A reference date that is not an ISO date is a clear message naming the value, and no verdict rather than a guessed one.
        var bad = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=04/12/2026");
        Assert.True(bad.ExitCode == 0, bad.Output);
        Assert.Contains("warning OPSB130: OpsReadyAsOf is '04/12/2026'", bad.Output);
        Assert.DoesNotContain("warning OPS400", bad.Output);
        Assert.Empty(Findings(root, "net8.0"));
    }

    [Fact]
    public void Known_vulnerabilities_from_the_restore_reach_the_manifest_the_rule_and_the_gate()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("audit");
        using var audit = new LoopbackAuditSource("""
            {"newtonsoft.json":[{"url":"https://github.com/advisories/GHSA-5crp-9r3c-p9vr","severity":2,"versions":"(, 13.0.1)"}]}
            """);
        // The workspace's own feed and the machine's sources stay; advisories come only from the loopback source.
        File.WriteAllText(Path.Combine(root, "nuget.config"), File.ReadAllText(Path.Combine(root, "nuget.config")).Replace("</configuration>", $"""
              <auditSources>
                <clear />
                <add key="local-audit" value="{audit.ServiceIndex}" allowInsecureConnections="true" />
              </auditSources>
            </configuration>
            """));
        PackageFixture.Write(root, "Billing.csproj", package.WebServiceProject().Replace(
            "<ItemGroup>", """<ItemGroup><PackageReference Include="Newtonsoft.Json" Version="12.0.1" />"""));
        PackageFixture.Write(root, "Program.cs", CompliantService);

        var build = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=2026-12-04");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("warning NU1903", build.Output);
        Assert.True(audit.Requests > 0, "NuGet never asked the loopback audit source");
        var ops402 = build.Output.Split('\n').FirstOrDefault(l => l.Contains("warning OPS402"));
        Assert.True(ops402 != null, build.Output);
        Assert.Contains("Newtonsoft.Json", ops402);
        Assert.Contains("GHSA-5crp-9r3c-p9vr", ops402);

        var manifestPath = Path.Combine(root, "bin", "Debug", "net10.0", "Billing.ownership.json");
        var manifest = Manifest(root, "net10.0");
        var vulnerability = Assert.Single(manifest.GetProperty("vulnerabilities").EnumerateArray());
        Assert.Equal("Newtonsoft.Json", vulnerability.GetProperty("package").GetString());
        Assert.Equal("12.0.1", vulnerability.GetProperty("version").GetString());
        Assert.Equal("high", vulnerability.GetProperty("severity").GetString());
        Assert.Equal("https://github.com/advisories/GHSA-5crp-9r3c-p9vr", vulnerability.GetProperty("advisory").GetString());
        Assert.Equal(new[] { "OPS402:warning" }, Findings(root, "net10.0"));
        Assert.False(manifest.GetProperty("readiness").GetProperty("ready").GetBoolean());

        var report = Bundle(package, root, "2026-12-04");
        Assert.EndsWith("| **no** | supported | **high** (1) |", report.Split('\n').Single(l => l.StartsWith("| [Billing]", StringComparison.Ordinal)));
        Assert.Contains("| Newtonsoft.Json | 12.0.1 | high | <https://github.com/advisories/GHSA-5crp-9r3c-p9vr> |\n", report);
        using (var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "handoff", "bin", "handoff", "index.json"))))
        {
            var entry = index.RootElement.GetProperty("services")[0];
            Assert.Equal(1, entry.GetProperty("vulnerabilities").GetProperty("count").GetInt32());
            Assert.Equal("high", entry.GetProperty("vulnerabilities").GetProperty("worst").GetString());
            Assert.Equal(new[] { "OPS402" }, entry.GetProperty("readiness").GetProperty("openRules").EnumerateArray().Select(r => r.GetString()));
        }

        // Nothing changed: the manifest is not rewritten.
        var written = File.GetLastWriteTimeUtc(manifestPath);
        var again = DotNet.Run(root, "build -nologo --no-restore -p:CI=true -p:OpsReadyAsOf=2026-12-04");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(manifestPath));

        // The gate counts it.
        var gate = DotNet.Run(root, "build -nologo --no-restore -p:OpsReadyAsOf=2026-12-04 -p:OpsReadyRequireReady=true");
        Assert.NotEqual(0, gate.ExitCode);
        Assert.Contains("OPS402", gate.Output);

        // Only critical ones: OPS402 goes, the manifest still lists the vulnerability.
        var critical = DotNet.Run(root, "build -nologo --no-restore -p:CI=true -p:OpsReadyAsOf=2026-12-04 -p:OpsReadyVulnerabilityLevel=critical");
        Assert.True(critical.ExitCode == 0, critical.Output);
        Assert.DoesNotContain("warning OPS402", critical.Output);
        Assert.Single(Manifest(root, "net10.0").GetProperty("vulnerabilities").EnumerateArray());
        Assert.Empty(Findings(root, "net10.0"));

        // No audit: not checked (null), never "none found".
        var off = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=2026-12-04 -p:NuGetAudit=false");
        Assert.True(off.ExitCode == 0, off.Output);
        Assert.DoesNotContain("NU1903", off.Output);
        Assert.Equal(JsonValueKind.Null, Manifest(root, "net10.0").GetProperty("vulnerabilities").ValueKind);
        Assert.Empty(Findings(root, "net10.0"));

        // Fixed: the audit ran and found nothing in what ships.
        PackageFixture.Write(root, "Billing.csproj", package.WebServiceProject().Replace(
            "<ItemGroup>", """<ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.3" />"""));
        var fixedBuild = DotNet.Run(root, "build -nologo -p:CI=true -p:OpsReadyAsOf=2026-12-04");
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.Output);
        Assert.Empty(Manifest(root, "net10.0").GetProperty("vulnerabilities").EnumerateArray());
        Assert.True(Manifest(root, "net10.0").GetProperty("readiness").GetProperty("ready").GetBoolean());
    }

    /// <summary>A fan-in bundle of the manifests under bin/ (it builds nothing), judged on <paramref name="asOf"/>; returns handoff.md.</summary>
    private static string Bundle(PackageFixture package, string root, string asOf)
    {
        PackageFixture.Write(root, "handoff/handoff.proj", $"<Project Sdk=\"OpsReady/{package.Version}\" />\n");
        var bundle = DotNet.Run(Path.Combine(root, "handoff"), $"build -nologo -p:OpsReadyManifestsDir=\"{Path.Combine(root, "bin")}\" -p:OpsReadyAsOf={asOf}");
        Assert.True(bundle.ExitCode == 0, bundle.Output);
        return File.ReadAllText(Path.Combine(root, "handoff", "bin", "handoff", "handoff.md"));
    }

    private static JsonElement Manifest(string root, string framework)
    {
        var json = File.ReadAllText(Path.Combine(root, "bin", "Debug", framework, "Billing.ownership.json"));
        Assert.Empty(OpsReady.Tests.Shared.ManifestSchema.Errors(json));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static string[] Findings(string root, string framework)
        => Manifest(root, framework).GetProperty("readiness").GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("rule").GetString() + ":" + f.GetProperty("level").GetString())
            .ToArray();

    /// <summary>
    /// A NuGet V3 audit source (a service index with a VulnerabilityInfo resource, one page of
    /// advisories) on a free 127.0.0.1 port; stopped on dispose, and every request is answered or
    /// refused within the listener's own time.
    /// </summary>
    private sealed class LoopbackAuditSource : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Dictionary<string, string> documents;
        private readonly Task serving;
        private int requests;

        public LoopbackAuditSource(string advisories)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var prefix = $"http://127.0.0.1:{port}/";
            ServiceIndex = prefix + "v3/index.json";
            documents = new Dictionary<string, string>
            {
                ["/v3/index.json"] = $$"""{"version":"3.0.0","resources":[{"@id":"{{prefix}}v3/vulnerability/index.json","@type":"VulnerabilityInfo/6.7.0"}]}""",
                ["/v3/vulnerability/index.json"] = $$"""[{"@name":"all","@id":"{{prefix}}v3/vulnerability/all.json","@updated":"2026-12-01T00:00:00Z"}]""",
                ["/v3/vulnerability/all.json"] = advisories,
            };
            listener.Prefixes.Add(prefix);
            listener.Start();
            serving = Task.Run(Serve);
        }

        public string ServiceIndex { get; }

        public int Requests => Volatile.Read(ref requests);

        private async Task Serve()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return; // stopped
                }

                Interlocked.Increment(ref requests);
                using var response = context.Response;
                if (documents.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
                {
                    var bytes = Encoding.UTF8.GetBytes(body);
                    response.ContentType = "application/json";
                    response.ContentLength64 = bytes.Length;
                    await response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    response.StatusCode = 404;
                }
            }
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            if (!serving.Wait(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("the loopback audit source did not stop");
            }
        }
    }
}
