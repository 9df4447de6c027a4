using System.Text.Json;
using System.Text.Json.Nodes;
using OpsReady.EndToEnd.Tests;
using Xunit.Abstractions;

namespace OpsReady.Ide.Tests;

/// <summary>
/// Proves the OpsReady diagnostics in a real IDE language server: csharp-ls (pinned in the repo's
/// dotnet-tools.json) opens a web service that references the freshly packed OpsReady.nupkg, and
/// the test speaks LSP to it as an editor would: OPS001 is published for Program.cs, its code fix
/// is offered as a code action, and typing the owner attribute makes it go away.
/// </summary>
public sealed class CSharpLsTests(ITestOutputHelper output)
{
    /// <summary>The title of OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix: what the user sees.</summary>
    private const string AddOwnerFixTitle = "Add [assembly: ServiceOwner(...)]";

    private const string OwnerAttribute = """[assembly: OpsReady.ServiceOwner("payments-team", Contact = "payments@contoso.example")]""";

    /// <summary>A web service that maps health checks and logs JSON: all it lacks is an owner.</summary>
    private const string Program = """
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;

        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddJsonConsole();
        builder.Services.AddHealthChecks();

        var app = builder.Build();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");

        app.MapGet("/orders/{id:int}", (int id, ILogger<Program> logger) =>
        {
            logger.LogInformation("Fetching order {OrderId}", id);
            return Results.Ok(new { id });
        });

        app.Run();

        """;

    /// <summary>The whole conversation must fit in this (first diagnostics take 10-25 s on 2 cores).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Csharp_ls_publishes_OPS001_offers_its_fix_and_clears_it_after_the_owner_is_typed()
    {
        var repository = DotNet.RepositoryRoot();

        // CI runs on a fresh machine: the pinned server comes from the repo's tool manifest.
        var toolRestore = DotNet.Run(repository, "tool restore", TimeSpan.FromMinutes(5));
        Assert.True(toolRestore.ExitCode == 0, "dotnet tool restore failed:\n" + toolRestore.Output);

        var package = PackageFixture.Shared;
        var workspace = package.NewWorkspace("ide");
        PackageFixture.Write(workspace, "Payments.Api.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpsReady" Version="{package.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        PackageFixture.Write(workspace, "Program.cs", Program);

        // The language server neither restores nor builds: an editor user has run restore (or a build) first.
        var restore = DotNet.Run(workspace, "restore Payments.Api.csproj", TimeSpan.FromMinutes(5));
        Assert.True(restore.ExitCode == 0, "dotnet restore failed:\n" + restore.Output);

        using var server = LspClient.Start("dotnet", "tool run csharp-ls -- --loglevel info", repository);
        var session = new LspSession(server, Path.Combine(workspace, "Program.cs"), DateTime.UtcNow + Budget);
        try
        {
            await session.InitializeAsync(workspace);
            await session.OpenAsync(Program);

            // (a) OPS001 is published for the open file, on the first statement, as a warning.
            var ops001 = await session.WaitForDiagnosticsAsync(
                "OPS001 on Program.cs",
                diagnostics => diagnostics.FirstOrDefault(d => LspSession.Code(d) == "OPS001"));
            session.Mark($"(a) OPS001 published: {ops001.ToJsonString()}");
            Assert.Equal(2, ops001["range"]!["start"]!["line"]!.GetValue<int>()); // `var builder = ...`
            Assert.Equal(2, ops001["severity"]!.GetValue<int>()); // LSP DiagnosticSeverity.Warning

            // (c) The code fix is offered as a code action at the diagnostic's range.
            var fix = await session.WaitForCodeActionAsync(ops001, AddOwnerFixTitle);
            session.Mark($"(c) code action offered: {fix.ToJsonString()}");

            // (b) Typing a valid owner into Program.cs makes OPS001 go away (and compiles: no errors).
            var withOwner = Program.Replace("var builder =", OwnerAttribute + "\n\nvar builder =");
            await session.ChangeAsync(withOwner, insertAt: (Line: 2, Text: OwnerAttribute + "\n\n"));
            var afterOwner = await session.WaitForDiagnosticsAsync(
                "OPS001 gone after the owner was added",
                diagnostics => diagnostics.Any(d => LspSession.Code(d) == "OPS001") ? null : diagnostics);
            session.Mark($"(b) OPS001 gone: {afterOwner.Count} diagnostic(s) left");
            Assert.DoesNotContain(afterOwner, d => d["severity"]?.GetValue<int>() == 1);

            // The analyzers still run on the edited text (so the absence above is not a list
            // published before they ran): a placeholder contact is reported, OPS001 stays away.
            await session.ChangeAsync(withOwner.Replace("payments@contoso.example", "TODO"));
            var placeholder = await session.WaitForDiagnosticsAsync(
                "OPS002 for a placeholder contact",
                diagnostics => diagnostics.Any(d => LspSession.Code(d) == "OPS002") ? diagnostics : null);
            session.Mark("(b) OPS002 published for the placeholder contact");
            Assert.DoesNotContain(placeholder, d => LspSession.Code(d) == "OPS001");
            output.WriteLine(session.Summary);
        }
        catch
        {
            output.WriteLine(session.Summary);
            output.WriteLine($"LSP traffic with csharp-ls (workspace {workspace}):");
            output.WriteLine(server.Traffic);
            throw;
        }
    }
}
