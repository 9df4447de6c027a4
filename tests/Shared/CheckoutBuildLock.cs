namespace OpsReady.Tests.Shared;

/// <summary>
/// `dotnet test` runs test projects in parallel, and several build parts of this checkout while they run (the
/// end-to-end packs, the .NET Framework harness): two builds of one project would write the same obj/ and bin/
/// folders at once. They take turns through a lock file (FileShare.None locks across processes, on Linux too) that
/// is freed when its holder disposes it or its test host exits.
/// </summary>
public static class CheckoutBuildLock
{
    public static FileStream Take(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, "nuget", "obj", "opsready-pack.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(500);
            }
        }
    }
}
