using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// Readiness costs a SARIF log, and /errorlog makes the compiler run every info-level analyzer it
/// would otherwise skip: OpsReady asks for it where readiness is used (CI, a collect folder, the gate,
/// a bundle), not on a developer's own build. Both sides, from the packed package.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public void A_developer_build_writes_no_compiler_log_and_a_CI_build_records_readiness()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("readiness");
        PackageFixture.Write(root, "Orders.csproj", package.WebServiceProject());
        PackageFixture.Write(root, "Program.cs", """
            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "TODO")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();
            """);
        var log = Path.Combine(root, "obj", "Debug", "net10.0", "Orders.opsready.sarif");
        var manifestPath = Path.Combine(root, "bin", "Debug", "net10.0", "Orders.ownership.json");

        var developer = DotNet.Run(root, "build -nologo");
        Assert.True(developer.ExitCode == 0, developer.Output);
        Assert.Contains(developer.Diagnostics(), d => d.Id == "OPS002");
        Assert.False(File.Exists(log), "a developer build wrote " + log);
        var readiness = Readiness(manifestPath);
        Assert.Equal(JsonValueKind.Null, readiness.GetProperty("findings").ValueKind);
        Assert.False(readiness.GetProperty("ready").GetBoolean());

        // CI=true (as GitHub Actions and most CI systems set it): the compile writes the log, the manifest lists OPS002.
        var ci = DotNet.Run(root, "build -nologo --no-incremental -p:CI=true");
        Assert.True(ci.ExitCode == 0, ci.Output);
        Assert.True(File.Exists(log), "a CI build wrote no " + log + "\n" + ci.Output);
        readiness = Readiness(manifestPath);
        var findings = readiness.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("rule").GetString() + ":" + f.GetProperty("level").GetString())
            .ToArray();
        Assert.Equal(new[] { "OPS002:warning", "OPS102:note" }, findings); // one endpoint runs every check: a note
        Assert.False(readiness.GetProperty("ready").GetBoolean());

        // OpsReadyReadiness=false wins over CI.
        File.Delete(log);
        var off = DotNet.Run(root, "build -nologo --no-incremental -p:CI=true -p:OpsReadyReadiness=false");
        Assert.True(off.ExitCode == 0, off.Output);
        Assert.False(File.Exists(log), "OpsReadyReadiness=false still wrote " + log);
    }

    [Fact]
    public void Readiness_tells_the_truth_after_any_sequence_of_incremental_builds()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("incremental");
        PackageFixture.Write(root, "Orders.csproj", package.WebServiceProject());
        const string Compliant = """
            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "orders@contoso.example")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """;
        PackageFixture.Write(root, "Program.cs", Compliant.Replace("orders@contoso.example", "TODO"));
        var manifestPath = Path.Combine(root, "bin", "Debug", "net10.0", "Orders.ownership.json");
        string Verdict(string arguments)
        {
            var build = DotNet.Run(root, "build -nologo " + arguments);
            Assert.True(build.ExitCode == 0, build.Output);
            var readiness = Readiness(manifestPath);
            var findings = readiness.GetProperty("findings");
            return readiness.GetProperty("ready").GetBoolean() + " " + readiness.GetProperty("diagnostics").GetString() + " "
                + (findings.ValueKind == JsonValueKind.Null ? "?" : string.Join(",", findings.EnumerateArray().Select(f => f.GetProperty("rule").GetString())));
        }

        // A CI build records OPS002; the developer fixes it in a build without readiness (the compile reruns, no log).
        Assert.Equal("False recorded OPS002", Verdict("-p:CI=true"));
        PackageFixture.Write(root, "Program.cs", Compliant);
        Assert.Equal("False off ?", Verdict(""));
        // CI again, with nothing changed since: the old log describes the old code, so the compile runs again.
        Assert.Equal("True recorded ", Verdict("-p:CI=true"));
        // No-change builds keep the truth, with and without readiness.
        Assert.Equal("True recorded ", Verdict("-p:CI=true"));
        Assert.Equal("True recorded ", Verdict(""));
        // The gate on that state passes; after breaking the code in a developer build, the gate fails on the new code.
        Assert.Equal("True recorded ", Verdict("-p:OpsReadyRequireReady=true"));
        PackageFixture.Write(root, "Program.cs", Compliant.Replace("orders@contoso.example", "TODO"));
        Assert.Equal("False off ?", Verdict(""));
        var gate = DotNet.Run(root, "build -nologo -p:OpsReadyRequireReady=true");
        Assert.NotEqual(0, gate.ExitCode);
        Assert.Contains("open findings OPS002", gate.Output);
        Assert.DoesNotContain("could not be read", gate.Output);
    }

    [Fact]
    public void Adding_the_runbook_file_is_seen_by_readiness_and_the_gate_without_a_code_change()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("runbook");
        PackageFixture.Write(root, "src/Orders/Orders.csproj", package.WebServiceProject());
        PackageFixture.Write(root, "src/Orders/Program.cs", """
            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "orders@contoso.example", Runbook = "docs/runbooks/orders.md")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """);
        var project = Path.Combine(root, "src", "Orders");
        var manifestPath = Path.Combine(project, "bin", "Debug", "net10.0", "Orders.ownership.json");

        var missing = DotNet.Run(project, "build -nologo -p:CI=true");
        Assert.True(missing.ExitCode == 0, missing.Output);
        Assert.Contains(missing.Diagnostics(), d => d.Id == "OPS002" && d.Message.Contains("'docs/runbooks/orders.md' does not exist", StringComparison.Ordinal));
        Assert.False(Readiness(manifestPath).GetProperty("ready").GetBoolean());

        // The runbook is written; the code does not change. The runbook file the build records changes, so the compile reruns.
        PackageFixture.Write(root, "docs/runbooks/orders.md", "# Orders runbook\n");
        var added = DotNet.Run(project, "build -nologo -p:CI=true -p:OpsReadyRequireReady=true");
        Assert.True(added.ExitCode == 0, added.Output);
        Assert.DoesNotContain("OPS002", added.Output);
        var readiness = Readiness(manifestPath);
        Assert.True(readiness.GetProperty("ready").GetBoolean(), readiness.ToString());

        // Nothing changed since: no compile, still ready.
        var again = DotNet.Run(project, "build -nologo -p:CI=true -v:n");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("Skipping target \"CoreCompile\"", again.Output);
        Assert.True(Readiness(manifestPath).GetProperty("ready").GetBoolean());
    }

    private static JsonElement Readiness(string manifestPath)
    {
        var json = File.ReadAllText(manifestPath);
        Assert.Empty(OpsReady.Tests.Shared.ManifestSchema.Errors(json));
        return JsonDocument.Parse(json).RootElement.GetProperty("readiness").Clone();
    }
}
