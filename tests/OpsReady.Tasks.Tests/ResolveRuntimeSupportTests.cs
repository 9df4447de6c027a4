using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OpsReady.Tasks.Tests;

/// <summary>ResolveRuntimeSupport: the framework, its end of support from the table the package ships, and the verdict on OpsReadyAsOf.</summary>
public class ResolveRuntimeSupportTests
{
    /// <summary>The table as the package ships it (build/OpsReady.DotNetSupport.props), read from the repository.</summary>
    private static readonly ITaskItem[] ShippedTable = XDocument.Load(RepositoryFiles.Path("build", "OpsReady.DotNetSupport.props"))
        .Descendants("OpsReadyDotNetSupport")
        .Select(row =>
        {
            var item = new TaskItem((string)row.Attribute("Include")!);
            foreach (var attribute in row.Attributes().Where(a => a.Name != "Include"))
            {
                item.SetMetadata(attribute.Name.LocalName, attribute.Value);
            }

            return (ITaskItem)item;
        })
        .ToArray();

    private static (ResolveRuntimeSupport Task, RecordingBuildEngine Engine) Run(string identifier, string version, string? asOf, string? days = null, ITaskItem[]? table = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new ResolveRuntimeSupport
        {
            BuildEngine = engine,
            TargetFrameworkIdentifier = identifier,
            TargetFrameworkVersion = version,
            SupportTable = table ?? ShippedTable,
            AsOf = asOf,
            SupportWarningDays = days,
            ProjectFile = "/src/Payments/Payments.csproj",
        };
        Assert.True(task.Execute());
        return (task, engine);
    }

    [Theory]
    [InlineData("v8.0", "2026-12-04", "net8.0", "2026-11-10", "ended")]
    [InlineData("v8.0", "2026-11-10", "net8.0", "2026-11-10", "ending")] // the last day with a fix
    [InlineData("v8.0", "2026-11-11", "net8.0", "2026-11-10", "ended")]
    [InlineData("v8.0", "2026-06-01", "net8.0", "2026-11-10", "ending")]
    [InlineData("v8.0", "2026-05-14", "net8.0", "2026-11-10", "ending")] // exactly 180 days before
    [InlineData("v8.0", "2026-05-13", "net8.0", "2026-11-10", "supported")]
    [InlineData("v9.0", "2026-12-04", "net9.0", "2026-11-10", "ended")]
    [InlineData("v10.0", "2026-12-04", "net10.0", "2028-11-14", "supported")]
    [InlineData("v3.1", "2026-12-04", "netcoreapp3.1", "2022-12-13", "ended")]
    public void Judges_the_shipped_table_on_the_reference_date(string version, string asOf, string framework, string ends, string status)
    {
        var (task, engine) = Run(".NETCoreApp", version, asOf);
        Assert.Equal(framework, task.Framework);
        Assert.Equal(ends, task.SupportEnds);
        Assert.Equal(status, task.Status);
        Assert.Equal(asOf, task.EffectiveAsOf);
        Assert.Empty(engine.Warnings);
    }

    [Theory]
    [InlineData(".NETCoreApp", "v11.0", "net11.0")] // newer than the package: not in the table
    [InlineData(".NETFramework", "v4.7.2", "net472")]
    [InlineData(".NETStandard", "v2.0", "")]
    [InlineData("", "", "")]
    public void A_framework_not_in_the_table_is_never_judged(string identifier, string version, string framework)
    {
        var (task, engine) = Run(identifier, version, "2026-12-04");
        Assert.Equal(framework, task.Framework);
        Assert.Equal("", task.SupportEnds);
        Assert.Equal("unknown", task.Status);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void Without_a_date_today_in_UTC_is_the_reference()
    {
        var (task, _) = Run(".NETCoreApp", "v10.0", null);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), task.EffectiveAsOf);
    }

    [Theory]
    [InlineData("04/12/2026")]
    [InlineData("2026-13-01")]
    [InlineData("tomorrow")]
    public void An_unreadable_date_is_OPSB130_naming_it_and_nothing_is_judged(string asOf)
    {
        var (task, engine) = Run(".NETCoreApp", "v8.0", asOf);
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB130", warning.Code);
        Assert.Contains($"'{asOf}'", warning.Message);
        Assert.Equal("/src/Payments/Payments.csproj", warning.File);
        Assert.Equal("unknown", task.Status);
        Assert.Equal("2026-11-10", task.SupportEnds); // the date-independent facts are still recorded
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("ninety")]
    [InlineData("99999")]
    public void Unreadable_warning_days_are_OPSB131_and_the_default(string days)
    {
        var (task, engine) = Run(".NETCoreApp", "v8.0", "2026-06-01", days);
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB131", warning.Code);
        Assert.Contains($"'{days}'", warning.Message);
        Assert.Equal(180, task.EffectiveWarningDays);
        Assert.Equal("ending", task.Status);
    }

    [Fact]
    public void Zero_warning_days_report_only_the_end()
    {
        Assert.Equal("supported", Run(".NETCoreApp", "v8.0", "2026-11-09", "0").Task.Status);
        Assert.Equal("ending", Run(".NETCoreApp", "v8.0", "2026-11-10", "0").Task.Status);
    }

    [Fact]
    public void A_row_the_user_adds_wins_over_the_shipped_one_wherever_it_stands()
    {
        var extended = new TaskItem("8.0");
        extended.SetMetadata("EndOfSupport", "2027-11-10");
        foreach (var table in new[] { ShippedTable.Append(extended).ToArray(), ShippedTable.Prepend(extended).ToArray() })
        {
            var (task, _) = Run(".NETCoreApp", "v8.0", "2026-12-04", table: table);
            Assert.Equal("2027-11-10", task.SupportEnds);
            Assert.Equal("supported", task.Status);
        }
    }

    [Fact]
    public void A_row_without_an_ISO_date_is_OPSB133_and_ignored()
    {
        var broken = new TaskItem("8.0");
        broken.SetMetadata("EndOfSupport", "November 2026");
        var (task, engine) = Run(".NETCoreApp", "v8.0", "2026-12-04", table: ShippedTable.Append(broken).ToArray());
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("OPSB133", warning.Code);
        Assert.Contains("'November 2026'", warning.Message);
        Assert.Equal("2026-11-10", task.SupportEnds);
    }

    [Fact]
    public void The_shipped_table_covers_every_release_from_Core_1_to_10_with_a_date_and_a_release_kind()
    {
        var versions = ShippedTable.Select(r => r.ItemSpec).ToList();
        Assert.Equal(new[] { "1.0", "1.1", "2.0", "2.1", "2.2", "3.0", "3.1", "5.0", "6.0", "7.0", "8.0", "9.0", "10.0" }, versions);
        Assert.All(ShippedTable, row =>
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row.GetMetadata("EndOfSupport"));
            Assert.Contains(row.GetMetadata("Release"), new[] { "LTS", "STS" });
            Assert.Equal("true", row.GetMetadata("Shipped"));
        });
    }
}
