using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// Generates the parts of the documentation that restate the registry (<see cref="Rules.Infos"/>): the header of
/// each docs/rules/OPSxxx.md (title and table; the text below it is hand-written and kept) and the rule tables of
/// README.md and nuget/README.md (between the rules:start and rules:end comments). Whether a rule has a code fix,
/// and whether it supports Fix All, comes from the [ExportCodeFixProvider] types of OpsReady.CodeFixes.
/// </summary>
public static class RuleDocsGenerator
{
    /// <summary>The environment variable that makes <see cref="RuleDocsTests"/> write the files instead of comparing them.</summary>
    public const string WriteVariable = "OPSREADY_WRITE_DOCS";

    public const string Command = WriteVariable + "=1 dotnet test tests/OpsReady.Analyzers.Tests --filter FullyQualifiedName~RuleDocs";

    // No command in the marker: nuget/README.md gives no repository commands (ProjectUrlTests).
    private const string StartMarker = "<!-- rules:start: generated from src/OpsReady.Analyzers/Rules.cs, do not edit (CONTRIBUTING.md says how to regenerate) -->";
    private const string StartMarkerPrefix = "<!-- rules:start";
    private const string EndMarker = "<!-- rules:end -->";

    /// <summary>A file as it should be, beside its text on disk (null when it does not exist).</summary>
    public sealed record GeneratedFile(string RelativePath, string Expected, string? Current)
    {
        public bool IsStale => Current != Expected;
    }

    /// <summary>Each fixable rule id, and whether its fix supports Fix All.</summary>
    public static IReadOnlyDictionary<string, bool> CodeFixes()
    {
        var fixes = new Dictionary<string, bool>();
        foreach (var type in typeof(OpsReady.CodeFixes.Ownership.AddServiceOwnerCodeFix).Assembly.GetTypes())
        {
            if (type.IsAbstract || !typeof(CodeFixProvider).IsAssignableFrom(type) || type.GetCustomAttribute<ExportCodeFixProviderAttribute>() == null)
            {
                continue;
            }

            var fix = (CodeFixProvider)Activator.CreateInstance(type)!;
            foreach (var id in fix.FixableDiagnosticIds)
            {
                fixes[id] = (fixes.TryGetValue(id, out var fixAll) && fixAll) || fix.GetFixAllProvider() != null;
            }
        }

        return fixes;
    }

    public static IReadOnlyList<GeneratedFile> Generate(string repositoryRoot)
    {
        var rules = Rules.Infos.OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).ToList();
        var fixes = CodeFixes();
        var files = new List<GeneratedFile>();
        foreach (var rule in rules)
        {
            var path = "docs/rules/" + rule.Descriptor.Id + ".md";
            var current = Read(repositoryRoot, path);
            files.Add(new GeneratedFile(path, PageHeader(rule, fixes) + (current == null ? NewPageBody : PageBody(path, current)), current));
        }

        files.Add(Table(repositoryRoot, "README.md", rules, r => "docs/rules/" + r.Descriptor.Id + ".md"));
        files.Add(Table(repositoryRoot, "nuget/README.md", rules, r => r.Descriptor.HelpLinkUri));
        return files;
    }

    public static void Write(string repositoryRoot, GeneratedFile file)
        => File.WriteAllText(Path.Combine(repositoryRoot, file.RelativePath), file.Expected, new UTF8Encoding(false));

    private static string PageHeader(RuleInfo rule, IReadOnlyDictionary<string, bool> fixes)
    {
        var d = rule.Descriptor;
        var text = new StringBuilder()
            .Append("# ").Append(d.Id).Append(": ").Append(d.Title).Append("\n\n")
            .Append("| | |\n|---|---|\n")
            .Append(Row("Category", d.Category))
            .Append(Row("Default severity", d.DefaultSeverity == DiagnosticSeverity.Info ? "Info (suggestion)" : d.DefaultSeverity.ToString()))
            .Append(Row("Applies to", (rule.Scope == RuleScope.Services ? "[services](../configuration.md#which-projects-are-services)" : "every project") + (rule.ScopeNote == null ? "" : " (" + rule.ScopeNote + ")")))
            .Append(Row("Code fix", FixCell(rule, fixes)));
        if (rule.Reported != null)
        {
            text.Append(Row("Reported", rule.Reported));
        }

        return text.Append('\n').ToString();
    }

    private static string FixCell(RuleInfo rule, IReadOnlyDictionary<string, bool> fixes)
    {
        if (!fixes.TryGetValue(rule.Descriptor.Id, out var fixAll))
        {
            return rule.NoFix == null ? "no" : "no: " + rule.NoFix;
        }

        var cell = "yes: " + (rule.Fix ?? throw new InvalidOperationException($"{rule.Descriptor.Id} has a code fix but no RuleInfo.Fix in Rules.cs"));
        if (fixAll)
        {
            var severity = rule.Descriptor.DefaultSeverity == DiagnosticSeverity.Info ? " --severity info" : "";
            cell += $"; supports Fix All, also from the command line (`dotnet format analyzers --diagnostics {rule.Descriptor.Id}{severity}`)";
        }

        return cell;
    }

    private static string Row(string name, string value) => "| " + name + " | " + Cell(value) + " |\n";

    private static string Cell(string value) => value.Contains('|') || value.Contains('\n')
        ? throw new InvalidOperationException($"'{value}' cannot stand in a table cell: no '|' or line breaks in Rules.cs texts")
        : value;

    /// <summary>The hand-written text of a page: everything after the title, the blank line, the header table and the blank line after it.</summary>
    private static string PageBody(string path, string page)
    {
        var lines = page.Split('\n');
        if (lines.Length < 3 || !lines[0].StartsWith("# ", StringComparison.Ordinal) || lines[1].Length != 0 || !lines[2].StartsWith('|'))
        {
            throw new InvalidOperationException($"{path} does not start with a title line, a blank line and the header table");
        }

        int i;
        for (i = 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
        }

        if (i < lines.Length && lines[i].Length == 0)
        {
            i++;
        }

        return string.Join('\n', lines.Skip(i));
    }

    private const string NewPageBody = """
        What the rule detects, where it is reported.

        ## Why it matters

        ## Example

        ## How to fix

        ## Configure or suppress

        """;

    private static GeneratedFile Table(string repositoryRoot, string path, IReadOnlyList<RuleInfo> rules, Func<RuleInfo, string> link)
    {
        var current = Read(repositoryRoot, path) ?? throw new InvalidOperationException($"{path} is missing");
        var lines = current.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith(StartMarkerPrefix, StringComparison.Ordinal));
        var end = lines.FindIndex(l => l == EndMarker);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{path} has no rule table between a '{StartMarkerPrefix} ... -->' line and a '{EndMarker}' line");
        }

        var table = new List<string> { StartMarker, "", "| id | default | what it finds | fix |", "|---|---|---|---|" };
        foreach (var rule in rules)
        {
            var d = rule.Descriptor;
            table.Add($"| [{d.Id}]({link(rule)}) | {d.DefaultSeverity.ToString().ToLowerInvariant()} | {Cell(rule.Finds)} |" + (rule.Fix == null ? " |" : $" {Cell(rule.Fix)} |"));
        }

        table.Add("");
        lines.RemoveRange(start, end - start);
        lines.InsertRange(start, table);
        return new GeneratedFile(path, string.Join('\n', lines), current);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpsReady.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OpsReady.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? Read(string repositoryRoot, string path)
    {
        var full = Path.Combine(repositoryRoot, path);
        return File.Exists(full) ? File.ReadAllText(full).Replace("\r\n", "\n") : null;
    }
}
