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
using OpsReady.Analyzers.Health;
using OpsReady.CodeFixes.Health;
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
        [nameof(AddHealthChecksCodeFix)] = Adds_health_checks_to_every_service_when_the_first_one_has_no_fix,
        [nameof(MoveHealthMappingOutOfDevelopmentCodeFix)] = Moves_health_mappings_when_the_first_one_has_no_fix,
    };

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

    /// <summary>
    /// A solution of four services, one OPS100/OPS101 each (the analyzer decides per composition root):
    /// the first is a worker whose checks nothing probes, a finding with no fix; the others are the web,
    /// worker and OPS101 variants, whose actions have three different keys.
    /// </summary>
    private static async Task Adds_health_checks_to_every_service_when_the_first_one_has_no_fix()
    {
        var fixedFiles = await FixAllAsDotnetFormatAsync(new HealthEndpointAnalyzer(), new AddHealthChecksCodeFix(),
            new Service("Jobs", "worker", ("Jobs.cs", """
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                var builder = Host.CreateApplicationBuilder(args);
                builder.Services.AddHealthChecks();
                var host = builder.Build();
                host.Run();

                """)),
            new Service("Web", "web", ("Web.cs", """
                using Microsoft.AspNetCore.Builder;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.Run();

                """)),
            new Service("Worker", "worker", ("Worker.cs", """
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                var builder = Host.CreateApplicationBuilder(args);
                var host = builder.Build();
                host.Run();

                """)),
            new Service("Api", "web", ("Api.cs", """
                using Microsoft.AspNetCore.Builder;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapHealthChecks("/health");
                app.Run();

                """)));
        Assert.Equal("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHealthChecks();
            var host = builder.Build();
            host.Run();

            """, fixedFiles["Jobs.cs"]);
        Assert.Equal("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();

            """, fixedFiles["Web.cs"]);
        Assert.Equal("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHealthChecks();
            var host = builder.Build();
            host.Run();

            """, fixedFiles["Worker.cs"]);
        Assert.Equal("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();

            """, fixedFiles["Api.cs"]);
    }

    /// <summary>
    /// One Program.cs in two projects (linked, as a multi-targeted project is loaded once per framework),
    /// each reporting OPS101 on it. In the solution each project's document gets its own finding; in the
    /// document, found by its path, it gets both, and AddHealthChecks() must still be added once.
    /// </summary>
    [Theory]
    [InlineData(FixAllScope.Solution)]
    [InlineData(FixAllScope.Document)]
    public async Task Health_fix_adds_AddHealthChecks_once_for_two_findings_in_one_file(FixAllScope scope)
    {
        const string program = """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();

            """;
        var fixedFiles = await FixAllAsDotnetFormatAsync(new HealthEndpointAnalyzer(), new AddHealthChecksCodeFix(), scope,
            new Service("Api", "web", ("Program.cs", program)) { Folder = "/Api/" },
            new Service("ApiNext", "web", ("Program.cs", program)) { Folder = "/Api/" });
        Assert.Equal("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();

            """, fixedFiles["Program.cs"]);
    }

    /// <summary>Two web services: the first maps health only after an early return outside Development (no fix), the second inside an IsDevelopment() if.</summary>
    private static async Task Moves_health_mappings_when_the_first_one_has_no_fix()
    {
        const string helper = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            Map(app);
            app.Run();

            static void Map(WebApplication app)
            {
                if (!app.Environment.IsDevelopment())
                {
                    return;
                }

                app.MapHealthChecks("/health");
            }

            """;
        var fixedFiles = await FixAllAsDotnetFormatAsync(new HealthEndpointAnalyzer(), new MoveHealthMappingOutOfDevelopmentCodeFix(),
            new Service("Early", "web", ("Early.cs", helper)),
            new Service("Orders", "web", ("Orders.cs", """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks();
                var app = builder.Build();
                if (app.Environment.IsDevelopment())
                {
                    app.MapHealthChecks("/health");
                    app.MapHealthChecks("/alive");
                }

                app.Run();

                """)));
        Assert.Equal(helper, fixedFiles["Early.cs"]);
        Assert.Equal("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.MapHealthChecks("/alive");

            app.Run();

            """, fixedFiles["Orders.cs"]);
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

    /// <summary>A project of the solution: its name, its service kind (the .globalconfig OpsReady writes) and its files.</summary>
    private sealed record Service(string Name, string Kind, params (string Name, string Source)[] Files)
    {
        public OutputKind OutputKind { get; init; } = OutputKind.ConsoleApplication;

        /// <summary>Where its files are; two projects in one folder share a file of the same name (a linked file).</summary>
        public string? Folder { get; init; }
    }

    /// <summary>
    /// Fix All as `dotnet format analyzers` runs it: in the solution, over the diagnostics the analyzer
    /// reported, with no equivalence key (what it passes when the first diagnostic has no fix).
    /// </summary>
    private static async Task<Dictionary<string, string>> FixAllAsDotnetFormatAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, params (string Name, string Source)[] files)
        => await FixAllAsDotnetFormatAsync(analyzer, fix, OutputKind.DynamicallyLinkedLibrary, files);

    private static async Task<Dictionary<string, string>> FixAllAsDotnetFormatAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, OutputKind outputKind, params (string Name, string Source)[] files)
        => await FixAllAsDotnetFormatAsync(analyzer, fix, new Service("Service", "web", files) { OutputKind = outputKind });

    /// <summary>The same over several projects, in order; file names key the result (a linked file: its first project's document).</summary>
    private static Task<Dictionary<string, string>> FixAllAsDotnetFormatAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, params Service[] services)
        => FixAllAsDotnetFormatAsync(analyzer, fix, FixAllScope.Solution, services);

    private static async Task<Dictionary<string, string>> FixAllAsDotnetFormatAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, FixAllScope scope, params Service[] services)
    {
        var ct = CancellationToken.None;
        using var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = new Dictionary<string, DocumentId>();
        var order = new List<string>();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var service in services)
        {
            var projectId = ProjectId.CreateNewId();
            var folder = service.Folder ?? $"/{service.Name}/";
            solution = solution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, service.Name, service.Name, LanguageNames.CSharp,
                filePath: folder + service.Name + ".csproj",
                compilationOptions: new CSharpCompilationOptions(service.OutputKind),
                metadataReferences: await FuzzReferences.ResolveAsync()));
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From(TestProject.Default.WithServiceKind(service.Kind).GlobalConfig), filePath: folder + ".globalconfig");
            foreach (var (name, source) in service.Files.Append(("OpsReady.Attributes.cs", TestProject.AttributesSource)))
            {
                var id = DocumentId.CreateNewId(projectId);
                solution = solution.AddDocument(id, name, SourceText.From(source), filePath: folder + name);
                if (service.Files.Any(f => f.Name == name) && ids.TryAdd(name, id))
                {
                    order.Add(folder + name);
                }
            }

            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync(ct))!;
            Assert.Empty(compilation.GetDiagnostics(ct).Where(d => d.Severity == DiagnosticSeverity.Error));
            diagnostics.AddRange((await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(ct))
                .Where(d => fix.FixableDiagnosticIds.Contains(d.Id))
                .OrderBy(d => order.IndexOf(d.Location.SourceTree!.FilePath))
                .ThenBy(d => d.Location.SourceSpan.Start));
        }

        var reported = diagnostics.ToImmutable();
        Assert.NotEmpty(reported);

        var document = solution.GetDocument(reported[0].Location.SourceTree)!;
        var context = new FixAllContext(document, fix, scope, codeActionEquivalenceKey: null!, fix.FixableDiagnosticIds, new ReportedDiagnostics(reported), ct);
        var action = await fix.GetFixAllProvider()!.GetFixAsync(context);
        Assert.True(action != null, $"{fix.GetType().Name} didn't return a Fix All action");
        var changed = (await action.GetOperationsAsync(ct)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

        var result = new Dictionary<string, string>();
        foreach (var (name, id) in ids)
        {
            result[name] = (await changed.GetDocument(id)!.GetTextAsync(ct)).ToString();
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
            => Task.FromResult(diagnostics.Where(d => project.Documents.Any(document => document.FilePath == d.Location.SourceTree?.FilePath)));
    }
}
