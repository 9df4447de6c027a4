using System.Reflection;
using System.Runtime.Loader;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>
/// The settings reader against the host's own: Microsoft.Extensions.Configuration.Json from the ASP.NET Core
/// shared framework this test runs beside, loaded in its own context, decides which files load.
/// </summary>
public class SettingsScannerTests
{
    public static readonly string[] Loads =
    {
        "{}",
        "{ }",
        "\uFEFF{ \"A\": 1 }",
        """{ "Logging": { "Console": { "FormatterName": "json" } } }""",
        "// a comment first\n{ \"A\": 1 }",
        "{ /* inline */ \"A\": /* here too */ 1 } // after",
        "{ \"A\": 1, }",
        "{ \"A\": [ 1, 2, ], \"B\": { \"C\": true, }, }",
        "{ \"A\": { \"B\": 1 }, \"A\": { \"C\": 2 } }",
        "{ \"A\": 1, \"A\": {} }",
        "{ \"A\": { \"B\": 1 }, \"A:C\": 2 }",
        "{ \"A\": [], \"B\": {}, \"C\": null, \"D\": false, \"E\": -0.5e+10, \"F\": \"x\\u00e9\\n\\\"\" }",
        "{\r\n  \"A\": \"windows line ends\"\r\n}\r\n",
        "{ \"Serilog\": { \"WriteTo\": [ { \"Name\": \"Console\" }, { \"Name\": \"Seq\" } ] } }",
    };

    public static readonly string[] Fails =
    {
        "",
        "   // only a comment",
        "[ 1, 2 ]",
        "\"text\"",
        "{ \"A\": 1 \"B\": 2 }",
        "{ \"A\" 1 }",
        "{ A: 1 }",
        "{ 'A': 1 }",
        "{ \"A\": 'x' }",
        "{ \"A\": 1,, }",
        "{ , }",
        "{ \"A\": [ , ] }",
        "{ \"A\": 1 } }",
        "{ \"A\": 1 } x",
        "{ \"A\": 1",
        "{ \"A\": \"unterminated }",
        "{ \"A\": \"line\nbreak\" }",
        "{ \"A\": \"\\x\" }",
        "{ \"A\": 01 }",
        "{ \"A\": 1. }",
        "{ \"A\": tru }",
        "{ \"A\": True }",
        "{ \"A\": 1 /* never closed }",
        "{ \"A\": 1, \"A\": 2 }",
        "{ \"A\": 1, \"a\": 2 }",
        "{ \"A\": { \"B\": 1 }, \"a\": { \"b\": 2 } }",
        "{ \"A\": {}, \"A\": 1 }",
        "{ \"A\": [ 1 ], \"A\": [ 2 ] }",
        "{ \"A\": { \"B\": 1 }, \"A:B\": 2 }",
    };

    public static IEnumerable<object[]> LoadsCorpus() => Loads.Select(t => new object[] { t });

    public static IEnumerable<object[]> FailsCorpus() => Fails.Select(t => new object[] { t });

    [Theory]
    [MemberData(nameof(LoadsCorpus))]
    public void Files_the_host_loads_have_no_error(string json)
    {
        Assert.Null(HostConfiguration.LoadFailure(json));
        Assert.Null(SettingsScanner.Scan(json).Error);
    }

    [Theory]
    [MemberData(nameof(FailsCorpus))]
    public void Files_the_host_cannot_load_have_an_error(string json)
    {
        // What OPS207's page says the host throws when it loads the file.
        var failure = HostConfiguration.LoadFailure(json);
        Assert.IsType<InvalidDataException>(failure);
        Assert.StartsWith("Failed to load configuration from file", failure.Message);
        Assert.NotNull(SettingsScanner.Scan(json).Error);
        Assert.Empty(SettingsScanner.Scan(json).StringValues);
    }

    [Theory]
    [InlineData("{\n  \"A\": 1\n  \"B\": 2\n}", 3, 3, "expected ',' or '}' here")]
    [InlineData("{\r\n  \"A\": 1,\r\n  \"A\": 2\r\n}", 3, 8, "the key 'A' is given a value twice (keys are compared ignoring case)")]
    [InlineData("{ \"Logging\": { \"LogLevel\": { \"Default\": \"x\", \"default\": \"y\" } } }", 1, 57, "the key 'Logging:LogLevel:default' is given a value twice (keys are compared ignoring case)")]
    [InlineData("", 1, 1, "the file is empty: a settings file holds one JSON object")]
    [InlineData("{ \"A\": 1 /* never closed", 1, 10, "a '/*' comment is never closed")]
    public void The_error_says_where_and_why(string json, int line, int column, string message)
    {
        var error = SettingsScanner.Scan(json).Error!;
        Assert.Equal((line, column, message), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Values_keep_their_property_names()
    {
        var scan = SettingsScanner.Scan("""{ "Logging": { "Console": { "FormatterName": "json" } }, "WriteTo": [ "a", { "Name": "Seq" } ] }""");
        Assert.Equal(new[] { ("FormatterName", "json"), ("WriteTo", "a"), ("Name", "Seq") }, scan.StringValues);
    }

    [Fact]
    public void Deep_nesting_fails_as_the_host_does()
    {
        var deep = "{ \"A\": " + string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)) + " }";
        var fine = "{ \"A\": " + string.Concat(Enumerable.Repeat("[", 60)) + string.Concat(Enumerable.Repeat("]", 60)) + " }";
        Assert.NotNull(HostConfiguration.LoadFailure(deep));
        Assert.NotNull(SettingsScanner.Scan(deep).Error);
        Assert.Null(HostConfiguration.LoadFailure(fine));
        Assert.Null(SettingsScanner.Scan(fine).Error);
    }

    /// <summary>
    /// The host's JSON configuration provider, as a service loads a settings file from disk (AddJsonFile), from the
    /// ASP.NET Core shared framework beside the running runtime, in a load context of its own.
    /// </summary>
    internal static class HostConfiguration
    {
        private static readonly Lazy<Func<string, Exception?>> Load = new(Create);

        /// <summary>The exception building a configuration from this file throws, or null when it loads.</summary>
        public static Exception? LoadFailure(string json) => Load.Value(json);

        private static Func<string, Exception?> Create()
        {
            var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var shared = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(runtime))!, "Microsoft.AspNetCore.App");
            var folder = Directory.GetDirectories(shared).OrderByDescending(d => Version.Parse(Path.GetFileName(d).Split('-')[0])).First();
            var context = new FolderContext(folder);
            var abstractions = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Extensions.Configuration.Abstractions"));
            var configuration = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Extensions.Configuration"));
            var json = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Extensions.Configuration.Json"));
            var builderInterface = abstractions.GetType("Microsoft.Extensions.Configuration.IConfigurationBuilder", throwOnError: true)!;
            var addJsonFile = json.GetType("Microsoft.Extensions.Configuration.JsonConfigurationExtensions", throwOnError: true)!
                .GetMethod("AddJsonFile", new[] { builderInterface, typeof(string), typeof(bool), typeof(bool) })!;
            var builderType = configuration.GetType("Microsoft.Extensions.Configuration.ConfigurationBuilder", throwOnError: true)!;

            return text =>
            {
                var file = Path.Combine(Path.GetTempPath(), $"opsready-settings-{Guid.NewGuid():N}.json");
                File.WriteAllText(file, text);
                try
                {
                    var builder = Activator.CreateInstance(builderType)!;
                    addJsonFile.Invoke(null, new[] { builder, file, false, false });
                    builderType.GetMethod("Build")!.Invoke(builder, null);
                    return null;
                }
                catch (TargetInvocationException e)
                {
                    return e.InnerException;
                }
                finally
                {
                    File.Delete(file);
                }
            };
        }

        private sealed class FolderContext(string folder) : AssemblyLoadContext("OpsReady.HostConfiguration")
        {
            protected override Assembly? Load(AssemblyName name)
            {
                var path = Path.Combine(folder, name.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
