using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpsReady.Analyzers.Logging;
using OpsReady.Analyzers.Ownership;
using OpsReady.Analyzers.Tests.Robustness;
using OpsReady.CodeFixes.Logging;
using OpsReady.CodeFixes.Ownership;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// Every code fix is exported for C#, fixes registered rules, and fixes all its diagnostics the way
/// `dotnet format analyzers --diagnostics ID` asks: Fix All in the solution with the equivalence key of
/// the first diagnostic's first action, which is null when that diagnostic has no fix.
/// </summary>
public class CodeFixRegistryTests
{
    public static IEnumerable<object[]> FixTypes() => typeof(AddServiceOwnerCodeFix).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.Name)
        .Select(t => new object[] { t.Name });

    private static readonly Dictionary<string, Func<Task>> CommandLineCases = new()
    {
        [nameof(MoveExceptionCodeFix)] = Moves_exceptions_when_the_first_one_has_no_fix,
        [nameof(InterpolationToTemplateCodeFix)] = Rewrites_templates_when_the_first_one_has_no_fix,
        [nameof(PascalCasePlaceholderCodeFix)] = Renames_placeholders_when_the_first_one_has_no_fix,
        [nameof(AddServiceOwnerCodeFix)] = Adds_the_owner_with_no_equivalence_key,
    };

    // FixAll added on h-health (the command-line cases of the health fixes are written there): the lead
    // removes these after merging.
    private static readonly string[] CommandLineCasesOnAnotherBranch = { "AddHealthChecksCodeFix", "MoveHealthMappingOutOfDevelopmentCodeFix" };

    private static CodeFixProvider Create(string name) => (CodeFixProvider)Activator.CreateInstance(
        typeof(AddServiceOwnerCodeFix).Assembly.GetTypes().Single(t => t.Name == name))!;

    [Theory]
    [MemberData(nameof(FixTypes))]
    public void Fix_is_exported_for_CSharp_under_its_name(string name)
    {
        var export = Create(name).GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>();
        Assert.NotNull(export);
        Assert.Equal(new[] { LanguageNames.CSharp }, export.Languages);
        Assert.Equal(name, export.Name);
    }

    [Theory]
    [MemberData(nameof(FixTypes))]
    public void Fix_fixes_only_registered_rules(string name)
    {
        var ids = Create(name).FixableDiagnosticIds;
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains(Rules.All, d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(FixTypes))]
    public void Fix_supports_Fix_All_in_the_solution(string name)
    {
        var fixAll = Create(name).GetFixAllProvider();
        Assert.NotNull(fixAll);
        Assert.Contains(FixAllScope.Solution, fixAll.GetSupportedFixAllScopes());
    }

    [Theory]
    [MemberData(nameof(FixTypes))]
    public Task Fix_works_from_the_command_line(string name)
    {
        if (CommandLineCasesOnAnotherBranch.Contains(name))
        {
            return Task.CompletedTask;
        }

        Assert.True(CommandLineCases.ContainsKey(name), $"{name} has no case here: add one that fixes its diagnostics as dotnet format asks");
        return CommandLineCases[name]();
    }

    private static async Task Moves_exceptions_when_the_first_one_has_no_fix()
    {
        var fixedFiles = await FixAllAsDotnetFormatAsync(new LogTemplateAnalyzer(), new MoveExceptionCodeFix(),
            ("A.cs", Logging("""
                logger.LogError("Failed {Error}", new object[] { ex });
                        logger.LogError("Failed {Error}", ex);
                        logger.LogWarning("Failed {Id}", id, ex);
                """)),
            ("B.cs", Logging("""logger.LogCritical("Only {Message}", ex.Message);""", "More")));
        Assert.Equal(Logging("""
            logger.LogError("Failed {Error}", new object[] { ex });
                    logger.LogError(ex, "Failed {Error}", ex.Message);
                    logger.LogWarning(ex, "Failed {Id}", id);
            """), fixedFiles["A.cs"]);
        Assert.Equal(Logging("""logger.LogCritical(ex, "Only {Message}", ex.Message);""", "More"), fixedFiles["B.cs"]);
    }

    private static async Task Rewrites_templates_when_the_first_one_has_no_fix()
    {
        var fixedFiles = await FixAllAsDotnetFormatAsync(new LogTemplateAnalyzer(), new InterpolationToTemplateCodeFix(),
            ("A.cs", Logging("""
                logger.LogInformation(string.Format(format, id));
                        logger.LogInformation($"Order {id} shipped");
                """)),
            ("B.cs", Logging("""logger.LogWarning("Order " + id + " late");""", "More")));
        Assert.Equal(Logging("""
            logger.LogInformation(string.Format(format, id));
                    logger.LogInformation("Order {Id} shipped", id);
            """), fixedFiles["A.cs"]);
        Assert.Equal(Logging("""logger.LogWarning("Order {Id} late", id);""", "More"), fixedFiles["B.cs"]);
    }

    private static async Task Renames_placeholders_when_the_first_one_has_no_fix()
    {
        var fixedFiles = await FixAllAsDotnetFormatAsync(new LogTemplateAnalyzer(), new PascalCasePlaceholderCodeFix(),
            ("A.cs", Logging("""
                logger.LogInformation("{Id} then {Id}", id, id);
                        logger.LogInformation("{orderId} by {user_name}", id, format);
                """)),
            ("B.cs", Logging("""logger.LogInformation("{count}", id);""", "More")));
        Assert.Equal(Logging("""
            logger.LogInformation("{Id} then {Id}", id, id);
                    logger.LogInformation("{OrderId} by {UserName}", id, format);
            """), fixedFiles["A.cs"]);
        Assert.Equal(Logging("""logger.LogInformation("{Count}", id);""", "More"), fixedFiles["B.cs"]);
    }

    private static async Task Adds_the_owner_with_no_equivalence_key()
    {
        var fixedFiles = await FixAllAsDotnetFormatAsync(new OwnershipAnalyzer(), new AddServiceOwnerCodeFix(), OutputKind.ConsoleApplication,
            ("Program.cs", "System.Console.WriteLine(\"hi\");\n"));
        Assert.Equal("""
            [assembly: OpsReady.ServiceOwner("TODO", Contact = "TODO", OnCall = "TODO", Runbook = "TODO", Lifecycle = OpsReady.ServiceLifecycle.Production)]

            System.Console.WriteLine("hi");

            """, fixedFiles["Program.cs"].Replace("\r\n", "\n"));
    }

    /// <param name="method">One per file: the files share one partial class.</param>
    private static string Logging(string body, string method = "Run") => $$"""
        using System;
        using Microsoft.Extensions.Logging;

        public static partial class Work
        {
            public static void {{method}}(ILogger logger, Exception ex, int id, string format)
            {
                {{body}}
            }
        }
        """;

    /// <summary>
    /// Fix All as `dotnet format analyzers` runs it: in the solution, over the diagnostics the analyzer
    /// reported, with no equivalence key (what it passes when the first diagnostic has no fix).
    /// </summary>
    private static async Task<Dictionary<string, string>> FixAllAsDotnetFormatAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, params (string Name, string Source)[] files)
        => await FixAllAsDotnetFormatAsync(analyzer, fix, OutputKind.DynamicallyLinkedLibrary, files);

    private static async Task<Dictionary<string, string>> FixAllAsDotnetFormatAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, OutputKind outputKind, params (string Name, string Source)[] files)
    {
        var ct = CancellationToken.None;
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Service", "Service", LanguageNames.CSharp,
            filePath: "/src/Service.csproj",
            compilationOptions: new CSharpCompilationOptions(outputKind),
            metadataReferences: await FuzzReferences.ResolveAsync()));
        solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From(TestSetup.GlobalConfig("web")), filePath: "/src/.globalconfig");
        var ids = new Dictionary<string, DocumentId>();
        foreach (var (name, source) in files.Append(("OpsReady.Attributes.cs", TestSetup.AttributesSource)))
        {
            ids[name] = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(ids[name], name, SourceText.From(source), filePath: "/src/" + name);
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync(ct))!;
        Assert.Empty(compilation.GetDiagnostics(ct).Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(ct))
            .Where(d => fix.FixableDiagnosticIds.Contains(d.Id))
            .OrderBy(d => files.ToList().FindIndex(f => "/src/" + f.Name == d.Location.SourceTree!.FilePath))
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
        Assert.NotEmpty(diagnostics);

        var document = solution.GetDocument(diagnostics[0].Location.SourceTree)!;
        var context = new FixAllContext(document, fix, FixAllScope.Solution, codeActionEquivalenceKey: null!, fix.FixableDiagnosticIds, new ReportedDiagnostics(diagnostics), ct);
        var action = await fix.GetFixAllProvider()!.GetFixAsync(context);
        Assert.True(action != null, $"{fix.GetType().Name} didn't return a Fix All action");
        var changed = (await action.GetOperationsAsync(ct)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

        var result = new Dictionary<string, string>();
        foreach (var (name, _) in files)
        {
            result[name] = (await changed.GetDocument(ids[name])!.GetTextAsync(ct)).ToString();
        }

        return result;
    }

    /// <summary>The diagnostics the analyzer reported, as dotnet format hands them to Fix All.</summary>
    private sealed class ReportedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
