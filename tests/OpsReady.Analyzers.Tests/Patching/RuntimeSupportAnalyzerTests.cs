using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Patching;

namespace OpsReady.Analyzers.Tests.Patching;

/// <summary>
/// RuntimeSupportAnalyzer: OPS400 (the runtime is out of support) and OPS401 (its support ends soon). The judgement is
/// the targets' (ResolveRuntimeSupport, tested in OpsReady.Tasks.Tests); the analyzer reports what the build properties say.
/// </summary>
public class RuntimeSupportAnalyzerTests
{
    private const string Program = "System.Console.WriteLine(\"started\");\n";

    private static OpsReadyTest<RuntimeSupportAnalyzer, EmptyCodeFixProvider> Create(string? status, string? framework = "net8.0", string? ends = "2026-11-10", string? days = "180", string? serviceKind = "web", bool library = false, string source = Program)
    {
        var project = TestProject.Default.WithServiceKind(serviceKind).AsExecutable(!library);
        foreach (var (name, value) in new[] { ("_OpsReadyRuntimeStatus", status), ("_OpsReadyRuntimeFramework", framework), ("_OpsReadyRuntimeSupportEnds", ends), ("_OpsReadySupportWarningDays", days) })
        {
            if (value != null)
            {
                project = project.WithBuildProperty(name, value);
            }
        }

        return project.Analyzer<RuntimeSupportAnalyzer>(source);
    }

    [Fact]
    public async Task OPS400_an_ended_runtime_is_reported_on_the_entry_point()
    {
        var test = Create("ended");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.RuntimeOutOfSupport).WithSpan(1, 1, 1, 37)
            .WithMessage("The service targets net8.0, whose support ended on 2026-11-10: it gets no more security fixes, so move it to a supported .NET version"));
        await test.RunAsync();
    }

    [Fact]
    public async Task OPS400_on_a_classic_Main_sits_on_its_name()
    {
        var test = Create("ended", source: "public static class Program\n{\n    public static void Main() { }\n}\n");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.RuntimeOutOfSupport).WithSpan(3, 24, 3, 28).WithArguments("net8.0", "2026-11-10"));
        await test.RunAsync();
    }

    [Fact]
    public async Task OPS401_an_ending_runtime_names_the_warning_days()
    {
        var test = Create("ending", days: "90");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.RuntimeSupportEnding).WithSpan(1, 1, 1, 37)
            .WithMessage("The service targets net8.0, whose support ends on 2026-11-10, within 90 days: plan the move to a newer .NET version"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_library_service_without_an_entry_point_gets_it_on_the_first_token_of_its_first_file()
    {
        var test = Create("ended", serviceKind: "worker", library: true, source: "public static class Worker { }\n");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.RuntimeOutOfSupport).WithSpan(1, 1, 1, 7).WithArguments("net8.0", "2026-11-10"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("supported")]
    [InlineData("unknown")]
    [InlineData(null)]
    [InlineData("ENDED ")]
    public Task A_supported_unknown_or_unset_status_is_not_reported(string? status) => Create(status).RunAsync();

    [Theory]
    [InlineData("none")]
    [InlineData(null)]
    public Task A_project_that_is_not_a_service_is_not_reported(string? serviceKind) => Create("ended", serviceKind: serviceKind).RunAsync();

    [Theory]
    [InlineData(null, "2026-11-10")]
    [InlineData("net8.0", null)]
    [InlineData("net8.0", "10/11/2026")]
    public Task Without_a_framework_or_an_ISO_end_date_nothing_is_claimed(string? framework, string? ends) => Create("ended", framework, ends).RunAsync();

    [Fact]
    public async Task Odd_warning_days_fall_back_to_the_default()
    {
        var test = Create("ending", days: "-3");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.RuntimeSupportEnding).WithSpan(1, 1, 1, 37).WithArguments("net8.0", "2026-11-10", "180"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Half_typed_code_still_gets_the_finding_and_no_analyzer_exception()
    {
        var test = Create("ended", source: "var x = ;\n");
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.RuntimeOutOfSupport).WithSpan(1, 1, 1, 10).WithArguments("net8.0", "2026-11-10"));
        await test.RunAsync();
    }
}
