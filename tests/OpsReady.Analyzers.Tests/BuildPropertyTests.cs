using System.Reflection;
using System.Xml.Linq;

namespace OpsReady.Analyzers.Tests;

/// <summary>Every build property the analyzers read is one the package's props make visible to the compiler.</summary>
public class BuildPropertyTests
{
    [Fact]
    public void Every_property_the_analyzers_read_is_compiler_visible()
    {
        var read = typeof(ServiceInfo).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is string value && value.StartsWith("build_property.", StringComparison.Ordinal))
            .Select(f => ((string)f.GetRawConstantValue()!).Substring("build_property.".Length))
            .Distinct()
            .ToList();
        Assert.Contains("OpsReadyServiceKind", read);
        Assert.Contains("_OpsReadyRepositoryRoot", read);
        Assert.Contains("_OpsReadyVulnerabilityLevel", read);

        var props = XDocument.Load(Path.Combine(RepositoryRoot(), "build", "OpsReady.props"));
        var visible = props.Descendants("CompilerVisibleProperty").Select(e => (string)e.Attribute("Include")!).ToList();
        Assert.Equal(read.OrderBy(n => n, StringComparer.Ordinal), visible.OrderBy(n => n, StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "OpsReady.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("OpsReady.sln not found above " + AppContext.BaseDirectory);
        }

        return directory.FullName;
    }
}
