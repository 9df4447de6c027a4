using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace OpsReady.Tasks
{
    /// <summary>
    /// The one place that turns a manifest into bytes and back, and puts them on disk (as NuGet's LockFileFormat
    /// reads and writes project.assets.json): a field renamed or added on one side is renamed or added on both.
    /// </summary>
    internal static class ManifestFormat
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
                    .Property("tier", owner.Tier)
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
            if (manifest.Runtime is RuntimeSection runtime)
            {
                json.StartObject("runtime")
                    .Property("framework", runtime.Framework)
                    .Property("supportEnds", runtime.SupportEnds)
                    .StartArray("sharedFrameworks");
                foreach (var framework in runtime.SharedFrameworks)
                {
                    json.StartObject().Property("name", framework.Name).Property("version", framework.Version).EndObject();
                }

                json.EndArray().EndObject();
            }
            else
            {
                json.Null("runtime");
            }

            json.StartArray("dependencies");
            foreach (var dependency in manifest.Dependencies)
            {
                json.StartObject()
                    .Property("name", dependency.Name)
                    .Property("version", dependency.Version)
                    .EndObject();
            }

            json.EndArray();

            if (manifest.Vulnerabilities is List<PackageVulnerability> vulnerabilities)
            {
                json.StartArray("vulnerabilities");
                foreach (var vulnerability in vulnerabilities)
                {
                    json.StartObject()
                        .Property("package", vulnerability.Package)
                        .Property("version", vulnerability.Version)
                        .Property("severity", vulnerability.Severity)
                        .Property("advisory", vulnerability.Advisory)
                        .EndObject();
                }

                json.EndArray();
            }
            else
            {
                json.Null("vulnerabilities");
            }

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

        // ---------------------------------------------------------------- reading

        /// <summary>
        /// The schemaVersion (as written) of a JSON document that is an ownership manifest of any version: an object
        /// with a numeric schemaVersion and a service.name. Null for anything else.
        /// </summary>
        public static string? SchemaVersionOf(JsonValue json)
            => json.Kind == JsonKind.Object && json["schemaVersion"].Kind == JsonKind.Number && !string.IsNullOrEmpty(json["service"]["name"].String)
                ? json["schemaVersion"].Text
                : null;

        /// <summary>Only service.name and service.targetFramework, which every schema version has: enough to name a manifest this version cannot read.</summary>
        public static OwnershipManifest ReadIdentity(JsonValue json)
        {
            var service = new Field(json, "")["service"];
            return new OwnershipManifest
            {
                Service = new ServiceSection { Name = service["name"].String() ?? "", TargetFramework = service["targetFramework"].String() },
            };
        }

        /// <summary>
        /// A manifest of <see cref="OwnershipManifest.SchemaVersion"/>. Fields an earlier manifest lacks get the defaults
        /// docs/manifest.md gives (health.known true, readiness.diagnostics null, no logging.sources); unknown fields are
        /// ignored; a field of the wrong type is a <see cref="ManifestFormatException"/> naming it and its value.
        /// </summary>
        public static OwnershipManifest Read(JsonValue json)
        {
            var root = new Field(json, "");
            var service = root["service"];
            var manifest = new OwnershipManifest
            {
                Service = new ServiceSection
                {
                    Name = service["name"].String() ?? "",
                    Version = service["version"].String(),
                    TargetFramework = service["targetFramework"].String(),
                    Kind = service["kind"].String(),
                },
            };

            var ownership = root["ownership"];
            if (!ownership.IsNull)
            {
                manifest.Ownership = new OwnershipSection
                {
                    Team = ownership["team"].String(),
                    Contact = ownership["contact"].String(),
                    OnCall = ownership["onCall"].String(),
                    Runbook = ownership["runbook"].String(),
                    Lifecycle = ownership["lifecycle"].String(),
                    Tier = ownership["tier"].Int(),
                };
            }

            var operations = root["operations"];
            if (!operations.IsNull)
            {
                manifest.Operations = new OperationsSection
                {
                    Team = operations["team"].String(),
                    Contact = operations["contact"].String(),
                    Since = operations["since"].String(),
                };
            }

            var health = root["health"];
            // Manifests from before "known" claimed what they found.
            manifest.Health.Known = health["known"].Bool(whenNull: true);
            manifest.Health.Registered = health["registered"].NullableBool();
            foreach (var item in health["endpoints"].Items())
            {
                var endpoint = new HealthEndpoint { Path = item["path"].String(), Grpc = item["grpc"].Bool(whenNull: false), Probe = item["probe"].String() };
                endpoint.Environments.AddRange(item["environments"].Strings());
                manifest.Health.Endpoints.Add(endpoint);
            }

            manifest.Health.Publishers = health["publishers"].NullableBool();
            manifest.Health.Exposed = health["exposed"].NullableBool();

            var logging = root["logging"];
            manifest.Logging.Outputs.AddRange(logging["outputs"].Strings());
            // "structured" is derived from the outputs on writing: a manifest that disagrees was not written by OpsReady.
            var structured = logging["structured"];
            if (structured.Bool(whenNull: manifest.Logging.Structured) != manifest.Logging.Structured)
            {
                throw structured.Unexpected(manifest.Logging.Structured ? "true (logging.outputs lists an output)" : "false (logging.outputs is empty)");
            }

            foreach (var item in logging["sources"].Items())
            {
                var logged = new LoggingSource { Output = item["output"].String() ?? "", Source = item["source"].String(), From = item["from"].String() };
                logged.Environments.AddRange(item["environments"].Strings());
                manifest.Logging.Sources.Add(logged);
            }

            var runtime = root["runtime"];
            if (!runtime.IsNull)
            {
                manifest.Runtime = new RuntimeSection { Framework = runtime["framework"].String(), SupportEnds = runtime["supportEnds"].String() };
                foreach (var item in runtime["sharedFrameworks"].Items())
                {
                    manifest.Runtime.SharedFrameworks.Add(new SharedFramework { Name = item["name"].String() ?? "", Version = item["version"].String() ?? "" });
                }
            }

            foreach (var item in root["dependencies"].Items())
            {
                manifest.Dependencies.Add(new PackageDependency { Name = item["name"].String() ?? "", Version = item["version"].String() ?? "" });
            }

            var vulnerabilities = root["vulnerabilities"];
            manifest.Vulnerabilities = vulnerabilities.IsNull ? null : vulnerabilities.Items().Select(v => new PackageVulnerability
            {
                Package = v["package"].String() ?? "",
                Version = v["version"].String() ?? "",
                Severity = v["severity"].String() ?? "",
                Advisory = v["advisory"].String(),
            }).ToList();

            var source = root["source"];
            manifest.Source = new SourceSection { Repository = source["repository"].String(), Commit = source["commit"].String() };

            var readiness = root["readiness"];
            var findings = readiness["findings"];
            manifest.Readiness = new ReadinessSection
            {
                Ready = readiness["ready"].Bool(whenNull: false),
                // A finding without a level is not open: only "warning" and "error" block.
                Findings = findings.IsNull ? null : findings.Items().Select(f => new ReadinessFinding
                {
                    Rule = f["rule"].String() ?? "",
                    Level = f["level"].String() ?? "",
                    Message = f["message"].String(),
                    File = f["file"].String(),
                    Line = f["line"].Int(),
                }).ToList(),
                Diagnostics = readiness["diagnostics"].String(),
            };

            return manifest;
        }

        /// <summary>A value in the manifest with its path ("health.endpoints[0].grpc"), for messages that name it.</summary>
        private readonly struct Field
        {
            private readonly JsonValue value;
            private readonly string path;

            public Field(JsonValue value, string path)
            {
                this.value = value;
                this.path = path;
            }

            /// <summary>Absent and null are the same: an older manifest lacks what a newer one writes as null.</summary>
            public bool IsNull => value.IsNull;

            /// <summary>A member of an object (null when absent, or when this is null); anything but an object or null is an error.</summary>
            public Field this[string name]
            {
                get
                {
                    if (value.Kind != JsonKind.Object && !value.IsNull)
                    {
                        throw Unexpected("an object");
                    }

                    return new Field(value[name], path.Length == 0 ? name : path + "." + name);
                }
            }

            public string? String()
                => value.Kind == JsonKind.String ? value.Text : value.IsNull ? null : throw Unexpected("a string or null");

            public bool Bool(bool whenNull)
                => value.Kind == JsonKind.True || (value.Kind != JsonKind.False && (value.IsNull ? whenNull : throw Unexpected("true or false")));

            public bool? NullableBool()
                => value.Kind == JsonKind.True ? true : value.Kind == JsonKind.False ? false : value.IsNull ? (bool?)null : throw Unexpected("true, false or null");

            public int? Int()
            {
                if (value.IsNull)
                {
                    return null;
                }

                if (value.Kind == JsonKind.Number && int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }

                throw Unexpected("an integer or null");
            }

            /// <summary>The items of an array; none when null or absent.</summary>
            public IEnumerable<Field> Items()
            {
                if (value.Kind != JsonKind.Array && !value.IsNull)
                {
                    throw Unexpected("an array");
                }

                var items = new List<Field>();
                for (var i = 0; i < value.Items.Count; i++)
                {
                    items.Add(new Field(value.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
                }

                return items;
            }

            public List<string> Strings()
                => Items().Select(item => item.value.Kind == JsonKind.String ? item.value.Text! : throw item.Unexpected("a string")).ToList();

            public ManifestFormatException Unexpected(string expected) => new ManifestFormatException(path, Describe(value), expected);

            private static string Describe(JsonValue value)
            {
                switch (value.Kind)
                {
                    case JsonKind.String:
                        var text = value.Text!.Length > 60 ? value.Text.Substring(0, 60) + "..." : value.Text;
                        return JsonText.Quote(text);
                    case JsonKind.Number:
                        return value.Text!;
                    case JsonKind.True:
                        return "true";
                    case JsonKind.False:
                        return "false";
                    case JsonKind.Array:
                        return "an array";
                    case JsonKind.Object:
                        return "an object";
                    default:
                        return "null";
                }
            }
        }

        public static byte[] ToBytes(OwnershipManifest manifest) => Utf8NoBom.GetBytes(ToJson(manifest));

        /// <summary>
        /// Writes a temporary file beside <paramref name="path"/> and renames it into place, so a reader
        /// (or a parallel build writing the same file) sees the old bytes or the new ones, never a torn file.
        /// </summary>
        /// <summary>
        /// <see cref="WriteAtomically"/> unless the file already holds these bytes: then it (and its timestamp, which
        /// incremental builds compare) is left alone. The one "written only when it changes" of every file OpsReady writes.
        /// </summary>
        public static void WriteIfChanged(string path, byte[] content)
        {
            if (!File.Exists(path) || !File.ReadAllBytes(path).SequenceEqual(content))
            {
                WriteAtomically(path, content);
            }
        }

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

    /// <summary>A manifest field of the wrong type: names the field and the value found.</summary>
    internal sealed class ManifestFormatException : Exception
    {
        public ManifestFormatException(string field, string found, string expected)
            : base($"{field} is {found}, expected {expected}")
        {
        }
    }
}
