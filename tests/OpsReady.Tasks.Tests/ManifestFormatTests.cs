using System.Text;

namespace OpsReady.Tasks.Tests;

/// <summary>The manifest read and written by one class: what is written reads back to the same bytes.</summary>
public class ManifestFormatTests
{
    /// <summary>Write → read → write gives the same bytes; called on every manifest the task tests write.</summary>
    internal static void AssertRoundTrips(string written, string what)
    {
        var read = ManifestFormat.Read(JsonReader.Parse(written));
        Assert.True(ManifestFormat.ToJson(read) == written, what + " does not round-trip:\n" + ManifestFormat.ToJson(read));
    }

    [Fact]
    public void Every_manifest_of_the_bundle_tests_round_trips_byte_identically()
    {
        using var temp = new TempDirectory();
        var manifests = WriteHandoffBundleTests.WriteServiceManifests(temp, temp.Combine("build"));
        Assert.Equal(5, manifests.Count);
        foreach (var path in manifests)
        {
            AssertRoundTrips(File.ReadAllText(path), path);
        }
    }

    public static IEnumerable<object[]> EdgeCases()
    {
        // Nothing known: no owner, no handoff, health unknown, findings unknown.
        var bare = new OwnershipManifest { Service = new ServiceSection { Name = "Bare" } };
        bare.Health.Registered = null;
        bare.Readiness.Findings = null;
        bare.Readiness.Diagnostics = ReadinessDiagnostics.Stale;
        yield return new object[] { "bare", bare };

        // Everything set, with values that need escaping, notes and open findings, gRPC and limited environments.
        var full = new OwnershipManifest
        {
            Service = new ServiceSection { Name = "Full.Api", Version = "1.2.3", TargetFramework = "net10.0", Kind = "web" },
            Ownership = new OwnershipSection { Team = "t\"eam", Contact = "#chan\nnel", OnCall = "https://oncall.example/x", Runbook = "docs/run book.md", Lifecycle = "maintenance" },
            Operations = new OperationsSection { Team = "appops", Contact = null, Since = "2026-09-01" },
            Source = new SourceSection { Repository = "https://github.com/contoso/x", Commit = "0123abc" },
            Readiness = new ReadinessSection
            {
                Ready = false,
                Diagnostics = ReadinessDiagnostics.Recorded,
                Findings = new List<ReadinessFinding>
                {
                    new() { Rule = "OPS002", Level = "warning", Message = "a \\ b", File = "src/A.cs", Line = 3 },
                    new() { Rule = "OPS102", Level = "note", Message = null, File = null, Line = null },
                },
            },
        };
        full.Health.Known = true;
        full.Health.Registered = true;
        full.Health.Publishers = false;
        full.Health.Exposed = true;
        var grpc = new HealthEndpoint { Path = null, Grpc = true, Probe = null };
        grpc.Environments.Add("all");
        var ready = new HealthEndpoint { Path = "/health/ready", Probe = "readiness" };
        ready.Environments.AddRange(new[] { "!Development" });
        full.Health.Endpoints.AddRange(new[] { grpc, ready });
        var settings = new LoggingSource { Output = "json-console", Source = "settings", From = "appsettings.Production.json" };
        settings.Environments.Add("Production");
        var reference = new LoggingSource { Output = "opentelemetry", Source = "reference", From = "Shared.Defaults" };
        reference.Environments.Add("all");
        full.Logging.Sources.AddRange(new[] { settings, reference });
        full.Logging.Outputs.AddRange(new[] { "json-console", "opentelemetry" });
        full.Dependencies.Add(new PackageDependency { Name = "Serilog", Version = "4.3.0" });
        yield return new object[] { "full", full };

        // Known absences: false, never null; a ready service with no findings.
        var worker = new OwnershipManifest
        {
            Service = new ServiceSection { Name = "W", Kind = "worker" },
            Ownership = new OwnershipSection { Team = "w" },
            Readiness = new ReadinessSection { Ready = true, Findings = new List<ReadinessFinding>(), Diagnostics = ReadinessDiagnostics.Recorded },
        };
        worker.Health.Known = true;
        worker.Health.Registered = false;
        worker.Health.Publishers = false;
        worker.Health.Exposed = false;
        yield return new object[] { "worker", worker };
    }

    [Theory]
    [MemberData(nameof(EdgeCases))]
    internal void Hand_made_manifests_round_trip_byte_identically(string name, OwnershipManifest manifest)
        => AssertRoundTrips(ManifestFormat.ToJson(manifest), name);

    /// <summary>
    /// Every settable property of the model, given a value that is not its default, survives write and read: a
    /// property added to the model but not to both directions fails here, and a renamed one fails to compile.
    /// </summary>
    [Fact]
    public void Every_property_of_the_model_is_written_and_read_back()
    {
        var manifest = (OwnershipManifest)Populate(typeof(OwnershipManifest), "m");
        var read = ManifestFormat.Read(JsonReader.Parse(ManifestFormat.ToJson(manifest)));
        AssertSame(manifest, read, "manifest");
    }

    /// <summary>An instance with every property set, and one item in every list, each value naming its path.</summary>
    private static object Populate(Type type, string path)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties())
        {
            var name = path + "." + property.Name;
            var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (kind.IsGenericType && kind.GetGenericTypeDefinition() == typeof(List<>))
            {
                var list = (System.Collections.IList)(property.GetValue(instance) ?? Activator.CreateInstance(kind)!);
                var item = kind.GetGenericArguments()[0];
                list.Add(item == typeof(string) ? name : Populate(item, name + "[0]"));
                if (property.CanWrite)
                {
                    property.SetValue(instance, list);
                }
            }
            else if (!property.CanWrite)
            {
                continue;
            }
            else if (kind == typeof(string))
            {
                property.SetValue(instance, name);
            }
            else if (kind == typeof(bool))
            {
                // The opposite of the model's default (false-valued known is covered by the round-trip edge cases).
                property.SetValue(instance, !(bool)(property.GetValue(instance) ?? false));
            }
            else if (kind == typeof(int))
            {
                property.SetValue(instance, 7);
            }
            else
            {
                property.SetValue(instance, Populate(kind, name));
            }
        }

        return instance;
    }

    private static void AssertSame(object? expected, object? actual, string path)
    {
        if (expected == null || expected is string || expected.GetType().IsValueType)
        {
            Assert.True(Equals(expected, actual), path + ": wrote " + expected + ", read " + actual);
            return;
        }

        Assert.NotNull(actual);
        if (expected is System.Collections.IList list)
        {
            var other = (System.Collections.IList)actual!;
            Assert.True(list.Count == other.Count, path + ": wrote " + list.Count + " items, read " + other.Count);
            for (var i = 0; i < list.Count; i++)
            {
                AssertSame(list[i], other[i], path + "[" + i + "]");
            }

            return;
        }

        foreach (var property in expected.GetType().GetProperties())
        {
            AssertSame(property.GetValue(expected), property.GetValue(actual), path + "." + property.Name);
        }
    }

    [Fact]
    public void An_older_manifest_without_the_newer_fields_reads_with_the_documented_defaults()
    {
        // As the first manifests of schemaVersion 1 were written: no known, publishers, exposed, sources, diagnostics, lifecycle.
        var manifest = ManifestFormat.Read(JsonReader.Parse("""
            {
              "schemaVersion": 1,
              "service": { "name": "Old.Api", "version": "1.0.0", "targetFramework": "net8.0", "kind": "web" },
              "ownership": { "team": "old-team", "contact": null, "onCall": null, "runbook": null },
              "operations": null,
              "health": { "registered": true, "endpoints": [ { "path": "/healthz", "environments": ["all"], "grpc": false, "probe": null } ] },
              "logging": { "structured": false, "outputs": [] },
              "dependencies": [],
              "source": { "repository": null, "commit": null },
              "readiness": { "ready": false, "findings": null },
              "later": { "field": [1, 2] }
            }
            """));

        Assert.Equal("Old.Api", manifest.Service.Name);
        Assert.Equal("old-team", manifest.Ownership!.Team);
        Assert.Null(manifest.Ownership.Lifecycle);
        // Manifests from before "known" claimed what they found.
        Assert.True(manifest.Health.Known);
        Assert.True(manifest.Health.Registered);
        Assert.Null(manifest.Health.Publishers);
        Assert.Null(manifest.Health.Exposed);
        Assert.Equal("/healthz", Assert.Single(manifest.Health.Endpoints).Path);
        Assert.Empty(manifest.Logging.Sources);
        Assert.False(manifest.Logging.Structured);
        Assert.Null(manifest.Readiness.Findings);
        Assert.Null(manifest.Readiness.Diagnostics);
        Assert.StartsWith("the manifest does not say whether its findings were recorded", ReadinessDiagnostics.Explain(manifest.Readiness.Diagnostics));
    }

    [Fact]
    public void A_manifest_with_sections_missing_reads_as_nothing_known()
    {
        var manifest = ManifestFormat.Read(JsonReader.Parse("""{ "schemaVersion": 1, "service": { "name": "Tiny" } }"""));
        Assert.Null(manifest.Ownership);
        Assert.Null(manifest.Operations);
        Assert.Empty(manifest.Health.Endpoints);
        Assert.False(manifest.Readiness.Ready);
        Assert.Null(manifest.Readiness.Findings);
    }

    [Theory]
    [InlineData("""{ "service": { "name": 5 } }""", "service.name is 5, expected a string or null")]
    [InlineData("""{ "service": { "name": "A" }, "ownership": "payments" }""", "ownership is \"payments\", expected an object")]
    [InlineData("""{ "service": { "name": "A" }, "health": { "endpoints": [ { "grpc": "yes" } ] } }""", "health.endpoints[0].grpc is \"yes\", expected true or false")]
    [InlineData("""{ "service": { "name": "A" }, "health": { "exposed": 1 } }""", "health.exposed is 1, expected true, false or null")]
    [InlineData("""{ "service": { "name": "A" }, "logging": { "outputs": [ "json-console", 2 ] } }""", "logging.outputs[1] is 2, expected a string")]
    [InlineData("""{ "service": { "name": "A" }, "logging": { "structured": true, "outputs": [] } }""", "logging.structured is true, expected false (logging.outputs is empty)")]
    [InlineData("""{ "service": { "name": "A" }, "readiness": { "findings": [ { "rule": "OPS001", "line": 1.5 } ] } }""", "readiness.findings[0].line is 1.5, expected an integer or null")]
    [InlineData("""{ "service": { "name": "A" }, "dependencies": {} }""", "dependencies is an object, expected an array")]
    public void A_field_of_the_wrong_type_is_named_with_its_value(string json, string message)
        => Assert.Equal(message, Assert.Throws<ManifestFormatException>(() => ManifestFormat.Read(JsonReader.Parse(json))).Message);

    [Fact]
    public void The_gate_names_the_manifest_and_the_bad_field_in_OPSB100()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("bad.ownership.json");
        File.WriteAllText(path, """{ "schemaVersion": 1, "service": { "name": "A" }, "readiness": { "ready": "yes" } }""");
        var engine = new RecordingBuildEngine();
        Assert.False(new CheckServiceReadiness { BuildEngine = engine, ManifestPath = path }.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("OPSB100", error.Code);
        Assert.Contains("'" + path + "'", error.Message);
        Assert.Contains("readiness.ready is \"yes\", expected true or false", error.Message);
    }

    [Fact]
    public void Only_warnings_and_errors_are_open()
    {
        Assert.True(new ReadinessFinding { Level = "warning" }.IsOpen);
        Assert.True(new ReadinessFinding { Level = "error" }.IsOpen);
        Assert.False(new ReadinessFinding { Level = "note" }.IsOpen);
        Assert.False(new ReadinessFinding { Level = "" }.IsOpen);
    }

    [Fact]
    public void Reading_does_not_depend_on_a_byte_order_mark_or_member_order()
    {
        var written = ManifestFormat.ToJson(EdgeCases().Select(c => (OwnershipManifest)c[1]).First(m => m.Service.Name == "Full.Api"));
        var reordered = JsonReader.Parse(written);
        reordered.Members.Reverse();
        Assert.Equal(written, ManifestFormat.ToJson(ManifestFormat.Read(JsonReader.Parse("\uFEFF" + written))));
        Assert.Equal(written, ManifestFormat.ToJson(ManifestFormat.Read(reordered)));
        Assert.Equal(Encoding.UTF8.GetBytes(written), ManifestFormat.ToBytes(ManifestFormat.Read(reordered)));
    }
}
