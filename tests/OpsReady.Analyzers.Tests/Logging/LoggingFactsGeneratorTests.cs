using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>The logging facts a build records for the manifest, and how OPS205 reads them across projects.</summary>
public class LoggingFactsGeneratorTests
{
    /// <summary>A library built without the package's targets (no service kind), against .NET 8 and ASP.NET Core 8.</summary>
    private static readonly TestProject Library = TestProject.Default.WithServiceKind(null).AsLibrary();

    /// <summary>The facts the generator records for <paramref name="source"/>; the project may not compile (half-typed code).</summary>
    private static (string Generated, Compilation Output) Run(string assemblyName, string source, IEnumerable<MetadataReference>? more = null, bool withAttributes = true, params (string Path, string Text)[] settings)
    {
        var project = settings.Aggregate(Library.WithReferences(more ?? Array.Empty<MetadataReference>()), (p, file) => p.WithSettingsFile(file.Path, file.Text));
        return (withAttributes ? project : project.WithoutAttributes())
            .RunGenerator(new LoggingFactsGenerator(), LoggingFactsGenerator.HintName, assemblyName, allowErrors: true, source);
    }

    private static string Fact(string name, string source, string environments = "all", string? from = null)
        => $"[assembly: global::System.Reflection.AssemblyMetadata(\"OpsReady.Fact:logging.output\", \"name={name};source={source};environments={environments}{(from == null ? "" : ";from=" + from)}\")]";

    [Fact]
    public void Records_outputs_configured_in_code()
    {
        var (generated, output) = Run("Api", """
            using Microsoft.Extensions.Logging;
            using Microsoft.Extensions.Logging.Console;
            public static class Setup
            {
                public static void Configure(ILoggingBuilder logging)
                {
                    logging.AddJsonConsole();
                    logging.AddConsole(o => o.FormatterName = ConsoleFormatterNames.Json);
                }
            }
            """);
        Assert.Contains(Fact("json-console", "code"), generated);
        Assert.Single(generated.Split('\n'), l => l.Contains("logging.output"));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Records_outputs_configured_in_appsettings()
    {
        var (generated, _) = Run("Api", "public class C { }", settings: ("/Api/appsettings.Production.json", """
            { "Logging": { "Console": { "FormatterName": "json" } } }
            """));
        Assert.Contains(Fact("json-console", "settings", "Production", "appsettings.Production.json"), generated);
    }

    [Fact]
    public void Settings_outputs_record_the_environments_of_their_file()
    {
        var (generated, _) = Run("Api", "public class C { }",
            settings: new[]
            {
                ("/Api/appsettings.json", """{ "Serilog": { "WriteTo": [ { "Name": "Seq" } ] } }"""),
                ("/Api/appsettings.Development.json", """{ "Logging": { "Console": { "FormatterName": "json" } } }"""),
            });
        Assert.Contains(Fact("seq", "settings", "all", "appsettings.json"), generated);
        Assert.Contains(Fact("json-console", "settings", "Development", "appsettings.Development.json"), generated);
        Assert.Equal(2, generated.Split('\n').Count(l => l.Contains("logging.output")));
    }

    [Fact]
    public void A_settings_file_that_does_not_load_records_nothing()
    {
        var (generated, _) = Run("Api", "public class C { }",
            settings: new[] { ("/Api/appsettings.json", """{ "Logging": { "Console": { "FormatterName": "json" } } """) });
        Assert.Equal("", generated);
    }

    [Fact]
    public void Each_settings_file_is_parsed_once_and_again_only_when_its_text_changes()
    {
        var compilation = CSharpCompilation.Create("Api",
            new[]
            {
                CSharpSyntaxTree.ParseText("public class C { }", TestProject.ParseOptions, path: "/Api/Program.cs"),
                CSharpSyntaxTree.ParseText(TestProject.AttributesSource, TestProject.ParseOptions, path: "/Api/OpsReady.Attributes.cs"),
            },
            TestReferences.ResolveNet80(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var json = new Settings("/Api/appsettings.json", """{ "Logging": { "Console": { "FormatterName": "json" } } }""");
        var other = new Settings("/Api/appsettings.Production.json", """{ "Serilog": { "WriteTo": [ { "Name": "Seq" } ] } }""");
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new LoggingFactsGenerator().AsSourceGenerator() },
            additionalTexts: new AdditionalText[] { json, other },
            parseOptions: TestProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        Assert.Equal((1, 1), (json.Reads, other.Reads));

        // A code edit, then an edit of one settings file: the other file is not read again.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class D { }", TestProject.ParseOptions, path: "/Api/D.cs")));
        Assert.Equal((1, 1), (json.Reads, other.Reads));
        var edited = new Settings(json.Path, """{ "Logging": { "Console": { "FormatterName": "simple" } } }""");
        driver = driver.ReplaceAdditionalText(json, edited).RunGenerators(compilation);
        Assert.Equal((1, 1, 1), (json.Reads, edited.Reads, other.Reads));
        Assert.DoesNotContain("json-console", string.Concat(driver.GetRunResult().GeneratedTrees.Select(t => t.ToString())));
    }

    [Fact]
    public void Records_nothing_when_nothing_is_configured_or_names_only_match()
    {
        var (generated, _) = Run("Api", """
            public static class Mine
            {
                public static void AddJsonConsole(this object o) { }
                public static void Use() { new object().AddJsonConsole(); var s = "AddJsonConsole"; }
            }
            """, settings: ("/Api/appsettings.json", "{ not json at all"));
        Assert.Equal("", generated);
    }

    [Fact]
    public void Records_nothing_without_the_attribute_source()
    {
        var (generated, _) = Run("Api", "public static class S { public static void C(Microsoft.Extensions.Logging.ILoggingBuilder b) => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddJsonConsole(b); }", withAttributes: false);
        Assert.Equal("", generated);
    }

    [Fact]
    public async Task Outputs_of_shared_service_defaults_are_recorded_in_the_service_and_satisfy_OPS205()
    {
        var (defaults, defaultsOutput) = Run("ServiceDefaults", """
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            public static class Defaults
            {
                public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
                {
                    builder.Logging.AddJsonConsole();
                    return builder;
                }
            }
            """);
        Assert.Contains(Fact("json-console", "code"), defaults);
        var reference = TestProject.Emit(defaultsOutput);

        var (service, _) = Run("Orders.Api", "public class C { }", new[] { reference });
        Assert.Contains(Fact("json-console", "ServiceDefaults"), service);

        // The service itself configures nothing, but calls into defaults that do: no OPS205.
        var test = TestProject.Default.WithReferences(reference).Analyzer<StructuredLogOutputAnalyzer>("""
            var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.Build().Run();
            """);
        await test.RunAsync();
    }

    [Fact]
    public void Facts_are_read_only_from_references_that_compile_the_attribute_source()
    {
        // Built without OpsReady's attribute source (OpsReadyIncludeAttributes=false): not opened, whatever its metadata says.
        var (_, plain) = Run("Plain", """
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=seq;source=code")]
            public class P { }
            """, withAttributes: false);
        // Built with it: its facts are read, and AssemblyMetadata of other keys is not a fact.
        var (_, marked) = Run("Marked", """
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=nlog-json;source=code")]
            [assembly: System.Reflection.AssemblyMetadata("RepositoryUrl", "https://example.test/repo")]
            public class M { }
            """);

        var (service, _) = Run("Orders.Api", "public class C { }", new[] { TestProject.Emit(plain), TestProject.Emit(marked) });
        Assert.Contains(Fact("nlog-json", "Marked"), service);
        Assert.DoesNotContain("seq", service);
        Assert.DoesNotContain("example.test", service);
    }

    [Fact]
    public async Task A_reference_whose_output_is_only_for_Development_does_not_satisfy_OPS205()
    {
        var (_, defaults) = Run("Defaults", """
            [assembly: System.Reflection.AssemblyMetadata("OpsReady.Fact:logging.output", "name=json-console;source=settings;environments=Development;from=appsettings.Development.json")]
            public class D { }
            """);
        var reference = TestProject.Emit(defaults);

        var (service, _) = Run("Orders.Api", "public class C { }", new[] { reference });
        Assert.Contains(Fact("json-console", "Defaults", "Development"), service);

        var test = TestProject.Default.WithReferences(reference).Analyzer<StructuredLogOutputAnalyzer>("""
            {|#0:var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);|}
            builder.Build().Run();
            """);
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Rules.NoStructuredLogOutput).WithLocation(0)
            .WithArguments("TestProject", " outside Development (json-console from Defaults applies only in Development)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Without_a_reference_that_configures_output_OPS205_is_reported()
    {
        var test = TestProject.Default.Analyzer<StructuredLogOutputAnalyzer>("""
            {|OPS205:var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);|}
            builder.Build().Run();
            """);
        await test.RunAsync();
    }

    [Theory]
    [InlineData("logging.AddJsonConsole(")]
    [InlineData("{ not valid")]
    [InlineData("new Serilog.Formatting.Json.JsonFormatter(")]
    public void Half_typed_code_records_what_it_can_and_never_throws(string fragment)
    {
        var (generated, _) = Run("Api", "public static class S { public static void C(Microsoft.Extensions.Logging.ILoggingBuilder logging) { " + fragment + " } }");
        Assert.DoesNotContain("source=settings", generated);
    }

    private sealed class Settings(string path, string text) : AdditionalText
    {
        private int reads;

        public override string Path { get; } = path;

        /// <summary>How often the generator asked for the text (each read is a parse).</summary>
        public int Reads => reads;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref reads);
            return SourceText.From(text);
        }
    }
}
