using System.Text.Json.Nodes;
using Json.Schema;

namespace OpsReady.Tests.Shared;

/// <summary>Validates manifests against build/opsready-manifest.schema.json, the schema the package ships.</summary>
public static class ManifestSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(Path.Combine(RepositoryRoot(), "build", "opsready-manifest.schema.json")));

    public static string SchemaPath => Path.Combine(RepositoryRoot(), "build", "opsready-manifest.schema.json");

    /// <summary>Fails the test with every schema error when <paramref name="json"/> is not a valid manifest.</summary>
    public static void AssertValid(string json, string what)
    {
        var errors = Errors(json);
        Assert.True(errors.Count == 0, $"{what} does not match the manifest schema:\n{string.Join("\n", errors)}\n{json}");
    }

    public static List<string> Errors(string json) => Errors(json, Schema.Value);

    public static List<string> Errors(string json, JsonSchema schema)
    {
        EvaluationResults result;
        // One evaluation at a time: a schema shared by parallel tests once reported "/operations: oneOf: found 2" for a
        // null value (seen once in the Tasks tests), which a single evaluation of the same manifest never does.
        lock (schema)
        {
            result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        }

        return result.IsValid
            ? new List<string>()
            : result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
    }

    private static string RepositoryRoot()
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
