using System.Reflection;
using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// The rule page headers and the README rule tables are generated from the registry (<see cref="RuleDocsGenerator"/>):
/// this fails when one is stale. With OPSREADY_WRITE_DOCS=1 it writes them instead (CONTRIBUTING.md).
/// </summary>
public class RuleDocsTests
{
    [Fact]
    public void Generated_docs_are_up_to_date()
    {
        var root = RuleDocsGenerator.RepositoryRoot();
        var files = RuleDocsGenerator.Generate(root);
        if (Environment.GetEnvironmentVariable(RuleDocsGenerator.WriteVariable) == "1")
        {
            foreach (var file in files.Where(f => f.IsStale))
            {
                RuleDocsGenerator.Write(root, file);
            }

            return;
        }

        var stale = files.Where(f => f.IsStale).Select(f => f.Current == null
            ? $"{f.RelativePath} is missing"
            : $"{f.RelativePath} is stale, first at line {FirstDifference(f.Current, f.Expected)}").ToList();
        Assert.True(stale.Count == 0,
            "Generated from src/OpsReady.Analyzers/Rules.cs, but out of date:\n  " + string.Join("\n  ", stale)
            + "\nRegenerate with: " + RuleDocsGenerator.Command);
    }

    [Fact]
    public void Rules_with_a_code_fix_say_what_it_does_and_no_others_do()
    {
        var fixes = RuleDocsGenerator.CodeFixes();
        foreach (var rule in Rules.Infos)
        {
            var id = rule.Descriptor.Id;
            if (fixes.ContainsKey(id))
            {
                Assert.True(rule.Fix != null, $"{id} has a code fix in OpsReady.CodeFixes: say what it does with fix: in Rules.cs");
                Assert.True(rule.NoFix == null, $"{id} has a code fix in OpsReady.CodeFixes: remove noFix: in Rules.cs");
            }
            else
            {
                Assert.True(rule.Fix == null, $"{id} has no code fix in OpsReady.CodeFixes, but Rules.cs describes one (fix:)");
            }
        }
    }

    [Fact]
    public void All_holds_every_public_descriptor_of_Rules_exactly_once_in_id_order()
    {
        var fields = typeof(Rules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(fields);
        // Every descriptor is registered once: a rule in All (and its Info), a second condition's variant in Descriptors only.
        Assert.Equal(fields.Count, Rules.Descriptors.Length);
        Assert.All(fields, d => Assert.Single(Rules.Descriptors, d));
        Assert.Equal(Rules.All.Length, Rules.All.Select(d => d.Id).Distinct().Count());
        Assert.Equal(Rules.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), Rules.All.Select(d => d.Id));
        Assert.Equal(Rules.All, Rules.Infos.Select(i => i.Descriptor));
    }

    private static int FirstDifference(string current, string expected)
    {
        var a = current.Split('\n');
        var b = expected.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i + 1;
    }
}
