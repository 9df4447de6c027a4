using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// Settings files as the host reads them (issue 15, item 4): a JSON console configured only for Development does
/// not make a service's logs structured, and an appsettings.json the host cannot load gets OPS207 at its line and
/// counts for nothing. Built from the packed package, as a user builds.
/// </summary>
public sealed class LoggingSettingsTests
{
    [Fact]
    public void Development_only_and_broken_settings_do_not_count_as_structured()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("logging-settings");
        void W(string path, string content) => PackageFixture.Write(root, path, content);
        const string Program = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", () => "hello");
            app.Run();
            """;
        W("Services.slnx", """
            <Solution>
              <Project Path="src/DevOnly/DevOnly.csproj" />
              <Project Path="src/Broken/Broken.csproj" />
            </Solution>
            """);
        foreach (var project in new[] { "DevOnly", "Broken" })
        {
            W($"src/{project}/{project}.csproj", package.WebServiceProject());
            W($"src/{project}/Program.cs", Program);
        }

        // As `dotnet new web` writes them, plus a JSON console for Development only.
        W("src/DevOnly/appsettings.json", """
            {
              "Logging": {
                "LogLevel": {
                  "Default": "Information",
                  "Microsoft.AspNetCore": "Warning"
                }
              },
              "AllowedHosts": "*"
            }
            """);
        W("src/DevOnly/appsettings.Development.json", """
            {
              // structured logs while debugging
              "Logging": {
                "Console": { "FormatterName": "json" },
                "LogLevel": { "Default": "Information", },
              }
            }
            """);
        W("src/Broken/appsettings.json", """
            {
              "Logging": {
                "Console": { "FormatterName": "json" }
                "LogLevel": { "Default": "Information" }
              }
            }
            """);

        var build = DotNet.Run(root, "build Services.slnx --no-incremental");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain("AD0001", build.Output);
        var diagnostics = build.Diagnostics().Where(d => d.Id is "OPS205" or "OPS207").Select(d => $"{d.Id} {d.File}:{d.Line} {d.Message}").ToList();

        Assert.Contains(diagnostics, d => d.StartsWith("OPS205 Program.cs:1 Service 'DevOnly' configures no structured log output outside Development (json-console in appsettings.Development.json applies only in Development)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith("OPS207 appsettings.json:4 Settings file 'appsettings.json' cannot be loaded (line 4, column 5: expected ',' or '}' here)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith("OPS205 Program.cs:1 Service 'Broken' configures no structured log output (appsettings.json cannot be loaded (OPS207) and counts for nothing)", StringComparison.Ordinal));
        Assert.Equal(3, diagnostics.Count);

        var devOnly = Logging(root, "DevOnly");
        Assert.False(devOnly.GetProperty("structured").GetBoolean());
        Assert.Empty(devOnly.GetProperty("outputs").EnumerateArray());
        var source = Assert.Single(devOnly.GetProperty("sources").EnumerateArray());
        Assert.Equal("json-console", source.GetProperty("output").GetString());
        Assert.Equal(new[] { "Development" }, source.GetProperty("environments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("settings", source.GetProperty("source").GetString());
        Assert.Equal("appsettings.Development.json", source.GetProperty("from").GetString());

        var broken = Logging(root, "Broken");
        Assert.False(broken.GetProperty("structured").GetBoolean());
        Assert.Empty(broken.GetProperty("sources").EnumerateArray());
    }

    private static JsonElement Logging(string root, string project)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "src", project, "bin", "Debug", "net10.0", project + ".ownership.json")));
        return json.RootElement.GetProperty("logging").Clone();
    }
}
