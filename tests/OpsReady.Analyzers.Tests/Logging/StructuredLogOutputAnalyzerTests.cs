using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>OPS205 (StructuredLogOutputAnalyzer): a service configures no structured log output; settings files it cannot load count for nothing (OPS207).</summary>
public class StructuredLogOutputAnalyzerTests
{
    /// <summary>Stand-ins for the sink and exporter packages the tests do not reference, in the packages' namespaces.</summary>
    private const string Stubs = """
        public static class App
        {
            public static void Logging(System.Action<Microsoft.Extensions.Logging.ILoggingBuilder> configure) { }
        }

        namespace Microsoft.Extensions.Logging
        {
            public static class ConsoleLoggerExtensions
            {
                public static ILoggingBuilder AddJsonConsole(this ILoggingBuilder builder) => builder;
                public static ILoggingBuilder AddConsole(this ILoggingBuilder builder, System.Action<Console.ConsoleLoggerOptions>? configure = null) => builder;
            }

            public static class OpenTelemetryLoggingExtensions
            {
                public static ILoggingBuilder AddOpenTelemetry(this ILoggingBuilder builder) => builder;
            }
        }

        namespace Microsoft.Extensions.Logging.Console
        {
            public class ConsoleLoggerOptions { public string? FormatterName { get; set; } }
            public static class ConsoleFormatterNames { public const string Json = "json"; public const string Simple = "simple"; }
        }

        namespace OpenTelemetry
        {
            public class OpenTelemetryBuilder
            {
                public OpenTelemetryBuilder UseOtlpExporter() => this;
                public OpenTelemetryBuilder WithTracing() => this;
            }

            public static class ServiceCollectionExtensions
            {
                public static OpenTelemetryBuilder AddOpenTelemetry(this System.Collections.Generic.List<object> services) => new OpenTelemetryBuilder();
            }
        }

        namespace Serilog
        {
            public static class SinkStubs
            {
                public static LoggerConfiguration Console(this Serilog.Configuration.LoggerSinkConfiguration sink, Serilog.Formatting.ITextFormatter? formatter = null) => null!;
                public static LoggerConfiguration Seq(this Serilog.Configuration.LoggerSinkConfiguration sink, string serverUrl) => null!;
                public static LoggerConfiguration OpenTelemetry(this Serilog.Configuration.LoggerSinkConfiguration sink) => null!;
            }
        }

        namespace Serilog.Formatting.Compact
        {
            public class CompactJsonFormatter : Serilog.Formatting.ITextFormatter
            {
                public void Format(Serilog.Events.LogEvent logEvent, System.IO.TextWriter output) { }
            }
        }

        namespace NLog.Layouts
        {
            public class JsonLayout { }
        }
        """;

    private static Task Verify(string program, string? serviceKind = "web", params (string Path, string Text)[] settings)
    {
        var project = settings.Aggregate(LoggingProjects.Service.WithServiceKind(serviceKind), (p, file) => p.WithSettingsFile(file.Path, file.Text));
        var test = project.Analyzer<StructuredLogOutputAnalyzer>(program);
        test.TestState.Sources.Add(("/0/Stubs.cs", Stubs));
        return test.RunAsync();
    }

    private const string PlainService = """
        using Microsoft.Extensions.Logging;
        {|OPS205:App.Logging(b => b.AddConsole());|}
        """;

    [Fact]
    public Task A_service_with_plain_text_logs_is_reported_on_its_entry_point() => Verify(PlainService);

    [Fact]
    public Task Main_is_the_anchor_when_there_are_no_top_level_statements() => Verify("""
        static class Program
        {
            static void {|OPS205:Main|}() { }
        }
        """, serviceKind: "worker");

    [Fact]
    public Task Not_a_service_is_not_reported() => Verify(PlainService.Replace("{|OPS205:", "").Replace("|}", ""), serviceKind: "none");

    [Theory]
    [InlineData("App.Logging(b => b.AddJsonConsole());")]
    [InlineData("App.Logging(b => b.AddConsole(o => o.FormatterName = \"json\"));")]
    [InlineData("App.Logging(b => b.AddConsole(o => o.FormatterName = Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json));")]
    [InlineData("App.Logging(b => b.AddOpenTelemetry());")]
    [InlineData("new System.Collections.Generic.List<object>().AddOpenTelemetry().UseOtlpExporter();")]
    [InlineData("new Serilog.LoggerConfiguration().WriteTo.Console(new Serilog.Formatting.Json.JsonFormatter());")]
    [InlineData("new Serilog.LoggerConfiguration().WriteTo.Console(formatter: new Serilog.Formatting.Compact.CompactJsonFormatter());")]
    [InlineData("new Serilog.LoggerConfiguration().WriteTo.Seq(\"http://seq\");")]
    [InlineData("new Serilog.LoggerConfiguration().WriteTo.OpenTelemetry();")]
    [InlineData("var layout = new NLog.Layouts.JsonLayout();")]
    public Task Structured_output_in_code_satisfies_the_rule(string statement) => Verify($$"""
        using Microsoft.Extensions.Logging;
        using OpenTelemetry;
        using Serilog;
        {{statement}}
        """);

    [Fact]
    public Task Simple_console_formatter_and_tracing_only_do_not_count() => Verify("""
        using Microsoft.Extensions.Logging;
        using OpenTelemetry;
        {|OPS205:App.Logging(b => b.AddConsole(o => o.FormatterName = Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Simple));|}
        new System.Collections.Generic.List<object>().AddOpenTelemetry().WithTracing();
        """);

    [Theory]
    [InlineData("/0/appsettings.json", """{ "Logging": { "Console": { "FormatterName": "json" } } }""")]
    [InlineData("/0/appsettings.Production.json", """
        // comments are allowed in settings files
        { "Serilog": { "Using": [ "Serilog.Sinks.Console" ], "WriteTo": [ { "Name": "Console", "Args": { "formatter": "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact" } } ] } }
        """)]
    [InlineData("/0/appsettings.json", """{ "Serilog": { "WriteTo": [ { "Name": "Seq", "Args": { "serverUrl": "http://seq" } } ] } }""")]
    [InlineData("/0/appsettings.json", """{ "NLog": { "targets": { "out": { "type": "Console", "layout": { "type": "JsonLayout" } } } } }""")]
    public Task Structured_output_in_appsettings_satisfies_the_rule(string path, string json) => Verify(
        PlainService.Replace("{|OPS205:", "").Replace("|}", ""), "web", (path, json));

    [Theory]
    [InlineData("/0/appsettings.json", """{ "Logging": { "Console": { "FormatterName": "json" """)]
    [InlineData("/0/appsettings.json", "{ \"Logging\": \"unterminated")]
    [InlineData("/0/appsettings.json", "]]]}}}\"\\")]
    [InlineData("/0/appsettings.json", """{ "Logging": { "Console": { "FormatterName": "json" } }, "logging": { "console": { "formatterName": "json" } } }""")]
    [InlineData("/0/other.json", """{ "Logging": { "Console": { "FormatterName": "json" } } }""")]
    public Task Settings_that_do_not_load_or_are_not_settings_count_for_nothing(string path, string json)
    {
        // A file the host cannot load (the service does not start with it) satisfies nothing, and the message says which; an unrelated file is ignored.
        var test = LoggingProjects.Service.Analyzer<StructuredLogOutputAnalyzer>(PlainService.Replace("{|OPS205:", "{|#0:"));
        test.TestState.Sources.Add(("/0/Stubs.cs", Stubs));
        test.TestState.AdditionalFiles.Add((path, json));
        var detail = path.EndsWith("appsettings.json") ? " (appsettings.json cannot be loaded (OPS207) and counts for nothing)" : "";
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.NoStructuredLogOutput).WithLocation(0).WithArguments("TestProject", detail));
        return test.RunAsync();
    }

    [Fact]
    public Task Comments_and_trailing_commas_are_valid_settings() => Verify(
        PlainService.Replace("{|OPS205:", "").Replace("|}", ""), "web",
        ("/0/appsettings.json", "// production logging\n{ \"Logging\": { \"Console\": { \"FormatterName\": \"json\", }, }, }"));

    [Fact]
    public async Task An_output_only_in_the_Development_settings_does_not_count_and_the_message_says_so()
    {
        var test = LoggingProjects.Service.Analyzer<StructuredLogOutputAnalyzer>(PlainService.Replace("{|OPS205:", "{|#0:"));
        test.TestState.Sources.Add(("/0/Stubs.cs", Stubs));
        test.TestState.AdditionalFiles.Add(("/0/appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }"""));
        test.TestState.AdditionalFiles.Add(("/0/appsettings.Development.json", """{ "Logging": { "Console": { "FormatterName": "json" } } }"""));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.NoStructuredLogOutput).WithLocation(0).WithMessage(
            "Service 'TestProject' configures no structured log output outside Development (json-console in appsettings.Development.json applies only in Development): add a JSON console formatter, OpenTelemetry logging, or a Serilog/NLog JSON, OTLP or Seq sink (in code or in appsettings.json)"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("/0/appsettings.Production.json")]
    [InlineData("/0/appsettings.Staging.json")]
    [InlineData("/0/appsettings.json")]
    public Task An_output_in_the_settings_of_another_environment_counts(string path) => Verify(
        PlainService.Replace("{|OPS205:", "").Replace("|}", ""), "web",
        ("/0/appsettings.Development.json", """{ "Logging": { "LogLevel": { "Default": "Debug" } } }"""),
        (path, """{ "Logging": { "Console": { "FormatterName": "json" } } }"""));

    [Fact]
    public Task An_output_in_code_counts_whatever_the_Development_settings_say() => Verify("""
        using Microsoft.Extensions.Logging;
        App.Logging(b => b.AddJsonConsole());
        """, "web", ("/0/appsettings.Development.json", """{ "Logging": { "Console": { "FormatterName": "simple" } } }"""));

    /// <summary>
    /// The IDE caches a file's syntax-pass diagnostics by its text, so a verdict that depends on other files must come
    /// from the semantic pass: OPS205 is there, for the entry point's file only, and never in the syntax pass.
    /// </summary>
    [Fact]
    public async Task OPS205_is_reported_by_the_semantic_pass_of_the_entry_points_file()
    {
        const string setup = "public static class Setup { }";
        Task<TestProject.PassesResult> Passes(string semanticPath, string setupSource) => LoggingProjects.Service.PassesAsync(
            new StructuredLogOutputAnalyzer(), semanticPath,
            ("/0/Program.cs", "App.Logging(b => b.ToString());"), ("/0/Setup.cs", setupSource), ("/0/Stubs.cs", Stubs));

        var onProgram = await Passes("/0/Program.cs", setup);
        Assert.Empty(onProgram.Syntax);
        Assert.Equal("OPS205", Assert.Single(onProgram.Semantic).Id);
        Assert.Empty((await Passes("/0/Setup.cs", setup)).Semantic);

        // Configured in another file: the semantic pass of the untouched Program.cs drops it.
        var configured = await Passes("/0/Program.cs", "using Microsoft.Extensions.Logging; public static class Setup { public static void C(ILoggingBuilder b) => b.AddJsonConsole(); }");
        Assert.Empty(configured.Semantic);
        Assert.DoesNotContain(Rules.NoStructuredLogOutput.CustomTags, t => t == WellKnownDiagnosticTags.CompilationEnd);
    }

    [Fact]
    public void Settings_scan_names_every_output()
    {
        var outputs = LoggingOutputs.FindInSettings("""
            {
              "Logging": { "Console": { "FormatterName": "Json" } },
              "Serilog": { "WriteTo": [ { "Name": "OpenTelemetry" }, { "Name": "Seq" },
                                        { "Name": "File", "Args": { "formatter": "Serilog.Formatting.Json.JsonFormatter, Serilog" } } ] },
              /* NLog */ "NLog": { "targets": { "f": { "layout": { "type": "JsonLayout" } } } }
            }
            """);
        Assert.Equal(new[] { "json-console", "nlog-json", "opentelemetry", "seq", "serilog-json" }, outputs);
        Assert.Empty(LoggingOutputs.FindInSettings("""{ "Name": "Console", "FormatterName": "simple" }"""));
        Assert.Empty(LoggingOutputs.FindInSettings(""));
        Assert.Empty(LoggingOutputs.FindInSettings("""{ "Logging": { "Console": { "FormatterName": "json" } """));
    }

    [Fact]
    public void Outputs_configured_in_code_reach_the_manifest_facts()
    {
        var compilation = CSharpCompilation.Create("svc",
            new[]
            {
                CSharpSyntaxTree.ParseText(TestProject.AttributesSource),
                CSharpSyntaxTree.ParseText(Stubs),
                CSharpSyntaxTree.ParseText("""
                    using Microsoft.Extensions.Logging;
                    using Serilog;
                    static class P
                    {
                        static void Main()
                        {
                            App.Logging(b => b.AddJsonConsole());
                            new LoggerConfiguration().WriteTo.Seq("http://seq").WriteTo.Console(new Serilog.Formatting.Compact.CompactJsonFormatter());
                        }
                    }
                    """),
            },
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        // The manifest's logging.outputs are read from the facts LoggingFactsGenerator records, classified by symbol.
        CSharpGeneratorDriver.Create(new LoggingFactsGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var recorded = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(LoggingFactsGenerator.HintName, StringComparison.Ordinal)).ToString()
            .Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, "name=([a-z-]+);source=code").Groups[1].Value)
            .Where(name => name.Length > 0);
        Assert.Equal(new[] { "json-console", "seq", "serilog-json" }, recorded);
    }

    private static IEnumerable<MetadataReference> References()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Serilog.ILogger).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.LoggerFactory).Assembly.Location));
    }
}
