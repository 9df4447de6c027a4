using OpsReady.Tasks.NetFramework;

namespace OpsReady.Tasks.Tests;

/// <summary>
/// The net472 task, as Visual Studio's .NET Framework MSBuild would run it: tests/OpsReady.Tasks.NetFramework runs every
/// task through <see cref="TaskScenario"/> on Mono (Debian's mono-runtime: a .NET Framework 4.x runtime, not Visual
/// Studio itself), binding the assembly versions MSBuild 17.8 ships; the same scenario runs here on .NET with the
/// net8.0 task, and every file and message must be the same. Mono is required in CI (.ci/run installs it); elsewhere
/// the test is skipped when mono is not on PATH, and says so.
/// </summary>
public class NetFrameworkTaskTests
{
    [MonoFact]
    public void The_net472_task_writes_on_the_NET_Framework_what_the_net8_task_writes_on_NET()
    {
        using var temp = new TempDirectory();
        var harness = temp.Combine("harness");
        var project = Path.Combine(RepositoryFiles.Root, "tests", "OpsReady.Tasks.NetFramework", "OpsReady.Tasks.NetFramework.csproj");
        OpsReady.EndToEnd.Tests.DotNet.Result build;
        using (OpsReady.Tests.Shared.CheckoutBuildLock.Take(RepositoryFiles.Root))
        {
            // It builds src/OpsReady.Tasks too, which an end-to-end pack running beside this test would also build.
            build = OpsReady.EndToEnd.Tests.DotNet.Run(RepositoryFiles.Root, $"build \"{project}\" -nologo -o \"{harness}\"");
        }

        Assert.True(build.ExitCode == 0, build.Output);
        var exe = Path.Combine(harness, "OpsReady.Tasks.NetFramework.exe");

        var framework = temp.Combine("framework");
        var run = OpsReady.EndToEnd.Tests.DotNet.Exec("mono", harness, $"\"{exe}\" \"{exe}\" \"{framework}\"");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("runtime: Mono", run.Output);

        var core = temp.Combine("core");
        var log = TaskScenario.Run(exe, core);

        string Normalized(string text, string root) => text.Replace(root + Path.DirectorySeparatorChar, "OUT/").Replace(root, "OUT");
        Assert.Equal(log.Select(l => Normalized(l, core)), File.ReadAllLines(Path.Combine(framework, "log.txt")).Select(l => Normalized(l, framework)));
        // What the scenario covers, so a scenario that silently did less fails here.
        Assert.Contains("WriteOwnershipManifest 2 True", log);
        Assert.Contains("FindRunbooks True", log);
        Assert.Contains("CheckServiceReadiness False", log);
        Assert.Contains(log, l => l.StartsWith("WriteHandoffBundle True files=", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("error OPSB110:", StringComparison.Ordinal));

        string[] Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Where(f => f != "log.txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var written = Files(core);
        Assert.Equal(written, Files(framework));
        Assert.Contains("bin/Harness.ownership.json", written);
        Assert.Contains("bin/Harness.cdx.json", written);
        Assert.Contains("bundle/handoff.md", written);
        Assert.Contains("obj/Harness.opsready-runbooks.txt", written);
        Assert.DoesNotContain(written, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        foreach (var file in written)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(core, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(framework, file))), file + " differs between .NET Framework and .NET");
        }
    }
}

/// <summary>A fact that needs mono: skipped, with the reason, where mono is not on PATH, except in CI (CI=true), where it must run.</summary>
public sealed class MonoFactAttribute : FactAttribute
{
    public MonoFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "mono")));
        if (!onPath && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "mono is not on PATH (Debian/Ubuntu: apt-get install mono-runtime libmono-system-core4.0-cil libmono-system-xml4.0-cil libmono-system-runtime4.0-cil); .ci/run installs it";
        }
    }
}
