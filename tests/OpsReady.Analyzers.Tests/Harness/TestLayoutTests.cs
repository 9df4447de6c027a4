using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// The layout the harness note describes (Harness/TestProject.cs) holds: a rule's tests are found by its id, in
/// &lt;Area&gt;/&lt;Analyzer&gt;Tests.cs, and a fix's tests in an &lt;Area&gt;/*CodeFixTests.cs that names the fix and its ids.
/// </summary>
public class TestLayoutTests
{
    private static readonly string TestsFolder = FindTestsFolder();

    public static TheoryData<string> Analyzers() => Names(typeof(Rules).Assembly, typeof(DiagnosticAnalyzer));

    public static TheoryData<string> Fixes() => Names(typeof(OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix).Assembly, typeof(CodeFixProvider));

    [Theory]
    [MemberData(nameof(Analyzers))]
    public void Every_analyzer_has_a_test_class_named_after_it_that_names_its_rule_ids(string analyzerName)
    {
        var analyzerType = typeof(Rules).Assembly.GetType(analyzerName)!;
        var area = Area(analyzerType);
        var testName = $"OpsReady.Analyzers.Tests.{area}.{analyzerType.Name}Tests";
        Assert.True(typeof(TestLayoutTests).Assembly.GetType(testName) != null, $"{analyzerType.Name}'s tests belong in a class {testName}");

        var path = Path.Combine(TestsFolder, area, analyzerType.Name + "Tests.cs");
        Assert.True(File.Exists(path), $"{testName} belongs in {path}");
        var text = File.ReadAllText(path);
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(analyzerType)!;
        foreach (var id in analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())
        {
            Assert.True(text.Contains(id, StringComparison.Ordinal), $"{path} does not name {id}, a rule of {analyzerType.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixes))]
    public void Every_code_fix_is_tested_in_a_CodeFixTests_class_of_its_area_that_names_it_and_its_ids(string fixName)
    {
        var fixType = typeof(OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix).Assembly.GetType(fixName)!;
        var folder = Path.Combine(TestsFolder, Area(fixType));
        var files = Directory.GetFiles(folder, "*CodeFixTests.cs")
            .Where(file => File.ReadAllText(file).Contains(fixType.Name, StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 0, $"no {folder}/*CodeFixTests.cs names {fixType.Name}");

        var fix = (CodeFixProvider)Activator.CreateInstance(fixType)!;
        foreach (var id in fix.FixableDiagnosticIds)
        {
            Assert.True(files.Any(file => File.ReadAllText(file).Contains(id, StringComparison.Ordinal)), $"the tests of {fixType.Name} ({string.Join(", ", files)}) do not name {id}");
        }
    }

    /// <summary>The last part of the namespace: OpsReady.Analyzers.Logging and OpsReady.CodeFixes.Logging are Logging.</summary>
    private static string Area(Type type) => type.Namespace!.Split('.').Last();

    private static TheoryData<string> Names(Assembly assembly, Type baseType)
    {
        var data = new TheoryData<string>();
        foreach (var type in assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && baseType.IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    private static string FindTestsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpsReady.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "OpsReady.Analyzers.Tests");
            }
        }

        throw new InvalidOperationException("OpsReady.sln not found above " + AppContext.BaseDirectory);
    }
}
