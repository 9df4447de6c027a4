using System.Diagnostics;
using OpsReady.EndToEnd.Tests;
using Xunit.Abstractions;

namespace OpsReady.Ide.Tests;

/// <summary>
/// The service every IDE test opens: a web service that references the freshly packed OpsReady.nupkg,
/// maps health checks and logs JSON; all it lacks is an owner, so OPS001 is on its Program.cs.
/// </summary>
internal static class PaymentsService
{
    /// <summary>The title of OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix: what the user sees.</summary>
    public const string AddOwnerFixTitle = "Add [assembly: ServiceOwner(...)]";

    public const string ProjectFile = "Payments.Api.csproj";

    /// <summary>
    /// samples/MinimalApi's Program.cs, the compliant sample a newcomer copies, without the sample's
    /// Ownership.cs: all it lacks is the owner. Its line 2 is `var builder = ...`, where OPS001 goes.
    /// </summary>
    public static readonly string Program = File.ReadAllText(
        Path.Combine(DotNet.RepositoryRoot(), "samples", "MinimalApi", "Program.cs")).Replace("\r\n", "\n");

    /// <summary>
    /// How long an IDE host may take once the service is restored: loading it takes 10-30 s on 2 idle
    /// cores, each later step a second or two. OPSREADY_IDE_TIMEOUT_SECONDS raises it on a slower machine.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("OPSREADY_IDE_TIMEOUT_SECONDS"), out var seconds) && seconds > 0 ? seconds : 180);

    /// <summary>
    /// Packs OpsReady (once per run), writes the service into a new workspace folder and restores it, as
    /// an editor user has before opening it (IDE hosts load analyzers from the restored package).
    /// Returns the workspace folder; each step is logged with the time since <paramref name="setup"/> started.
    /// </summary>
    public static string WriteAndRestore(string name, ITestOutputHelper output, Stopwatch setup)
    {
        var package = PackageFixture.Shared;
        output.WriteLine($"[setup {setup.Elapsed.TotalSeconds,5:0.0}s] OpsReady {package.Version} packed");
        var workspace = package.NewWorkspace(name);
        PackageFixture.Write(workspace, ProjectFile, package.WebServiceProject());
        PackageFixture.Write(workspace, "Program.cs", Program);

        var restore = DotNet.Run(workspace, $"restore {ProjectFile}", TimeSpan.FromMinutes(5));
        Assert.True(restore.ExitCode == 0, "dotnet restore failed:\n" + restore.Output);
        output.WriteLine($"[setup {setup.Elapsed.TotalSeconds,5:0.0}s] {workspace} restored");
        return workspace;
    }
}
