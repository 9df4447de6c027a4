using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>
/// The suppressor hides CA2017/CA2023/CA2254 only where OPS201/OPS202/OPS200 report the same defect at the same
/// place. Microsoft's analyzer is stood in for by one that reports all three ids where it does: on the value of
/// every Microsoft logging call's message argument.
/// </summary>
public class DuplicateLoggingDiagnosticSuppressorTests
{
    private const string Source = """
        using Microsoft.Extensions.Logging;

        public class Orders
        {
            public void Run(ILogger logger, int orderId, string template)
            {
                logger.LogInformation("Order {OrderId} for {Name}", orderId);   // line 7: OPS201
                logger.LogInformation("Order {OrderId", orderId);               // line 8: OPS202
                logger.LogInformation($"Order {orderId}");                      // line 9: OPS200
                logger.LogInformation("Order {OrderId}", orderId);              // line 10: nothing
                logger.LogInformation(template, orderId);                       // line 11: CA2254 only (a parameter)
                logger.LogInformation(string.Format("Order {0}", orderId));     // line 12: OPS200 on a call
            }
        }
        """;

    [Fact]
    public async Task Only_the_CA_diagnostic_OpsReady_duplicates_is_suppressed()
    {
        var diagnostics = await Run(Source);

        Assert.Equal(
            new[]
            {
                "CA2017@7 suppressed", "CA2023@7", "CA2254@7",
                "CA2017@8", "CA2023@8 suppressed", "CA2254@8",
                "CA2017@9", "CA2023@9", "CA2254@9 suppressed",
                "CA2017@10", "CA2023@10", "CA2254@10",
                "CA2017@11", "CA2023@11", "CA2254@11",
                "CA2017@12", "CA2023@12", "CA2254@12 suppressed",
            },
            Describe(diagnostics.Where(d => d.Id.StartsWith("CA", StringComparison.Ordinal))));
        Assert.Contains(diagnostics, d => d.Id == "OPS201" && !d.IsSuppressed);
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress)]
    [InlineData(ReportDiagnostic.Info)]
    public async Task A_rule_turned_off_or_down_never_hides_Microsofts(ReportDiagnostic ops201)
    {
        var diagnostics = await Run(Source, ("OPS201", ops201));

        Assert.Contains("CA2017@7", Describe(diagnostics));
        Assert.Contains("CA2023@8 suppressed", Describe(diagnostics));
    }

    [Fact]
    public async Task An_editorconfig_that_turns_the_rule_off_keeps_Microsofts()
    {
        var diagnostics = await Run(await WithEditorConfig(Source, "root = true\n[*.cs]\ndotnet_diagnostic.OPS201.severity = none\n"));

        Assert.Contains("CA2017@7", Describe(diagnostics));
        Assert.DoesNotContain(diagnostics, d => d.Id == "OPS201");
        Assert.Contains("CA2023@8 suppressed", Describe(diagnostics));
    }

    [Fact]
    public async Task A_pragma_on_the_rule_hides_both()
    {
        // What the rule pages say: a #pragma is not visible to the suppressor, so it hides Microsoft's duplicate too.
        var diagnostics = await Run(Source.Replace(
            """        logger.LogInformation("Order {OrderId} for {Name}", orderId);   // line 7: OPS201""",
            """
        #pragma warning disable OPS201
                logger.LogInformation("Order {OrderId} for {Name}", orderId);
        #pragma warning restore OPS201
        """));

        Assert.Contains("CA2017@8 suppressed", Describe(diagnostics));
        Assert.Contains(diagnostics, d => d.Id == "OPS201" && d.IsSuppressed);
    }

    [Fact]
    public async Task A_rule_raised_to_error_still_suppresses_a_warning()
    {
        var diagnostics = await Run(Source, ("OPS201", ReportDiagnostic.Error));

        Assert.Contains("CA2017@7 suppressed", Describe(diagnostics));
    }

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => $"{d.Id}@{d.Location.GetLineSpan().StartLinePosition.Line + 1}"
                + (d.IsSuppressed ? " suppressed" : ""));

    private static async Task<ImmutableArray<Diagnostic>> Run(string source, params (string Id, ReportDiagnostic Value)[] options)
    {
        var references = await LoggingProjects.Library.ReferenceAssemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        return await Run(CSharpCompilation.Create(
            "Suppressed",
            new[] { CSharpSyntaxTree.ParseText(source, path: "/0/Orders.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSpecificDiagnosticOptions(options.ToDictionary(o => o.Id, o => o.Value))));
    }

    /// <summary>The compilation a project with this .editorconfig beside its file gets (the options reach it per syntax tree).</summary>
    private static async Task<Compilation> WithEditorConfig(string source, string editorConfig)
    {
        var references = await LoggingProjects.Library.ReferenceAssemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Suppressed", "Suppressed", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary), metadataReferences: references));
        var document = project.AddDocument("Orders.cs", source, filePath: "/0/Orders.cs");
        var solution = document.Project.Solution.AddAnalyzerConfigDocument(
            DocumentId.CreateNewId(project.Id), ".editorconfig", Microsoft.CodeAnalysis.Text.SourceText.From(editorConfig), filePath: "/0/.editorconfig");
        return (await solution.GetProject(project.Id)!.GetCompilationAsync())!;
    }

    private static async Task<ImmutableArray<Diagnostic>> Run(Compilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LogTemplateAnalyzer(), new FakeMicrosoftLoggingAnalyzer(), new DuplicateLoggingDiagnosticSuppressor());
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>Reports CA2017, CA2023 and CA2254 where Microsoft's LoggerMessageDefineAnalyzer reports them: on the message argument's value.</summary>
#pragma warning disable RS1036 // A test double run in process, never loaded by a compiler.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class FakeMicrosoftLoggingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor[] Descriptors = new[] { "CA2017", "CA2023", "CA2254" }
            .Select(id => new DiagnosticDescriptor(id, id, id, "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true))
            .ToArray();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Descriptors.ToImmutableArray();

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (invocation.TargetMethod.ContainingType.Name != "LoggerExtensions"
                    || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "message") is not { } message)
                {
                    return;
                }

                foreach (var descriptor in Descriptors)
                {
                    c.ReportDiagnostic(Diagnostic.Create(descriptor, message.Value.Syntax.GetLocation()));
                }
            }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1036
}
