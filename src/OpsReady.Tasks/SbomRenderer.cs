using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>
    /// A CycloneDX 1.6 JSON SBOM of one manifest (one service and target framework): the service as metadata.component,
    /// every shipped package as a library with its pkg:nuget purl, the shared frameworks it runs on. Rendered from the
    /// manifest alone, so the service's build and the bundle write the same bytes. Deterministic: no timestamp, and the
    /// serial number is a name-based (version 5) UUID of the rest of the content.
    /// </summary>
    internal static class SbomRenderer
    {
        public const string SpecVersion = "1.6";

        /// <summary>The file name beside a manifest: "Orders.ownership.json" gives "Orders.cdx.json".</summary>
        public static string FileNameFor(string manifestFileName)
        {
            const string Suffix = ".ownership.json";
            return (manifestFileName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
                ? manifestFileName.Substring(0, manifestFileName.Length - Suffix.Length)
                : manifestFileName) + ".cdx.json";
        }

        public static string Render(OwnershipManifest manifest)
        {
            var body = Body(manifest, serialNumber: null);
            return Body(manifest, SerialNumber(body));
        }

        private static string Body(OwnershipManifest manifest, string? serialNumber)
        {
            var json = new JsonText().StartObject()
                .Property("$schema", "http://cyclonedx.org/schema/bom-" + SpecVersion + ".schema.json")
                .Property("bomFormat", "CycloneDX")
                .Property("specVersion", SpecVersion);
            if (serialNumber != null)
            {
                json.Property("serialNumber", serialNumber);
            }

            json.Property("version", 1);

            var service = manifest.Service;
            json.StartObject("metadata")
                .StartObject("component")
                .Property("type", "application")
                .Property("bom-ref", "service:" + service.Name + (service.TargetFramework == null ? "" : "/" + service.TargetFramework))
                .Property("name", service.Name);
            if (service.Version != null)
            {
                json.Property("version", service.Version);
            }

            json.StartArray("properties");
            Property(json, "opsready:kind", service.Kind);
            Property(json, "opsready:targetFramework", service.TargetFramework);
            Property(json, "opsready:owner", manifest.Ownership?.Team);
            Property(json, "opsready:sourceRepository", manifest.Source.Repository);
            Property(json, "opsready:sourceCommit", manifest.Source.Commit);
            json.EndArray().EndObject().EndObject();

            json.StartArray("components");
            foreach (var framework in manifest.Runtime?.SharedFrameworks ?? new System.Collections.Generic.List<SharedFramework>())
            {
                json.StartObject()
                    .Property("type", "framework")
                    .Property("bom-ref", "framework:" + framework.Name + "@" + framework.Version)
                    .Property("name", framework.Name)
                    .Property("version", framework.Version)
                    .Property("description", "A .NET shared framework; the version is the one the build targets: the host runs the newest installed patch of it.")
                    .EndObject();
            }

            foreach (var dependency in manifest.Dependencies)
            {
                var purl = Purl(dependency.Name, dependency.Version);
                json.StartObject()
                    .Property("type", "library")
                    .Property("bom-ref", purl)
                    .Property("name", dependency.Name)
                    .Property("version", dependency.Version)
                    .Property("purl", purl)
                    .EndObject();
            }

            return json.EndArray().EndObject().ToString();
        }

        private static void Property(JsonText json, string name, string? value)
        {
            if (value != null && value.Length > 0)
            {
                json.StartObject().Property("name", name).Property("value", value).EndObject();
            }
        }

        /// <summary>
        /// pkg:nuget/&lt;id&gt;@&lt;version&gt;, each part percent-encoded as the purl specification requires: everything but
        /// RFC 3986's unreserved characters, which is what <see cref="Uri.EscapeDataString"/> does.
        /// </summary>
        public static string Purl(string id, string version) => "pkg:nuget/" + Uri.EscapeDataString(id) + "@" + Uri.EscapeDataString(version);

        /// <summary>urn:uuid of a version 5 (SHA-1, name-based) UUID of the content, in OpsReady's own namespace.</summary>
        private static string SerialNumber(string content)
        {
            // A fixed namespace UUID for OpsReady SBOMs (random once; never changes).
            var namespaceBytes = new byte[] { 0x5d, 0x3a, 0x8c, 0x41, 0x2e, 0x6b, 0x4f, 0x0a, 0x9b, 0x17, 0xc4, 0x62, 0x08, 0xd1, 0x7e, 0x93 };
            var name = Encoding.UTF8.GetBytes(content);
            var input = new byte[namespaceBytes.Length + name.Length];
            Buffer.BlockCopy(namespaceBytes, 0, input, 0, namespaceBytes.Length);
            Buffer.BlockCopy(name, 0, input, namespaceBytes.Length, name.Length);
            byte[] hash;
            using (var sha1 = SHA1.Create())
            {
                hash = sha1.ComputeHash(input);
            }

            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            var hex = new StringBuilder(36);
            for (var i = 0; i < 16; i++)
            {
                if (i == 4 || i == 6 || i == 8 || i == 10)
                {
                    hex.Append('-');
                }

                hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return "urn:uuid:" + hex;
        }
    }
}
