using System.Diagnostics;

namespace OpsReady.Tasks.Tests;

/// <summary>
/// The package's targets decide the repository root once (_OpsReadyRepositoryRoot) and give it to the analyzers
/// (runbook paths) and to the manifest task (finding paths): OpsReadyRepositoryRoot, else the nearest folder
/// holding .git (a folder in a clone, a file in worktrees and submodules), else the project's folder.
/// </summary>
public sealed class RepositoryRootTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("opsready-root-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Is_the_folder_holding_the_git_folder()
    {
        GitFolder("repo");
        Assert.Equal(Combine("repo"), RootOf(Project("repo/src/Api")));
    }

    [Fact]
    public void Is_the_folder_holding_a_git_file_in_a_worktree()
    {
        GitFile("wt");
        Assert.Equal(Combine("wt"), RootOf(Project("wt/src/Api")));
    }

    [Fact]
    public void Is_the_nearest_of_a_submodule_inside_a_clone()
    {
        GitFolder("repo");
        GitFile("repo/sub");
        Assert.Equal(Combine("repo", "sub"), RootOf(Project("repo/sub/Api")));
    }

    [Fact]
    public void Is_the_nearest_of_a_clone_inside_a_worktree()
    {
        GitFile("wt");
        GitFolder("wt/inner");
        Assert.Equal(Combine("wt", "inner"), RootOf(Project("wt/inner/Api")));
    }

    [Fact]
    public void Is_the_project_folder_outside_any_repository()
    {
        var project = Project("plain/Api");
        Assert.Equal(Path.GetDirectoryName(project), RootOf(project));
    }

    [Fact]
    public void Is_the_configured_folder_relative_to_the_project()
    {
        GitFolder("repo");
        Assert.Equal(Combine("repo", "docs"), RootOf(Project("repo/src/Api"), "-p:OpsReadyRepositoryRoot=\" ../../docs \""));
    }

    private string Combine(params string[] parts) => Path.Combine(new[] { root }.Concat(parts).ToArray());

    private void GitFolder(string folder)
    {
        var git = Directory.CreateDirectory(Combine(folder.Split('/').Append(".git").ToArray())).FullName;
        File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/main\n");
    }

    /// <summary>A worktree's or submodule's .git: a file naming the real git folder.</summary>
    private void GitFile(string folder)
        => File.WriteAllText(Path.Combine(Directory.CreateDirectory(Combine(folder.Split('/'))).FullName, ".git"), "gitdir: /elsewhere/.git/worktrees/x\n");

    private string Project(string folder)
    {
        var directory = Directory.CreateDirectory(Combine(folder.Split('/'))).FullName;
        var targets = Path.Combine(RepositoryFiles.Root, "build", "OpsReady.targets");
        var project = Path.Combine(directory, "Api.proj");
        File.WriteAllText(project, $"""<Project><Import Project="{targets}" /></Project>""");
        return project;
    }

    private static string RootOf(string project, string arguments = "")
    {
        var start = new ProcessStartInfo("dotnet", $"msbuild \"{project}\" -nologo -getProperty:_OpsReadyRepositoryRoot {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + error);
        return output.Trim();
    }
}
