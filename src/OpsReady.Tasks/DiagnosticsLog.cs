using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Reads the OpsReady diagnostics (OPS + three digits) from the SARIF log the compiler wrote
    /// (csc /errorlog, SARIF 1.0 or 2.1), leaving out those suppressed in source.
    /// </summary>
    internal static class DiagnosticsLog
    {
        private static readonly Regex OpsRule = new Regex(@"^OPS\d{3}$", RegexOptions.CultureInvariant);

        /// <summary>"path" or "path,version=2.1" (the form of the ErrorLog property) to the path.</summary>
        public static string PathOf(string errorLog)
        {
            var comma = errorLog.LastIndexOf(",version=", StringComparison.OrdinalIgnoreCase);
            return (comma >= 0 ? errorLog.Substring(0, comma) : errorLog).Trim();
        }

        public static List<ReadinessFinding> Read(string path, string? repositoryRoot, string? projectDirectory)
        {
            var log = JsonReader.Parse(File.ReadAllText(path));
            var findings = new List<ReadinessFinding>();
            foreach (var run in log["runs"].ArrayItems)
            {
                foreach (var result in run["results"].ArrayItems)
                {
                    var rule = result["ruleId"].String;
                    if (rule == null || !OpsRule.IsMatch(rule) || IsSuppressed(result))
                    {
                        continue;
                    }

                    var level = result["level"].String ?? "warning";
                    if (level == "none")
                    {
                        continue;
                    }

                    var message = result["message"];
                    var (file, line) = Location(result["locations"].ArrayItems, repositoryRoot, projectDirectory);
                    findings.Add(new ReadinessFinding
                    {
                        Rule = rule,
                        Level = level,
                        Message = message.String ?? message["text"].String,
                        File = file,
                        Line = line,
                    });
                }
            }

            return findings;
        }

        private static bool IsSuppressed(JsonValue result)
        {
            // SARIF 2.1: "suppressions": [{ "kind": "inSource" }]; SARIF 1.0: "suppressionStates": ["suppressedInSource"].
            foreach (var suppression in result["suppressions"].ArrayItems)
            {
                if (suppression["status"].String != "rejected")
                {
                    return true;
                }
            }

            foreach (var _ in result["suppressionStates"].ArrayItems)
            {
                return true;
            }

            return false;
        }

        private static (string? File, int? Line) Location(IEnumerable<JsonValue> locations, string? repositoryRoot, string? projectDirectory)
        {
            foreach (var location in locations)
            {
                // 2.1: physicalLocation.artifactLocation.uri + region.startLine; 1.0: resultFile.uri + region.startLine.
                var physical = location["physicalLocation"];
                var uri = physical["artifactLocation"]["uri"].String ?? location["resultFile"]["uri"].String;
                var region = physical.IsNull ? location["resultFile"]["region"] : physical["region"];
                int? line = int.TryParse(region["startLine"].Text, out var number) ? number : (int?)null;
                return (RelativePath(uri, repositoryRoot, projectDirectory), line);
            }

            return (null, null);
        }

        /// <summary>The file relative to the repository (else the project); null when it is outside both, so no machine path is recorded.</summary>
        internal static string? RelativePath(string? uri, string? repositoryRoot, string? projectDirectory)
        {
            if (string.IsNullOrEmpty(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
            {
                return null;
            }

            var full = Path.GetFullPath(parsed.LocalPath);
            foreach (var root in new[] { repositoryRoot, projectDirectory })
            {
                if (string.IsNullOrEmpty(root))
                {
                    continue;
                }

                var prefix = Path.GetFullPath(root!).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
                if (full.StartsWith(prefix, Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                {
                    return full.Substring(prefix.Length).Replace('\\', '/');
                }
            }

            return null;
        }
    }
}
