namespace OpsReady.Tasks.Tests;

/// <summary>This repository's checkout, for tests that read its sources (the contract, the package's targets).</summary>
internal static class RepositoryFiles
{
    public static readonly string Root = FindRoot();

    /// <summary>A file of the repository, by its path segments below the root.</summary>
    public static string Path(params string[] segments) => System.IO.Path.Combine([Root, .. segments]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "OpsReady.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OpsReady.sln not found above " + AppContext.BaseDirectory);
    }
}
