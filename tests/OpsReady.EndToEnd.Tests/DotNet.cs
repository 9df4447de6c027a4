using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsReady.EndToEnd.Tests;

/// <summary>Runs the real `dotnet` CLI, as a user would, and captures what it prints.</summary>
public static class DotNet
{
    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>Distinct "file(line,col): warning ID" entries, as (file name, id).</summary>
        public IReadOnlyList<(string File, int Line, string Id, string Message)> Diagnostics(string severity = "warning")
            => Regex.Matches(Output, $@"^\s*(?<file>[^\s(][^(]*?)\((?<line>\d+),\d+(?:,\d+,\d+)?\): {severity} (?<id>[A-Z]+\d+): (?<message>.*?) \[", RegexOptions.Multiline)
                .Select(m => (Path.GetFileName(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value), m.Groups["id"].Value, m.Groups["message"].Value))
                .Distinct()
                .ToList();
    }

    /// <param name="environment">Variables to set (a null value removes one) after the defaults below.</param>
    public static Result Run(string workingDirectory, string arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
        => Exec("dotnet", workingDirectory, arguments, timeout, environment);

    /// <summary>Any program (a .NET tool, mono), run the way <see cref="Run"/> runs dotnet: same environment, same bounds.</summary>
    public static Result Exec(string fileName, string workingDirectory, string arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // `dotnet test` passes MSBuild settings of its own to the test process: never hand them on.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !key.Equals("MSBUILDDISABLENODEREUSE", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        // A developer's build wherever the tests run (CI sets CI=true, which turns readiness on):
        // a test that wants a CI build says so with -p:CI=true.
        foreach (var key in new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS", "ContinuousIntegrationBuild" })
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value == null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(10)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish:\n{output}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString());
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpsReady.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OpsReady.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Packs the real OpsReady.nupkg once per test run, with a version no earlier run used.</summary>
public sealed class PackageFixture
{
    private static readonly Lazy<PackageFixture> Instance = new(() => new PackageFixture());

    private PackageFixture()
    {
        Version = $"0.0.1-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Feed = Directory.CreateTempSubdirectory("opsready-feed-").FullName;
        DotNet.Result pack;
        using (OpsReady.Tests.Shared.CheckoutBuildLock.Take(DotNet.RepositoryRoot()))
        {
            pack = DotNet.Run(DotNet.RepositoryRoot(), $"pack nuget/OpsReady.csproj -c Release -o \"{Feed}\" -p:Version={Version}");
        }

        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        }

        Package = Path.Combine(Feed, $"OpsReady.{Version}.nupkg");
        if (!File.Exists(Package))
        {
            throw new InvalidOperationException("pack did not produce " + Package + ":\n" + pack.Output);
        }
    }

    public static PackageFixture Shared => Instance.Value;

    public string Version { get; }

    public string Feed { get; }

    public string Package { get; }

    /// <summary>A new folder holding a git repository whose nuget.config adds the local feed (the mirror stays).</summary>
    public string NewWorkspace(string name)
    {
        var root = Directory.CreateTempSubdirectory($"opsready-{name}-").FullName;
        // As git makes one: the package's targets know a .git folder by its HEAD.
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        File.WriteAllText(Path.Combine(root, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="opsready-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return root;
    }

    /// <summary>The project file of an ASP.NET Core service (net10.0, implicit usings, nullable) that references this package.</summary>
    public string WebServiceProject() => $"""
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="OpsReady" Version="{Version}" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """;

    public static void Write(string root, string relativePath, string content)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r\n", "\n"));
    }
}
