using System.Text.Json;
using System.Text.Json.Nodes;
using OpsReady.EndToEnd.Tests;
using Xunit.Abstractions;

namespace OpsReady.Ide.Tests;

/// <summary>
/// Proves the OpsReady diagnostics in a real IDE language server: csharp-ls (pinned in the repo's
/// dotnet-tools.json) opens a web service that references the freshly packed OpsReady.nupkg, and
/// the test speaks LSP to it as an editor would: OPS001 is published for Program.cs (pulled or
/// pushed), typing the owner attribute makes it go away, and a placeholder value brings OPS002.
/// Whether the code fix is offered as a code action is asserted by a test kept skipped: csharp-ls
/// does not offer package code fixes (see <see cref="NoThirdPartyFixesInCsharpLs"/>). That the package's
/// fix is offered and applies is proven by <see cref="WorkspaceHostFixTests"/>, which hosts the package's
/// code fixes over the same service the way Visual Studio and OmniSharp do.
/// </summary>
public sealed class CSharpLsTests(ITestOutputHelper output)
{
    private const string AddOwnerFixTitle = PaymentsService.AddOwnerFixTitle;

    private const string OwnerAttribute = """[assembly: OpsReady.ServiceOwner("payments-team", Contact = "payments@contoso.example")]""";

    private static readonly string Program = PaymentsService.Program;

    private const string OwnershipFile = "Ownership.cs";

    /// <summary>What Ownership.cs holds on disk when the server starts: the project has the file, no owner yet.</summary>
    private const string OwnershipHeader = "// Who builds and runs this service.\n";

    private const string SecondFileOwner = """[assembly: OpsReady.ServiceOwner("orders-team", Contact = "orders@contoso.example")]""" + "\n";

    /// <summary>
    /// Why the code-fix assertion is skipped: csharp-ls 0.28 builds its code actions from Roslyn's own
    /// refactorings and code fixes only (it instantiates the providers in Microsoft.CodeAnalysis.Features
    /// and asks them about compiler diagnostics), never from the fixers in a project's analyzer
    /// references, so no third-party quick fix is offered by it, OpsReady's included. Visual Studio,
    /// Rider and VS Code's C# extension do offer it. Un-skip when a csharp-ls release loads them.
    /// </summary>
    private const string NoThirdPartyFixesInCsharpLs =
        "csharp-ls 0.28 offers only Roslyn's built-in code fixes, never those from analyzer packages (see docs/ide.md)";

    [Theory]
    [InlineData(true)]  // the client pulls diagnostics (textDocument/diagnostic), as VS Code does
    [InlineData(false)] // the server pushes them (textDocument/publishDiagnostics), as older clients expect
    public Task Csharp_ls_publishes_OPS001_and_clears_it_after_the_owner_is_typed(bool clientPulls) => WithServiceOpenAsync(clientPulls, async session =>
    {
        // (a) OPS001 is published for the open file, on the first statement, as a warning.
        var ops001 = await WaitForOps001Async(session);

        // The editor asks for code actions where the warning is (what the light bulb does): the
        // server answers. Which ones it offers is logged; see the skipped test below for ours.
        var offered = await session.CodeActionTitlesAsync(ops001);
        session.Mark($"code actions offered at OPS001: [{string.Join(", ", offered)}]");

        // (b) Typing a valid owner into Program.cs makes OPS001 go away, and it compiles (no errors).
        var withOwner = Program.Replace("var builder =", OwnerAttribute + "\n\nvar builder =");
        await session.ChangeAsync(withOwner, insertAt: (Line: 2, Text: OwnerAttribute + "\n\n"));
        var afterOwner = await session.WaitForDiagnosticsAsync(
            "OPS001 gone after the owner was added",
            diagnostics => diagnostics.Any(d => LspSession.Code(d) == "OPS001") ? null : diagnostics);
        session.Mark($"(b) OPS001 gone: [{string.Join(", ", afterOwner.Select(LspSession.Code))}] left");
        Assert.DoesNotContain(afterOwner, d => d["severity"]?.GetValue<int>() == 1);

        // The analyzers still run on the edited text, so the absence above is not a list published
        // before they ran: a placeholder contact is reported (OPS002), and OPS001 stays away.
        await session.ChangeAsync(withOwner.Replace("payments@contoso.example", "TODO"));
        var placeholder = await session.WaitForDiagnosticsAsync(
            "OPS002 for a placeholder contact",
            diagnostics => diagnostics.Any(d => LspSession.Code(d) == "OPS002") ? diagnostics : null);
        session.Mark($"(b) OPS002 for the placeholder contact: [{string.Join(", ", placeholder.Select(LspSession.Code))}]");
        Assert.DoesNotContain(placeholder, d => LspSession.Code(d) == "OPS001");
    });

    /// <summary>
    /// The owner written in a second file clears OPS001 on the untouched Program.cs. Roslyn's IDE diagnostic
    /// service (Visual Studio, the C# extension) caches a document's syntax-pass results by that document's
    /// text, so a rule decided per compilation must come from the semantic pass (the analyzer tests assert
    /// the pass); csharp-ls recomputes every open document on each change, and this keeps it so.
    /// </summary>
    [Fact]
    public Task Csharp_ls_clears_OPS001_on_Program_cs_when_the_owner_is_added_in_another_file() => WithServiceOpenAsync(clientPulls: true, async session =>
    {
        await WaitForOps001Async(session);
        var ownership = Path.Combine(Path.GetDirectoryName(session.FilePath)!, OwnershipFile);
        await session.OpenOtherAsync(ownership, OwnershipHeader);

        // A placeholder contact first: OPS002 on Ownership.cs proves the analyzers ran with the owner in
        // the compilation, so a Program.cs list without OPS001 after it is no list computed before they ran.
        await session.ChangeOtherAsync(ownership, OwnershipHeader + SecondFileOwner.Replace("orders@contoso.example", "TODO"));
        await session.WaitForDiagnosticsAsync(
            "OPS002 on Ownership.cs for the placeholder contact",
            diagnostics => diagnostics.FirstOrDefault(d => LspSession.Code(d) == "OPS002"),
            ownership);
        var program = await session.WaitForDiagnosticsAsync(
            "OPS001 gone from Program.cs after the owner was added in Ownership.cs",
            diagnostics => diagnostics.Any(d => LspSession.Code(d) == "OPS001") ? null : diagnostics);
        session.Mark($"Program.cs after the owner in Ownership.cs: [{string.Join(", ", program.Select(LspSession.Code))}]");

        // The real contact: Ownership.cs is clean, and Program.cs still has no OPS001.
        await session.ChangeOtherAsync(ownership, OwnershipHeader + SecondFileOwner);
        await session.WaitForDiagnosticsAsync(
            "OPS002 gone from Ownership.cs",
            diagnostics => diagnostics.Any(d => LspSession.Code(d)?.StartsWith("OPS", StringComparison.Ordinal) == true) ? null : diagnostics,
            ownership);
        program = await session.WaitForDiagnosticsAsync("Program.cs diagnostics", diagnostics => diagnostics);
        Assert.DoesNotContain(program, d => LspSession.Code(d) == "OPS001");
    }, (OwnershipFile, OwnershipHeader));

    [Fact(Skip = NoThirdPartyFixesInCsharpLs)]
    public Task Csharp_ls_offers_the_add_owner_fix_at_OPS001() => WithServiceOpenAsync(clientPulls: true, async session =>
    {
        var ops001 = await WaitForOps001Async(session);

        // (c) The code fix is offered as a code action at the diagnostic's range.
        var fix = await session.WaitForCodeActionAsync(ops001, AddOwnerFixTitle);
        session.Mark($"(c) code action offered: {fix.ToJsonString()}");
    });

    private static async Task<JsonNode> WaitForOps001Async(LspSession session)
    {
        var ops001 = await session.WaitForDiagnosticsAsync(
            "OPS001 on Program.cs",
            diagnostics => diagnostics.FirstOrDefault(d => LspSession.Code(d) == "OPS001"));
        session.Mark($"(a) OPS001 published: {ops001.ToJsonString()}");
        Assert.Equal(2, ops001["range"]!["start"]!["line"]!.GetValue<int>()); // `var builder = ...`
        Assert.Equal(2, ops001["severity"]!.GetValue<int>()); // LSP DiagnosticSeverity.Warning
        return ops001;
    }

    /// <summary>
    /// Packs OpsReady, writes a web service that references it (and <paramref name="file"/>, if any),
    /// restores it, starts csharp-ls on it, initializes with analyzers on and opens Program.cs; then runs the steps. The LSP traffic goes to
    /// the test output when a step fails; the server's process tree is always ended.
    /// </summary>
    private async Task WithServiceOpenAsync(bool clientPulls, Func<LspSession, Task> steps, (string Name, string Text)? file = null)
    {
        var repository = DotNet.RepositoryRoot();
        var setup = System.Diagnostics.Stopwatch.StartNew();

        // CI runs on a fresh machine: the pinned server comes from the repo's tool manifest.
        var toolRestore = DotNet.Run(repository, "tool restore", TimeSpan.FromMinutes(5));
        Assert.True(toolRestore.ExitCode == 0, "dotnet tool restore failed:\n" + toolRestore.Output);
        output.WriteLine($"[setup {setup.Elapsed.TotalSeconds,5:0.0}s] dotnet tool restore");

        // The language server neither restores nor builds: an editor user has restored (or built) first.
        var workspace = PaymentsService.WriteAndRestore("ide", output, setup);
        if (file is { } extra)
        {
            PackageFixture.Write(workspace, extra.Name, extra.Text);
        }

        output.WriteLine($"[setup {setup.Elapsed.TotalSeconds,5:0.0}s] starting csharp-ls");

        // Run from the repository so `dotnet tool run` finds the manifest; the workspace comes from initialize.
        using var server = LspClient.Start("dotnet", "tool run csharp-ls -- --loglevel info", repository);
        var session = new LspSession(server, Path.Combine(workspace, "Program.cs"), DateTime.UtcNow + PaymentsService.Budget, clientPulls);
        try
        {
            await session.InitializeAsync(workspace);
            await session.OpenAsync(Program);
            await steps(session);
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
