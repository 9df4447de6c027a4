using System.Text.Json;

namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// OpsReady as a new user meets it: the `dotnet new` templates a service starts from (web, webapi,
/// worker, grpc), the package added with the README's `dotnet add package` command, one CI build of
/// all four. Each gets exactly the findings that are true of it, and nothing else.
/// </summary>
public sealed class FreshTemplates
{
    public static readonly string[] Templates = { "web", "webapi", "worker", "grpc" };

    public FreshTemplates()
    {
        var package = PackageFixture.Shared;
        Root = package.NewWorkspace("templates");
        foreach (var template in Templates)
        {
            Steps.Add(DotNet.Run(Root, $"new {template} -o {Name(template)} --no-restore"));
            Steps.Add(DotNet.Run(Path.Combine(Root, Name(template)), $"add package OpsReady --version {package.Version}"));
        }

        PackageFixture.Write(Root, "Templates.slnx", "<Solution>\n"
            + string.Join("\n", Templates.Select(t => $"  <Project Path=\"{Name(t)}/{Name(t)}.csproj\" />")) + "\n</Solution>\n");
        Build = DotNet.Run(Root, "build Templates.slnx -m -p:CI=true");
    }

    public string Root { get; }

    public List<DotNet.Result> Steps { get; } = new();

    public DotNet.Result Build { get; }

    /// <summary>A project name that is not the template's short name (a project called "grpc" would clash with its namespace).</summary>
    public static string Name(string template) => "Fresh" + char.ToUpperInvariant(template[0]) + template.Substring(1);

    /// <summary>The OPS warnings the build printed for one template's project (MSBuild ends each line with the project file).</summary>
    public IReadOnlyList<(string Id, string Message)> Findings(string template)
        => System.Text.RegularExpressions.Regex.Matches(Build.Output, @"warning (?<id>OPS\d{3}): (?<message>.*) \[(?<project>[^\]]+)\]")
            .Where(m => Path.GetFileName(m.Groups["project"].Value) == Name(template) + ".csproj")
            .Select(m => (m.Groups["id"].Value, m.Groups["message"].Value))
            .Distinct()
            .ToList();

    public JsonElement Manifest(string template)
        => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, Name(template), "bin", "Debug", "net10.0", Name(template) + ".ownership.json"))).RootElement.Clone();
}

public sealed class FreshTemplateTests : IClassFixture<FreshTemplates>
{
    private readonly FreshTemplates templates;

    public FreshTemplateTests(FreshTemplates templates) => this.templates = templates;

    [Fact]
    public void The_readme_command_adds_the_package_and_every_template_builds()
    {
        Assert.All(templates.Steps, step => Assert.True(step.ExitCode == 0, step.Output));
        Assert.True(templates.Build.ExitCode == 0, templates.Build.Output);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("webapi")]
    [InlineData("worker")]
    [InlineData("grpc")]
    public void Each_template_gets_exactly_the_missing_owner_probes_and_structured_logs(string template)
    {
        var found = templates.Findings(template).Select(f => f.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.True(new[] { "OPS001", "OPS100", "OPS205" }.SequenceEqual(found), string.Join(", ", found) + "\n" + templates.Build.Output);

        var manifest = templates.Manifest(template);
        Assert.Equal(template == "worker" ? "worker" : "web", manifest.GetProperty("service").GetProperty("kind").GetString());
        var readiness = manifest.GetProperty("readiness");
        Assert.Equal("recorded", readiness.GetProperty("diagnostics").GetString());
        Assert.False(readiness.GetProperty("ready").GetBoolean());
        Assert.False(manifest.GetProperty("logging").GetProperty("structured").GetBoolean());
    }

    [Fact]
    public void The_grpc_template_is_led_to_the_grpc_health_service_not_an_http_path()
    {
        var ops100 = templates.Findings("grpc").First(f => f.Id == "OPS100").Message;
        Assert.Contains("gRPC health service", ops100);
        Assert.Contains("Grpc.AspNetCore.HealthChecks", ops100);
    }

    [Fact]
    public void The_worker_template_is_told_which_package_its_health_checks_need()
    {
        var ops100 = templates.Findings("worker").First(f => f.Id == "OPS100").Message;
        Assert.Contains("Microsoft.Extensions.Diagnostics.HealthChecks", ops100);
    }
}
