using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Tests;

/// <summary>Every rule is registered once, documented, linked and release-tracked.</summary>
public class RuleRegistryTests
{
    private static readonly string OutputDirectory = Path.GetDirectoryName(typeof(RuleRegistryTests).Assembly.Location)!;

    public static IEnumerable<object[]> RuleIds() => Rules.All.Select(d => new object[] { d.Id });

    private static IEnumerable<DiagnosticAnalyzer> Analyzers() => typeof(Rules).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    [Fact]
    public void Ids_are_unique_and_follow_the_scheme()
    {
        Assert.NotEmpty(Rules.All);
        Assert.Equal(Rules.All.Length, Rules.All.Select(d => d.Id).Distinct().Count());
        Assert.All(Rules.All, d => Assert.Matches(@"^OPS\d{3}$", d.Id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_help_link_to_its_doc_page(string id)
    {
        var descriptor = Rules.All.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/opsready/opsready/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.StartsWith("OpsReady.", descriptor.Category);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_doc_page_with_the_expected_sections(string id)
    {
        var page = Path.Combine(OutputDirectory, "docs", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}", text);
        foreach (var section in new[] { "## Why it matters", "## Example", "## How to fix", "## Configure or suppress" })
        {
            Assert.Contains(section, text);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_release_tracked_with_its_category_and_severity(string id)
    {
        var descriptor = Rules.All.Single(d => d.Id == id);
        var releases = File.ReadAllText(Path.Combine(OutputDirectory, "releases", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(OutputDirectory, "releases", "AnalyzerReleases.Unshipped.md"));
        var line = releases.Split('\n').SingleOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.NotNull(line);
        var cells = line!.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_reported_by_exactly_one_analyzer(string id)
    {
        var owners = Analyzers().Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToList();
        Assert.Single(owners);
    }

    [Fact]
    public void Analyzers_use_only_registered_descriptors()
    {
        foreach (var analyzer in Analyzers())
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                Assert.Contains(descriptor, Rules.Descriptors);
            }
        }
    }

    [Fact]
    public void Every_message_format_is_a_sentence_not_a_placeholder_filled_by_code()
    {
        foreach (var descriptor in Rules.Descriptors)
        {
            var words = System.Text.RegularExpressions.Regex.Replace(descriptor.MessageFormat.ToString(), @"\{\d+\}", " ")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Count(w => w.Any(char.IsLetter));
            Assert.True(words >= 3, $"{descriptor.Id}: '{descriptor.MessageFormat}' has too few words of its own");
        }
    }

    [Fact]
    public void A_variant_is_its_rule_with_another_message()
    {
        foreach (var variant in Rules.Descriptors.Except(Rules.All))
        {
            var rule = Rules.All.Single(d => d.Id == variant.Id);
            Assert.Equal(rule.Title, variant.Title);
            Assert.Equal(rule.Category, variant.Category);
            Assert.Equal(rule.DefaultSeverity, variant.DefaultSeverity);
            Assert.Equal(rule.HelpLinkUri, variant.HelpLinkUri);
            Assert.Equal(rule.Description, variant.Description);
            Assert.NotEqual(rule.MessageFormat.ToString(), variant.MessageFormat.ToString());
        }

        Assert.Contains(Rules.LogPlaceholderRepeated, Rules.Descriptors);
    }

    [Fact]
    public void Code_fixes_fix_registered_rules_and_support_fix_all()
    {
        var fixes = typeof(OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        Assert.NotEmpty(fixes);
        foreach (var fix in fixes)
        {
            Assert.NotNull(fix.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>());
            Assert.NotNull(fix.GetFixAllProvider());
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(Rules.All, d => d.Id == id));
        }
    }

    [Fact]
    public void Severities_match_the_contract()
    {
        var contract = new Dictionary<string, DiagnosticSeverity>
        {
            ["OPS001"] = DiagnosticSeverity.Warning, ["OPS002"] = DiagnosticSeverity.Warning,
            ["OPS003"] = DiagnosticSeverity.Warning, ["OPS004"] = DiagnosticSeverity.Warning,
            ["OPS100"] = DiagnosticSeverity.Warning, ["OPS101"] = DiagnosticSeverity.Warning,
            ["OPS102"] = DiagnosticSeverity.Info, ["OPS103"] = DiagnosticSeverity.Warning,
            ["OPS200"] = DiagnosticSeverity.Warning, ["OPS201"] = DiagnosticSeverity.Warning,
            ["OPS202"] = DiagnosticSeverity.Warning, ["OPS203"] = DiagnosticSeverity.Warning,
            ["OPS204"] = DiagnosticSeverity.Warning, ["OPS205"] = DiagnosticSeverity.Warning,
            ["OPS206"] = DiagnosticSeverity.Info, ["OPS207"] = DiagnosticSeverity.Warning,
            ["OPS400"] = DiagnosticSeverity.Warning, ["OPS401"] = DiagnosticSeverity.Info,
            ["OPS402"] = DiagnosticSeverity.Warning,
        };
        foreach (var descriptor in Rules.All)
        {
            Assert.True(contract.ContainsKey(descriptor.Id), $"{descriptor.Id} is not in the contract");
            Assert.Equal(contract[descriptor.Id], descriptor.DefaultSeverity);
        }
    }
}
