using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks.Tests;

/// <summary>FindRunbooks: the repo-relative runbooks the sources name, and whether each exists, for OPS002 (which reads no file itself).</summary>
public class FindRunbooksTests
{
    private static (FindRunbooks Task, RecordingBuildEngine Engine) Task(TempDirectory temp, params string[] sources)
    {
        var engine = new RecordingBuildEngine();
        var items = sources.Select((source, i) =>
        {
            var path = temp.Combine("src", "Payments", "File" + i + ".cs");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, source);
            return (ITaskItem)new TaskItem(path);
        }).ToArray();
        return (new FindRunbooks { BuildEngine = engine, Sources = items, RepositoryRoot = temp.Path, OutputFile = temp.Combine("src", "Payments", "obj", "Payments.opsready-runbooks.txt") }, engine);
    }

    [Fact]
    public void Records_each_relative_runbook_as_existing_missing_or_outside_and_skips_urls()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("docs"));
        File.WriteAllText(temp.Combine("docs", "payments.md"), "# runbook");
        var (task, engine) = Task(temp,
            """[assembly: OpsReady.ServiceOwner("payments", Contact = "x@y.z", Runbook = "docs/payments.md")]""",
            """
            [assembly: OpsReady.ServiceOwner("payments",
                Runbook   =   @"docs\""quoted"".md")]
            class C { string Runbook = "docs/missing.md"; string Url = "https://wiki.example/runbook"; string Up = "x"; }
            class D { void M() { var o = new { Runbook = "../outside.md" }; var u = new { Runbook = "https://wiki.example/r" }; } }
            """,
            "class NoRunbookHere { }");
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        // Over-approximating is harmless: a value the attribute does not use is never looked up by OPS002.
        Assert.Equal(
            "exists\tdocs/payments.md\nmissing\tdocs/missing.md\nmissing\tdocs\\\"quoted\".md\noutside\t../outside.md\n",
            File.ReadAllText(task.OutputFile));
    }

    [Fact]
    public void Rewrites_the_file_only_when_a_runbook_appears_or_goes()
    {
        using var temp = new TempDirectory();
        var (task, _) = Task(temp, """[assembly: OpsReady.ServiceOwner("payments", Runbook = "docs/payments.md")]""");
        Assert.True(task.Execute());
        Assert.Equal("missing\tdocs/payments.md\n", File.ReadAllText(task.OutputFile));
        var written = File.GetLastWriteTimeUtc(task.OutputFile);
        File.SetLastWriteTimeUtc(task.OutputFile, written.AddMinutes(-5));
        var old = File.GetLastWriteTimeUtc(task.OutputFile);

        Assert.True(task.Execute());
        Assert.Equal(old, File.GetLastWriteTimeUtc(task.OutputFile)); // nothing changed: the compile is not rerun

        Directory.CreateDirectory(temp.Combine("docs"));
        File.WriteAllText(temp.Combine("docs", "payments.md"), "# runbook");
        Assert.True(task.Execute());
        Assert.Equal("exists\tdocs/payments.md\n", File.ReadAllText(task.OutputFile));
        Assert.NotEqual(old, File.GetLastWriteTimeUtc(task.OutputFile)); // the runbook appeared: the compile reruns
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Without_a_repository_root_nothing_is_recorded_and_an_unreadable_source_is_skipped()
    {
        using var temp = new TempDirectory();
        var (task, engine) = Task(temp, """[assembly: OpsReady.ServiceOwner("payments", Runbook = "docs/payments.md")]""");
        task.Sources = task.Sources.Append(new TaskItem(temp.Combine("gone.cs"))).ToArray();
        Assert.True(task.Execute());
        Assert.Equal("missing\tdocs/payments.md\n", File.ReadAllText(task.OutputFile));
        Assert.Empty(engine.Warnings);

        task.RepositoryRoot = "";
        Assert.True(task.Execute());
        Assert.Equal("", File.ReadAllText(task.OutputFile));
    }
}
