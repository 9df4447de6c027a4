using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace OpsReady.Tasks
{
    /// <summary>The one place that turns a manifest into bytes and puts them on disk.</summary>
    internal static class ManifestWriter
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        public static string ToJson(OwnershipManifest manifest)
        {
            var json = new JsonText().StartObject()
                .Property("$schema", OwnershipManifest.SchemaId)
                .Property("schemaVersion", OwnershipManifest.SchemaVersion)
                .StartObject("service")
                    .Property("name", manifest.Service.Name)
                    .Property("version", manifest.Service.Version)
                    .Property("targetFramework", manifest.Service.TargetFramework)
                    .Property("kind", manifest.Service.Kind)
                .EndObject();

            if (manifest.Ownership is OwnershipSection owner)
            {
                json.StartObject("ownership")
                    .Property("team", owner.Team)
                    .Property("contact", owner.Contact)
                    .Property("onCall", owner.OnCall)
                    .Property("runbook", owner.Runbook)
                    .Property("lifecycle", owner.Lifecycle)
                    .EndObject();
            }
            else
            {
                json.Null("ownership");
            }

            if (manifest.Operations is OperationsSection operations)
            {
                json.StartObject("operations")
                    .Property("team", operations.Team)
                    .Property("contact", operations.Contact)
                    .Property("since", operations.Since)
                    .EndObject();
            }
            else
            {
                json.Null("operations");
            }

            json.StartObject("health")
                .Property("known", manifest.Health.Known);
            json.Property("registered", manifest.Health.Registered)
                .StartArray("endpoints");
            foreach (var endpoint in manifest.Health.Endpoints)
            {
                Strings(json.StartObject().Property("path", endpoint.Path), "environments", endpoint.Environments)
                    .Property("grpc", endpoint.Grpc)
                    .Property("probe", endpoint.Probe)
                    .EndObject();
            }

            json.EndArray();
            json.Property("publishers", manifest.Health.Publishers);
            json.Property("exposed", manifest.Health.Exposed);
            json.EndObject();

            Strings(json.StartObject("logging").Property("structured", manifest.Logging.Structured), "outputs", manifest.Logging.Outputs)
                .StartArray("sources");
            foreach (var source in manifest.Logging.Sources)
            {
                Strings(json.StartObject().Property("output", source.Output), "environments", source.Environments)
                    .Property("source", source.Source)
                    .Property("from", source.From)
                    .EndObject();
            }

            json.EndArray().EndObject();

            WriteHandoffSections(json, manifest);
            return json.EndObject().ToString();
        }

        /// <summary>An array of strings, e.g. "environments": ["all"].</summary>
        private static JsonText Strings(JsonText json, string name, IEnumerable<string> values)
        {
            json.StartArray(name);
            foreach (var value in values)
            {
                json.Value(value);
            }

            return json.EndArray();
        }

        private static void WriteHandoffSections(JsonText json, OwnershipManifest manifest)
        {
            json.StartArray("dependencies");
            foreach (var dependency in manifest.Dependencies)
            {
                json.StartObject()
                    .Property("name", dependency.Name)
                    .Property("version", dependency.Version)
                    .EndObject();
            }

            json.EndArray();

            json.StartObject("source")
                .Property("repository", manifest.Source.Repository)
                .Property("commit", manifest.Source.Commit)
                .EndObject();

            json.StartObject("readiness")
                .Property("ready", manifest.Readiness.Ready);
            if (manifest.Readiness.Findings is List<ReadinessFinding> findings)
            {
                json.StartArray("findings");
                foreach (var finding in findings)
                {
                    json.StartObject()
                        .Property("rule", finding.Rule)
                        .Property("level", finding.Level)
                        .Property("message", finding.Message)
                        .Property("file", finding.File)
                        .Property("line", finding.Line)
                        .EndObject();
                }

                json.EndArray();
            }
            else
            {
                json.Null("findings");
            }

            json.Property("diagnostics", manifest.Readiness.Diagnostics);
            json.EndObject();
        }

        public static byte[] ToBytes(OwnershipManifest manifest) => Utf8NoBom.GetBytes(ToJson(manifest));

        /// <summary>
        /// Writes a temporary file beside <paramref name="path"/> and renames it into place, so a reader
        /// (or a parallel build writing the same file) sees the old bytes or the new ones, never a torn file.
        /// </summary>
        public static void WriteAtomically(string path, byte[] content)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.WriteAllBytes(temporary, content);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        Replace(temporary, path);
                        return;
                    }
                    catch (Exception e) when ((e is IOException || e is UnauthorizedAccessException) && attempt < 10)
                    {
                        // Another build is renaming onto the same file (Windows refuses concurrent replaces).
                        Thread.Sleep(20 * attempt);
                    }
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        private static void Replace(string source, string destination)
        {
#if NETFRAMEWORK
            if (File.Exists(destination))
            {
                File.Replace(source, destination, null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(source, destination);
            }
#else
            File.Move(source, destination, overwrite: true);
#endif
        }
    }
}
