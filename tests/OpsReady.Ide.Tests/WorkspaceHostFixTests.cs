using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using OpsReady.EndToEnd.Tests;
using Xunit.Abstractions;

namespace OpsReady.Ide.Tests;

/// <summary>
/// Proves the OpsReady quick fix the way IDE hosts offer it (csharp-ls does not load package code
/// fixes, see <see cref="CSharpLsTests"/>): Roslyn's MSBuildWorkspace opens, through a design-time
/// build in its BuildHost, a web service that references the freshly packed OpsReady.nupkg and was
/// restored. Like Visual Studio and OmniSharp, the test takes the code fixes from the
/// project's analyzer references (the package's analyzers/dotnet/cs assemblies: non-abstract
/// CodeFixProviders exported for C#), computes the project's diagnostics with the project's own
/// analyzers and options, asks the fixers of OPS001 for their actions at the diagnostic, and applies
/// <c>Add [assembly: ServiceOwner(...)]</c> through the workspace.
/// </summary>
public sealed class WorkspaceHostFixTests(ITestOutputHelper output)
{
    private const string Ops001 = "OPS001";

    [Fact]
    public async Task An_IDE_host_offers_and_applies_the_add_owner_fix_from_the_packed_package()
    {
        var setup = Stopwatch.StartNew();
        var folder = PaymentsService.WriteAndRestore("fixhost", output, setup);

        // Bounded: every step is cancelled when the budget is spent, and a BuildHost that never
        // answers a cancellation still cannot hang the run.
        using var budget = new CancellationTokenSource(PaymentsService.Budget);
        try
        {
            await HostAsync(folder, setup, budget.Token).WaitAsync(budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            throw new TimeoutException($"the IDE host did not finish within {PaymentsService.Budget.TotalSeconds:0} s (OPSREADY_IDE_TIMEOUT_SECONDS raises it)");
        }
    }

    private async Task HostAsync(string folder, Stopwatch setup, CancellationToken cancellationToken)
    {
        void Log(string step) => output.WriteLine($"[host  {setup.Elapsed.TotalSeconds,5:0.0}s] {step}");

        // MSBuildWorkspace evaluates the project in its BuildHost process, which registers MSBuild from
        // the installed .NET SDK itself (through MSBuild Locator): the design-time build an IDE runs.
        // On a loaded 2-core machine the BuildHost has once missed its RPC deadline ("The BuildHost process is not
        // responding"): that, and only that, gets one more try in a new workspace, said in the log.
        MSBuildWorkspace workspace;
        Project project;
        for (var attempt = 1; ; attempt++)
        {
            workspace = MSBuildWorkspace.Create();
            workspace.RegisterWorkspaceFailedHandler(e => Log($"workspace {e.Diagnostic.Kind}: {e.Diagnostic.Message}"));
            project = await workspace.OpenProjectAsync(Path.Combine(folder, PaymentsService.ProjectFile), cancellationToken: cancellationToken);
            var failures = workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure).ToList();
            if (attempt == 1 && failures.Count > 0 && failures.All(d => d.Message.Contains("The BuildHost process is not responding", StringComparison.Ordinal)))
            {
                Log("the BuildHost did not respond in time: trying once more in a new workspace");
                workspace.Dispose();
                continue;
            }

            Assert.True(failures.Count == 0, "the workspace failed to load the project:\n" + string.Join("\n", failures.Select(d => d.Message)));
            break;
        }

        using var disposeWorkspace = workspace;
        Log($"project {project.Name} loaded: {project.DocumentIds.Count} documents, {project.AnalyzerReferences.Count} analyzer references"
            + $" (the SDK's from {project.AnalyzerReferences.Select(r => r.FullPath).FirstOrDefault(p => p?.Contains("/sdk/", StringComparison.Ordinal) == true)})");

        // The analyzers come from the restored package, not from this repository's build output.
        var packageAnalyzers = PackageAnalyzerFolder(folder);
        var opsReady = project.AnalyzerReferences.OfType<AnalyzerFileReference>()
            .Where(r => Path.GetDirectoryName(r.FullPath) == packageAnalyzers)
            .ToList();
        Log($"OpsReady analyzer references: {string.Join(", ", opsReady.Select(r => r.FullPath))}");
        Assert.Equal(
            ["OpsReady.Analyzers.dll", "OpsReady.CodeFixes.dll"],
            opsReady.Select(r => Path.GetFileName(r.FullPath)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(project.AnalyzerReferences, r => r.FullPath?.StartsWith(DotNet.RepositoryRoot(), StringComparison.Ordinal) == true);
        var loadFailures = new List<string>();
        foreach (var reference in opsReady)
        {
            reference.AnalyzerLoadFailed += (_, e) => loadFailures.Add($"{reference.FullPath}: {e.ErrorCode} {e.Message}");
        }

        var fixers = DiscoverCodeFixProviders(opsReady);
        Log($"code fix providers exported for C# by the package: {string.Join(", ", fixers.Select(f => f.GetType().Name))}");

        var program = project.Documents.Single(d => Path.GetFileName(d.FilePath) == "Program.cs");
        var diagnostics = await AnalyzeAsync(project, cancellationToken);
        Assert.Empty(loadFailures);
        Log($"analyzer diagnostics: [{string.Join(", ", diagnostics.Select(d => d.Id).Distinct())}]");
        var ops001 = Assert.Single(diagnostics, d => d.Id == Ops001);
        Assert.Equal(program.FilePath, ops001.Location.SourceTree?.FilePath);
        Assert.Equal(2, ops001.Location.GetLineSpan().StartLinePosition.Line); // `var builder = ...`

        // What the light bulb does: every fixer of OPS001 registers its actions at the diagnostic.
        var offered = new List<(CodeFixProvider Fixer, CodeAction Action)>();
        foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(Ops001)))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(program, ops001, (action, _) => offered.Add((fixer, action)), cancellationToken));
        }

        Log($"code actions offered at OPS001: [{string.Join(", ", offered.Select(o => o.Action.Title))}]");
        var (owner, fix) = Assert.Single(offered, o => o.Action.Title == PaymentsService.AddOwnerFixTitle);

        // Applying it: the changed document has the owner, compiles, and OPS001 is gone; the TODO
        // values it writes are reported by OPS002, the designed next step.
        var fixedSolution = await ChangedSolutionAsync(fix, cancellationToken);
        var fixedText = (await fixedSolution.GetDocument(program.Id)!.GetTextAsync(cancellationToken)).ToString();
        Log("fix applied; Program.cs starts:\n" + string.Join("\n", fixedText.Split('\n').Take(3)));
        Assert.Contains("[assembly: OpsReady.ServiceOwner(\"TODO\"", fixedText);
        var after = await AnalyzeAsync(fixedSolution.GetProject(project.Id)!, cancellationToken);
        Log($"analyzer diagnostics after the fix: [{string.Join(", ", after.Select(d => d.Id).Distinct())}]");
        Assert.DoesNotContain(after, d => d.Id == Ops001);
        Assert.Contains(after, d => d.Id == "OPS002" && d.Location.SourceTree?.FilePath == program.FilePath);

        // Fix all occurrences in Document (the light bulb's submenu): the fixer's FixAllProvider, given
        // the diagnostics the host computed, writes the same Program.cs.
        var fixAllProvider = owner.GetFixAllProvider();
        Assert.NotNull(fixAllProvider);
        Assert.Contains(FixAllScope.Document, fixAllProvider.GetSupportedFixAllScopes());
        var fixAllContext = new FixAllContext(
            program, owner, FixAllScope.Document, fix.EquivalenceKey, [Ops001],
            new HostDiagnostics(diagnostics), cancellationToken);
        var fixAll = await fixAllProvider.GetFixAsync(fixAllContext);
        Assert.NotNull(fixAll);
        var fixAllText = (await (await ChangedSolutionAsync(fixAll, cancellationToken)).GetDocument(program.Id)!.GetTextAsync(cancellationToken)).ToString();
        Assert.Equal(fixedText, fixAllText);
        Log($"fix all in document ({fixAll.Title}) gives the same Program.cs");

        // The host writes the change to disk, as an editor saves the file.
        Assert.True(workspace.TryApplyChanges(fixedSolution), "the workspace did not apply the fix");
        Assert.Contains("[assembly: OpsReady.ServiceOwner(", await File.ReadAllTextAsync(program.FilePath!, cancellationToken));
        Log("fix written to Program.cs through the workspace");
    }

    /// <summary>Runs the project's own analyzers with its options; the compilation must have no errors.</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken) ?? throw new InvalidOperationException("no compilation");
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "compilation errors:\n" + string.Join("\n", errors));
        var analyzers = project.AnalyzerReferences.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        return await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(cancellationToken);
    }

    private static async Task<Solution> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken);
        return Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
    }

    /// <summary>
    /// As IDE hosts find code fixes in analyzer references: load each assembly (through the reference,
    /// so the analyzer loader of the workspace loads it) and instantiate its non-abstract
    /// CodeFixProviders exported for C#.
    /// </summary>
    private static List<CodeFixProvider> DiscoverCodeFixProviders(IEnumerable<AnalyzerFileReference> references)
        => references
            .SelectMany(r => r.GetAssembly().GetTypes())
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>()?.Languages.Contains(LanguageNames.CSharp) == true)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();

    /// <summary>opsready/&lt;version&gt;/analyzers/dotnet/cs in the NuGet package folder the restore used.</summary>
    private static string PackageAnalyzerFolder(string folder)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "obj", "project.assets.json")));
        var packageFolder = assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
        var library = assets.RootElement.GetProperty("libraries").EnumerateObject().Single(l => l.Name.StartsWith("OpsReady/", StringComparison.Ordinal));
        var path = Path.Combine(packageFolder, library.Value.GetProperty("path").GetString()!, "analyzers", "dotnet", "cs");
        return Path.GetFullPath(path);
    }

    /// <summary>The diagnostics the host computed, handed to a FixAllProvider as IDE hosts do.</summary>
    private sealed class HostDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree?.FilePath == tree?.FilePath);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree == null));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
