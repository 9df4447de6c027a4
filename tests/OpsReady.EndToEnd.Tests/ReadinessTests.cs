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

    private static JsonElement Readiness(string manifestPath)
    {
        var json = File.ReadAllText(manifestPath);
        Assert.Empty(OpsReady.Tests.Shared.ManifestSchema.Errors(json));
        return JsonDocument.Parse(json).RootElement.GetProperty("readiness").Clone();
    }
}
