using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OpsReady.Analyzers.Tests;

/// <summary>
/// The project URL is set once, as OpsReadyProjectUrl in Directory.Build.props: the rules' help links
/// derive from it, and the package's own README (nuget/README.md, the NuGet page) links only under it.
/// </summary>
public class ProjectUrlTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static readonly string ProjectUrl = ReadProjectUrl();

    [Fact]
    public void Analyzers_take_the_project_url_from_Directory_Build_props()
    {
        Assert.StartsWith("https://", ProjectUrl);
        Assert.False(ProjectUrl.EndsWith("/", StringComparison.Ordinal), "OpsReadyProjectUrl must not end with '/'");
        Assert.Equal(OpsReadyProjectInfo.ProjectUrl, ProjectUrl);
        Assert.Equal(Rules.HelpLinkBase, ProjectUrl + "/blob/main/docs/rules/");
        Assert.All(Rules.All, d => Assert.Equal(ProjectUrl + "/blob/main/docs/rules/" + d.Id + ".md", d.HelpLinkUri));
    }

    [Fact]
    public void Package_readme_links_only_under_the_project_url()
    {
        var links = PackageReadmeLinks();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            // NuGet shows the README away from the repository: a relative link would lead nowhere.
            Assert.True(link == ProjectUrl || link.StartsWith(ProjectUrl + "/", StringComparison.Ordinal), $"nuget/README.md links to '{link}', which is not under {ProjectUrl}");
        }
    }

    [Fact]
    public void Package_readme_links_to_files_that_exist()
    {
        foreach (var link in PackageReadmeLinks())
        {
            var match = Regex.Match(link, "^" + Regex.Escape(ProjectUrl) + "/(?:blob|tree)/main/(?<path>[^#?]+)");
            if (!match.Success || Regex.IsMatch(match.Groups["path"].Value, @"^docs/rules/OPS\d{3}\.md$"))
            {
                continue; // rule pages are checked against the registry below
            }

            var path = Path.Combine(RepositoryRoot, match.Groups["path"].Value.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"nuget/README.md links to '{link}', but {match.Groups["path"].Value} does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(RuleRegistryTests.RuleIds), MemberType = typeof(RuleRegistryTests))]
    public void Package_readme_links_every_rule_to_its_page(string id)
    {
        var descriptor = Rules.All.Single(d => d.Id == id);
        Assert.Contains($"[{id}]({descriptor.HelpLinkUri})", File.ReadAllText(PackageReadme));
    }

    [Fact]
    public void Package_readme_gives_no_repository_commands()
    {
        var text = File.ReadAllText(PackageReadme);
        foreach (var command in new[] { "build-samples.sh", "dotnet test", "dotnet pack", "OpsReady.sln" })
        {
            Assert.DoesNotContain(command, text);
        }
    }

    private static string PackageReadme => Path.Combine(RepositoryRoot, "nuget", "README.md");

    /// <summary>Every markdown link target and every bare http(s) address in nuget/README.md.</summary>
    private static List<string> PackageReadmeLinks()
    {
        var text = File.ReadAllText(PackageReadme);
        var links = Regex.Matches(text, @"\]\((?<target>[^)\s]+)\)").Select(m => m.Groups["target"].Value).ToList();
        Assert.All(links, l => Assert.Matches("^https://", l));
        var bare = Regex.Matches(Regex.Replace(text, @"\]\([^)]*\)", "]"), @"https?://[^\s)>`""]+").Select(m => m.Value)
            .Where(u => u.Contains("opsready", StringComparison.OrdinalIgnoreCase));
        return links.Concat(bare).ToList();
    }

    private static string ReadProjectUrl()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props"));
        var values = props.Descendants("OpsReadyProjectUrl").Select(e => e.Value.Trim()).ToList();
        Assert.Single(values);
        return values[0];
    }

    private static string FindRepositoryRoot()
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
}
