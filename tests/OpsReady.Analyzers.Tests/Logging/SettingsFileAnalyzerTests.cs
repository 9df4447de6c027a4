using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>SettingsFileAnalyzer: OPS207 (an appsettings*.json the service reads does not load). The reader itself: SettingsScannerTests.</summary>
public class SettingsFileAnalyzerTests
{
    private static OpsReadyTest<SettingsFileAnalyzer, EmptyCodeFixProvider> Create(string? serviceKind, params (string Path, string Text)[] files)
    {
        var project = files.Aggregate(LoggingProjects.Service.WithServiceKind(serviceKind), (p, file) => p.WithSettingsFile(file.Path, file.Text));
        return project.Analyzer<SettingsFileAnalyzer>("System.Console.WriteLine();");
    }

    [Fact]
    public async Task A_syntax_error_is_reported_in_the_file_at_its_line_and_column()
    {
        var test = Create("web", ("/0/appsettings.Production.json", "{\n  \"Logging\": {\n    \"Console\": { \"FormatterName\": \"json\" }\n    \"LogLevel\": { \"Default\": \"Information\" }\n  }\n}\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.SettingsFileInvalid)
            .WithSpan("/0/appsettings.Production.json", 4, 5, 4, 6)
            .WithMessage("Settings file 'appsettings.Production.json' cannot be loaded (line 4, column 5: expected ',' or '}' here): the service fails at startup when it reads it, and OpsReady counts none of its settings"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_duplicate_key_and_a_top_level_array_are_reported()
    {
        var test = Create("worker",
            ("/0/appsettings.json", "{ \"A\": 1, \"a\": 2 }"),
            ("/0/appsettings.Staging.json", "[ ]"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.SettingsFileInvalid).WithSpan("/0/appsettings.Staging.json", 1, 1, 1, 2)
            .WithArguments("appsettings.Staging.json", 1, 1, "the top-level value must be an object ('{ ... }')"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.SettingsFileInvalid).WithSpan("/0/appsettings.json", 1, 16, 1, 17)
            .WithArguments("appsettings.json", 1, 16, "the key 'a' is given a value twice (keys are compared ignoring case)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_file_cut_short_is_reported_at_its_end()
    {
        var test = Create("web", ("/0/appsettings.json", "{ \"A\": 1"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.SettingsFileInvalid).WithSpan("/0/appsettings.json", 1, 9, 1, 9)
            .WithArguments("appsettings.json", 1, 9, "the file ends before this object is closed with '}'"));
        await test.RunAsync();
    }

    [Fact]
    public Task Comments_trailing_commas_and_valid_files_are_fine() => Create("web",
        ("/0/appsettings.json", "// the template's file\n{ \"Logging\": { \"LogLevel\": { \"Default\": \"Information\", }, }, \"AllowedHosts\": \"*\" }"),
        ("/0/appsettings.Development.json", "{ /* dev */ \"Logging\": { \"LogLevel\": { \"Default\": \"Debug\" } } }")).RunAsync();

    [Theory]
    [InlineData("none", "/0/appsettings.json")]
    [InlineData("web", "/0/config.json")]
    [InlineData("web", "/0/launchSettings.json")]
    public Task Not_a_service_or_not_a_settings_file_is_not_reported(string serviceKind, string path)
        => Create(serviceKind, (path, "{ broken")).RunAsync();
}
