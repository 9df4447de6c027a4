using System;
using System.Collections.Generic;
using System.Text;

namespace OpsReady.Contract
{
    /// <summary>
    /// The vulnerable packages a service ships, as NuGet audit recorded them at restore, in the file the package's targets
    /// write before the compile (obj/&lt;AssemblyName&gt;.opsready-audit.txt) and pass to the analyzers as an additional file:
    /// the one format the task writes and OPS402 reads. One line per finding, tab-separated: package, version, severity
    /// (<see cref="VulnerabilitySeverity"/>, or "unknown"), advisory URL (may be empty). No header, no timestamp: the file's
    /// bytes change only when the findings do, so the compile reruns only then.
    /// </summary>
    internal static class AuditFile
    {
        /// <summary>The file name ends with this; the analyzers find the file by it.</summary>
        public const string Suffix = ".opsready-audit.txt";

        /// <summary>A severity NuGet reported under a code OpsReady does not know.</summary>
        public const string UnknownSeverity = "unknown";

        public static bool IsAuditFile(string? path)
            => path != null && path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

        public static string Format(IEnumerable<AuditEntry> entries)
        {
            var text = new StringBuilder();
            foreach (var entry in entries)
            {
                text.Append(Clean(entry.Package)).Append('\t')
                    .Append(Clean(entry.Version)).Append('\t')
                    .Append(Clean(entry.Severity)).Append('\t')
                    .Append(Clean(entry.Advisory)).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>The entries of a file <see cref="Format"/> wrote; a line with fewer than three fields is skipped.</summary>
        public static List<AuditEntry> Parse(string? text)
        {
            var entries = new List<AuditEntry>();
            foreach (var line in (text ?? "").Split('\n'))
            {
                var fields = line.TrimEnd('\r').Split('\t');
                if (fields.Length >= 3 && fields[0].Length > 0)
                {
                    entries.Add(new AuditEntry(fields[0], fields[1], fields[2], fields.Length > 3 && fields[3].Length > 0 ? fields[3] : null));
                }
            }

            return entries;
        }

        // Tabs and line breaks never occur in package ids, versions or URLs; a stray one must not split a line.
        private static string Clean(string? value)
            => (value ?? "").Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ').Trim();
    }

    internal sealed class AuditEntry
    {
        public AuditEntry(string package, string version, string severity, string? advisory)
        {
            Package = package;
            Version = version;
            Severity = severity;
            Advisory = advisory;
        }

        public string Package { get; }

        public string Version { get; }

        public string Severity { get; }

        public string? Advisory { get; }
    }
}
