using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Ownership;
using OpsReady.CodeFixes.Ownership;

namespace OpsReady.Analyzers.Tests.Ownership;

/// <summary>OwnershipAnalyzer: OPS001 (no owner), OPS002 (an ownership value is empty, a placeholder or malformed), OPS003 (not a known team), OPS004 (maintenance without a handoff).</summary>
public class OwnershipAnalyzerTests
{
    private static async Task Verify(string source, string? serviceKind = "web", IDictionary<string, string>? properties = null, bool console = true, params (string Path, string Source)[] more)
    {
        var test = OwnershipProjects.Service.WithServiceKind(serviceKind).WithBuildProperties(properties).AsExecutable(console).Test<OwnershipAnalyzer, AddServiceOwnerCodeFix>(source);
        foreach (var file in more)
        {
            test.TestState.Sources.Add(file);
        }

        await test.RunAsync();
    }

    private const string Main = """
        static class Program
        {
            static void Main() { }
        }
        """;

    // ---- Live in the IDE: reported from the semantic pass, which reruns when another file changes ----

    private const string ProgramWithMain = """
        static class Program
        {
            static void Main() { }
        }
        """;

    [Fact]
    public async Task Missing_owner_comes_from_the_semantic_pass_of_Program_cs_only_once()
    {
        var passes = await OwnershipProjects.Service.PassesAsync(
            new OwnershipAnalyzer(), "/0/Program.cs",
            ("/0/Program.cs", ProgramWithMain), ("/0/Ownership.cs", "// the owner goes here\n"));

        Assert.Empty(passes.Syntax);
        Assert.Equal("OPS001", Assert.Single(passes.Semantic).Id);
        Assert.Equal("/0/Program.cs", Assert.Single(passes.All).Location.SourceTree!.FilePath);
    }

    [Fact]
    public async Task Owner_added_in_another_file_clears_the_semantic_pass_of_Program_cs()
    {
        var passes = await OwnershipProjects.Service.PassesAsync(
            new OwnershipAnalyzer(), "/0/Program.cs",
            ("/0/Program.cs", ProgramWithMain), ("/0/Ownership.cs", "[assembly: OpsReady.ServiceOwner(\"payments\", Contact = \"payments@contoso.example\")]\n"));

        Assert.Empty(passes.Syntax);
        Assert.Empty(passes.Semantic);
        Assert.Empty(passes.All);
    }

    [Fact]
    public async Task Invalid_value_comes_from_the_semantic_pass_of_the_file_holding_the_attribute()
    {
        var passes = await OwnershipProjects.Service.PassesAsync(
            new OwnershipAnalyzer(), "/0/Ownership.cs",
            ("/0/Program.cs", ProgramWithMain), ("/0/Ownership.cs", "[assembly: OpsReady.ServiceOwner(\"payments\", Contact = \"TODO\")]\n"));

        Assert.Empty(passes.Syntax);
        Assert.Equal("OPS002", Assert.Single(passes.Semantic).Id);
        Assert.Single(passes.All);
    }

    // ---- OPS001 ----

    [Fact]
    public Task Service_without_owner_is_reported_on_top_level_statements() => Verify("""
        {|OPS001:System.Console.WriteLine("hello");|}
        System.Console.WriteLine("again");
        """);

    [Fact]
    public Task Service_without_owner_is_reported_on_Main() => Verify("""
        static class Program
        {
            static void {|OPS001:Main|}() { }
        }
        """, serviceKind: "worker");

    [Fact]
    public Task Library_is_not_a_service() => Verify("public class C { }", serviceKind: "none", console: false);

    [Fact]
    public Task Executable_is_not_a_service_when_the_build_says_none() => Verify(Main, serviceKind: "none");

    [Fact]
    public Task Without_build_properties_a_plain_console_app_is_not_a_service() => Verify(Main, serviceKind: null);

    [Fact]
    public Task Service_forced_on_a_library_is_reported_at_the_start_of_the_first_file() => Verify(
        "{|OPS001:public|} class C { }", serviceKind: "worker", console: false);

    [Fact]
    public Task Owner_in_another_file_satisfies_the_rule() => Verify(Main, more: ("/0/AssemblyInfo.cs", """
        [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example")]
        """));

    [Fact]
    public Task Owner_with_using_and_short_name() => Verify("""
        using OpsReady;
        [assembly: ServiceOwner("payments")]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Owner_through_an_alias() => Verify("""
        using Owner = OpsReady.ServiceOwnerAttribute;
        [assembly: Owner("payments")]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Owner_fully_qualified_with_global() => Verify("""
        [assembly: global::OpsReady.ServiceOwnerAttribute("payments")]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task A_type_of_the_same_name_in_another_namespace_does_not_count() => Verify("""
        [assembly: Other.ServiceOwner("payments")]
        namespace Other { [System.AttributeUsage(System.AttributeTargets.Assembly)] class ServiceOwnerAttribute : System.Attribute { public ServiceOwnerAttribute(string t) { } } }
        static class Program { static void {|OPS001:Main|}() { } }
        """);

    // ---- OPS002 ----

    [Fact]
    public Task Valid_values_are_not_reported() => Verify("""
        using OpsReady;
        [assembly: ServiceOwner("payments-team",
            Contact = "payments@contoso.example",
            OnCall = "https://oncall.example/schedules/payments",
            Runbook = "https://wiki.example/payments/runbook",
            Lifecycle = ServiceLifecycle.Maintenance)]
        [assembly: OperationsHandoff("appops", Contact = "#appops", Since = "2026-09-01")]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("\"\"", "is empty")]
    [InlineData("\"  \"", "is empty")]
    [InlineData("\"TODO\"", "is a placeholder")]
    [InlineData("\"tbd\"", "is a placeholder")]
    [InlineData("\"CHANGE-ME\"", "is a placeholder")]
    [InlineData("\"<team>\"", "is a placeholder")]
    [InlineData("\"TODO: payments\"", "is a placeholder")]
    [InlineData("null", "is empty")]
    public async Task Team_empty_or_placeholder(string team, string problem)
    {
        var test = new OpsReadyTest<OwnershipAnalyzer, AddServiceOwnerCodeFix>(OwnershipProjects.Service)
        {
            TestCode = $$"""
                [assembly: OpsReady.ServiceOwner({|#0:{{team}}|})]
                static class Program { static void Main() { } }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.OwnershipValueInvalid).WithLocation(0)
            .WithMessage($"ServiceOwner team {(problem == "is empty" ? problem : $"'{team.Trim('"')}' {problem}")}: set it to a team name"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("payments@contoso.example")]
    [InlineData("https://teams.example/payments")]
    [InlineData("http://intranet/payments")]
    [InlineData("#payments-alerts")]
    [InlineData("first.last+ops@sub.contoso.co.uk")]
    public Task Contact_forms_accepted(string contact) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", Contact = "{{contact}}")]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("payments")]
    [InlineData("payments@")]
    [InlineData("ftp://files.example/payments")]
    [InlineData("# payments")]
    [InlineData("mailto payments@contoso.example")]
    [InlineData("https://")]
    public Task Contact_forms_rejected(string contact) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", Contact = {|OPS002:"{{contact}}"|})]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("https://oncall.example/schedules/payments")]
    [InlineData("oncall@contoso.example")]
    [InlineData("payments-primary")]
    [InlineData("pagerduty:PX12345")]
    public Task OnCall_forms_accepted(string onCall) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", OnCall = "{{onCall}}")]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("call Bob")]
    [InlineData("TBD")]
    [InlineData("ssh://oncall.example")]
    [InlineData("")]
    public Task OnCall_forms_rejected(string onCall) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", OnCall = {|OPS002:"{{onCall}}"|})]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("/etc/runbook.md")]
    [InlineData("C:\\\\runbooks\\\\payments.md")]
    [InlineData("file:///runbooks/payments.md")]
    [InlineData("TODO")]
    public Task Runbook_forms_rejected(string runbook) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", Runbook = {|OPS002:"{{runbook}}"|})]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Relative_runbook_is_accepted_when_the_repository_root_is_unknown() => Verify("""
        [assembly: OpsReady.ServiceOwner("payments", Runbook = "docs/runbook.md")]
        static class Program { static void Main() { } }
        """);

    /// <summary>The runbook file the build writes before the compile (FindRunbooks): the analyzer's only source for existence.</summary>
    private static async Task VerifyWithRunbooks(string source, string runbooks, string root = "/repo")
    {
        var test = OwnershipProjects.Service
            .WithBuildProperties(new Dictionary<string, string> { [ServiceInfo.RepositoryRootProperty.Substring("build_property.".Length)] = root })
            .WithSettingsFile("/repo/src/Payments/obj/Payments.opsready-runbooks.txt", runbooks)
            .Test<OwnershipAnalyzer, AddServiceOwnerCodeFix>(source);
        await test.RunAsync();
    }

    private const string Runbooks = "exists\tdocs/runbook.md\nmissing\tdocs/missing.md\n";

    [Fact]
    public Task A_runbook_the_build_found_is_accepted() => VerifyWithRunbooks("""
        [assembly: OpsReady.ServiceOwner("payments", Runbook = "docs/runbook.md")]
        static class Program { static void Main() { } }
        """, Runbooks);

    [Fact]
    public Task A_runbook_the_build_did_not_find_is_reported() => VerifyWithRunbooks("""
        [assembly: OpsReady.ServiceOwner("payments", Runbook = {|#0:"docs/missing.md"|})]
        static class Program { static void Main() { } }
        """.Replace("{|#0:", "{|OPS002:"), Runbooks);

    [Fact]
    public Task A_runbook_outside_the_repository_is_reported_without_the_file() => VerifyWithRunbooks("""
        [assembly: OpsReady.ServiceOwner("payments", Runbook = {|OPS002:"../outside.md"|})]
        static class Program { static void Main() { } }
        """, "");

    [Fact]
    public Task A_runbook_the_build_did_not_record_is_not_claimed_missing() => VerifyWithRunbooks("""
        [assembly: OpsReady.ServiceOwner("payments", Runbook = "docs/other.md")]
        static class Program { static void Main() { } }
        """, Runbooks);

    [Fact]
    public void The_analyzers_read_no_file()
    {
        // OPS002's runbook check was the one file access (RS1035 suppressed); the build now records existence for it.
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src", "OpsReady.Analyzers"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("RS1035", text);
            Assert.DoesNotMatch(@"(?<![A-Za-z])(File|Directory)\.(Exists|Read|Open|Write|Enumerate|GetFiles)", text);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpsReady.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OpsReady.sln not found");
    }

    [Theory]
    [InlineData("2026-9-1")]
    [InlineData("01/09/2026")]
    [InlineData("2026-02-30")]
    [InlineData("soon")]
    public Task Since_must_be_an_iso_date(string since) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments")]
        [assembly: OpsReady.OperationsHandoff("appops", Since = {|OPS002:"{{since}}"|})]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Handoff_values_are_checked_too() => Verify("""
        [assembly: OpsReady.ServiceOwner("payments")]
        [assembly: OpsReady.OperationsHandoff({|OPS002:"TBD"|}, Contact = {|OPS002:"somebody"|})]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Values_from_constants_nameof_and_constant_interpolation_are_checked() => Verify("""
        using OpsReady;
        [assembly: ServiceOwner(Names.Team, Runbook = $"https://wiki.example/{Names.Team}/runbook", Contact = {|OPS002:Names.Placeholder|}, OnCall = nameof(Names))]
        static class Names
        {
            public const string Team = "payments";
            public const string Placeholder = "TODO";
        }
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Named_arguments_in_any_order_are_located_exactly() => Verify("""
        [assembly: OpsReady.ServiceOwner(Runbook = "https://wiki.example/runbook", OnCall = {|OPS002:"?"|}, team: "payments", Contact = {|OPS002:"nobody"|})]
        static class Program { static void Main() { } }
        """.Replace("team: \"payments\", ", "").Replace("ServiceOwner(", "ServiceOwner(\"payments\", "));

    [Theory]
    [InlineData("1")]
    [InlineData("4")]
    [InlineData("Tiers.Critical")]
    public Task A_tier_from_1_to_4_is_accepted(string tier) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example", Tier = {{tier}})]
        static class Tiers { public const int Critical = 1; }
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task An_unset_tier_is_not_reported() => Verify("""
        [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example")]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("int.MaxValue")]
    public async Task A_tier_outside_1_to_4_is_reported_with_what_to_write(string tier)
    {
        var test = OwnershipProjects.Service.Test<OwnershipAnalyzer, AddServiceOwnerCodeFix>($$"""
            [assembly: OpsReady.ServiceOwner("payments", Contact = "payments@contoso.example", Tier = {|#0:{{tier}}|})]
            static class Program { static void Main() { } }
            """);
        var value = tier == "int.MaxValue" ? int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : tier;
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.OwnershipValueInvalid).WithLocation(0)
            .WithArguments("ServiceOwner Tier", value + " is not a tier", "a tier from 1 (most critical) to 4, or leave it unset"));
        await test.RunAsync();
    }

    [Fact]
    public Task Undefined_lifecycle_value_is_reported() => Verify("""
        [assembly: OpsReady.ServiceOwner("payments", Lifecycle = {|OPS002:(OpsReady.ServiceLifecycle)42|})]
        static class Program { static void Main() { } }
        """);

    [Theory]
    [InlineData("[assembly: OpsReady.ServiceOwner(]")]
    [InlineData("[assembly: OpsReady.ServiceOwner(\"payments\", Contact = ]")]
    [InlineData("[assembly: OpsReady.ServiceOwner(\"payments\", Contact = \"a\", Contact = \"b\")]")]
    [InlineData("[assembly: OpsReady.ServiceOwner(\"payments\")][assembly: OpsReady.ServiceOwner(\"again\")]")]
    [InlineData("[assembly: OpsReady.ServiceOwner(42, Lifecycle = \"x\")]")]
    [InlineData("[assembly: OpsReady.ServiceOwner(\"payments\", Unknown = 1)]")]
    [InlineData("[assembly: OpsReady.ServiceOwner]")]
    [InlineData("[assembly: OpsReady.OperationsHandoff(Since = \"2026-01-01\")]")]
    public async Task Half_typed_or_wrong_attributes_do_not_throw(string attribute)
    {
        var test = new OpsReadyTest<OwnershipAnalyzer, AddServiceOwnerCodeFix>(OwnershipProjects.Service)
        {
            TestCode = attribute + "\nstatic class Program { static void Main() { } }",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };

        // Whatever the analyzer reports on broken input is fine; throwing (AD0001) is not.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
        test.ExpectedDiagnostics.Clear();
        test.DiagnosticVerifier = (_, _, _) => { };
        await RunIgnoringOpsDiagnostics(test);
    }

    private static async Task RunIgnoringOpsDiagnostics(OpsReadyTest<OwnershipAnalyzer, AddServiceOwnerCodeFix> test)
    {
        try
        {
            await test.RunAsync();
        }
        catch (Exception e) when (!e.Message.Contains("AD0001") && e.Message.Contains("Mismatch between number of diagnostics"))
        {
            // An OPS diagnostic on broken input is acceptable; only analyzer exceptions fail this test.
        }
    }

    [Fact]
    public Task Attribute_with_a_non_constant_value_is_left_to_the_compiler() => Verify("""
        [assembly: OpsReady.ServiceOwner({|CS0182:Program.Team|})]
        static class Program { public static string Team = "x"; static void Main() { } }
        """);

    // ---- OPS003 ----

    [Fact]
    public Task Known_team_is_accepted_case_insensitively() => Verify("""
        [assembly: OpsReady.ServiceOwner("Payments")]
        static class Program { static void Main() { } }
        """, properties: new Dictionary<string, string> { ["OpsReadyKnownTeamList"] = "payments, search ,identity" });

    [Fact]
    public async Task Unknown_team_is_reported_with_the_list()
    {
        var test = new OpsReadyTest<OwnershipAnalyzer, AddServiceOwnerCodeFix>(OwnershipProjects.Service.WithBuildProperty("OpsReadyKnownTeamList", "payments,search"))
        {
            TestCode = """
                [assembly: OpsReady.ServiceOwner({|#0:"paymnets"|})]
                [assembly: OpsReady.OperationsHandoff({|#1:"appops"|})]
                static class Program { static void Main() { } }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.OwnerNotKnownTeam).WithLocation(0)
            .WithMessage("Owning team 'paymnets' is not one of the known teams configured in OpsReadyKnownTeams (payments, search)"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.OwnerNotKnownTeam).WithLocation(1)
            .WithMessage("Operations team 'appops' is not one of the known teams configured in OpsReadyKnownTeams (payments, search)"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ,, ")]
    public Task Empty_known_teams_list_turns_the_rule_off(string list) => Verify("""
        [assembly: OpsReady.ServiceOwner("anything")]
        static class Program { static void Main() { } }
        """, properties: new Dictionary<string, string> { ["OpsReadyKnownTeamList"] = list });

    [Fact]
    public Task Placeholder_team_is_OPS002_not_OPS003() => Verify("""
        [assembly: OpsReady.ServiceOwner({|OPS002:"TODO"|})]
        static class Program { static void Main() { } }
        """, properties: new Dictionary<string, string> { ["OpsReadyKnownTeamList"] = "payments" });

    // ---- OPS004 ----

    [Fact]
    public Task Maintenance_without_handoff_is_reported_on_the_lifecycle() => Verify("""
        using OpsReady;
        [assembly: ServiceOwner("payments", Lifecycle = {|OPS004:ServiceLifecycle.Maintenance|})]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Maintenance_with_handoff_in_another_file_is_fine() => Verify("""
        using OpsReady;
        [assembly: ServiceOwner("payments", Lifecycle = ServiceLifecycle.Maintenance)]
        static class Program { static void Main() { } }
        """, more: ("/0/Handoff.cs", """[assembly: OpsReady.OperationsHandoff("appops")]"""));

    [Theory]
    [InlineData("Production")]
    [InlineData("Experimental")]
    [InlineData("Deprecated")]
    public Task Other_lifecycles_need_no_handoff(string lifecycle) => Verify($$"""
        [assembly: OpsReady.ServiceOwner("payments", Lifecycle = OpsReady.ServiceLifecycle.{{lifecycle}})]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Maintenance_through_a_constant_cast_is_recognised() => Verify("""
        [assembly: OpsReady.ServiceOwner("payments", Lifecycle = {|OPS004:(OpsReady.ServiceLifecycle)2|})]
        static class Program { static void Main() { } }
        """);

    [Fact]
    public Task Ownership_rules_do_not_apply_to_libraries() => Verify("""
        [assembly: OpsReady.ServiceOwner("TODO", Lifecycle = OpsReady.ServiceLifecycle.Maintenance)]
        public class C { }
        """, serviceKind: "none", console: false);
}
