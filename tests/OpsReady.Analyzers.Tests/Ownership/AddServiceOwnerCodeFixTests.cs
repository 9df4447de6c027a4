using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Ownership;
using OpsReady.CodeFixes.Ownership;

namespace OpsReady.Analyzers.Tests.Ownership;

/// <summary>AddServiceOwnerCodeFix, the fix for OPS001: one diagnostic at a time and with Fix All.</summary>
public class AddServiceOwnerCodeFixTests
{
    private const string Added = """[assembly: OpsReady.ServiceOwner("TODO", Contact = "TODO", OnCall = "TODO", Runbook = "TODO", Lifecycle = OpsReady.ServiceLifecycle.Production)]""";

    private static OpsReadyTest<OwnershipAnalyzer, AddServiceOwnerCodeFix> Test(string source, string fixedSource)
    {
        return OwnershipProjects.Service.Test<OwnershipAnalyzer, AddServiceOwnerCodeFix>(source, fixedSource);
    }

    /// <summary>The added values are placeholders on purpose: OPS002 then points at each one to fill in.</summary>
    private static string Marked(string text) => text.Replace("\"TODO\",", "{|OPS002:\"TODO\"|},");

    [Fact]
    public async Task Adds_the_attribute_after_the_usings_of_top_level_statements()
    {
        await Test("""
            using System;

            {|OPS001:Console.WriteLine("hi");|}
            """, Marked($"""
            using System;

            {Added}

            Console.WriteLine("hi");
            """)).RunAsync();
    }

    [Fact]
    public async Task Adds_the_attribute_to_the_file_with_Main()
    {
        await Test("""
            namespace App
            {
                static class Program
                {
                    static void {|OPS001:Main|}() { }
                }
            }
            """, Marked($$"""
            {{Added}}

            namespace App
            {
                static class Program
                {
                    static void Main() { }
                }
            }
            """)).RunAsync();
    }

    [Fact]
    public async Task Keeps_existing_assembly_attributes()
    {
        await Test("""
            [assembly: System.CLSCompliant(false)]
            static class Program
            {
                static void {|OPS001:Main|}() { }
            }
            """, Marked($$"""
            [assembly: System.CLSCompliant(false)]
            {{Added}}

            static class Program
            {
                static void Main() { }
            }
            """)).RunAsync();
    }

    [Fact]
    public async Task Fix_all_in_solution_adds_one_attribute_per_project()
    {
        var test = new OpsReadyTest<OwnershipAnalyzer, AddServiceOwnerCodeFix>(OwnershipProjects.Service)
        {
            TestCode = """
                static class Program { static void {|OPS001:Main|}() { } }
                """,
            FixedCode = Marked($$"""
                {{Added}}

                static class Program { static void Main() { } }
                """),
            NumberOfFixAllIterations = 1,
            CodeActionEquivalenceKey = nameof(AddServiceOwnerCodeFix),

            // One diagnostic per project: only the solution scope fixes both at once.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInProjectCheck,
        };
        var second = OwnershipProjects.Service.Configure(new ProjectState("Second", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Second/", "cs") { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }, "/Second/");
        second.Sources.Add(("/Second/Program.cs", "static class Program { static void {|OPS001:Main|}() { } }"));
        test.TestState.AdditionalProjects.Add("Second", second);
        var secondFixed = OwnershipProjects.Service.Configure(new ProjectState("Second", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Second/", "cs") { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }, "/Second/");
        secondFixed.Sources.Add(("/Second/Program.cs", Marked($$"""
            {{Added}}

            static class Program { static void Main() { } }
            """)));
        test.FixedState.AdditionalProjects.Add("Second", secondFixed);
        await test.RunAsync();
    }
}
