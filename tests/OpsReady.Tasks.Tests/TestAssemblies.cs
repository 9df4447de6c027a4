using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OpsReady.Tasks.Tests;

/// <summary>Compiles real assemblies (with the OpsReady attributes compiled in, as the package does) for the task to read.</summary>
internal static class TestAssemblies
{
    private static readonly string AttributesSource = ReadAttributes();

    private static readonly MetadataReference[] References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll" or "System.Console.dll" or "System.IO.dll" or "System.IO.FileSystem.dll")
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToArray();

    public static string Compile(string directory, string assemblyName, string source, bool withAttributes = true)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) };
        if (withAttributes)
        {
            trees.Add(CSharpSyntaxTree.ParseText(AttributesSource, new CSharpParseOptions(LanguageVersion.Latest)));
        }

        var compilation = CSharpCompilation.Create(assemblyName, trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(directory, assemblyName + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    private static string ReadAttributes()
    {
        using var stream = typeof(TestAssemblies).Assembly.GetManifestResourceStream("OpsReady.Attributes.cs")!;
        return new StreamReader(stream).ReadToEnd();
    }
}

/// <summary>An MSBuild engine that records what a task logs.</summary>
internal sealed class RecordingBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = new();

    public List<BuildWarningEventArgs> Warnings { get; } = new();

    public List<string> Messages { get; } = new();

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.proj";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        lock (Errors)
        {
            Errors.Add(e);
        }
    }

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        lock (Messages)
        {
            Messages.Add(e.Message ?? "");
        }
    }

    public void LogWarningEvent(BuildWarningEventArgs e)
    {
        lock (Warnings)
        {
            Warnings.Add(e);
        }
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("opsready-task-").FullName;

    public string Path { get; }

    private readonly HashSet<string> notManifests = new(StringComparer.Ordinal);

    /// <summary>A file the test broke on purpose: the schema check on dispose skips it.</summary>
    public void NotAManifest(string path) => notManifests.Add(path);

    public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

    public void Dispose()
    {
        // Every manifest a test wrote must match the schema the package ships.
        foreach (var file in Directory.EnumerateFiles(Path, "*.json", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (!notManifests.Contains(file) && text.Contains("\"$schema\": \"urn:opsready:ownership-manifest:1\"", StringComparison.Ordinal))
            {
                OpsReady.Tests.Shared.ManifestSchema.AssertValid(text, file);
            }
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
