using System;
using System.Collections.Generic;
using System.IO;

namespace OpsReady.Contract
{
    /// <summary>
    /// The runbook file: whether each repo-relative runbook the sources name exists, written before the compile by the
    /// FindRunbooks task and read by OPS002 (an analyzer does no file I/O). One line per runbook: status, tab, the value
    /// as written in the attribute.
    /// </summary>
    internal static class RunbookFile
    {
        /// <summary>The file's name ends so: obj/&lt;AssemblyName&gt;.opsready-runbooks.txt.</summary>
        public const string Suffix = ".opsready-runbooks.txt";

        public const string Exists = "exists";

        public const string Missing = "missing";

        /// <summary>The path leaves the repository root (../outside.md).</summary>
        public const string Outside = "outside";

        /// <summary>Inside the repository; whether the file exists was not asked.</summary>
        public const string Inside = "inside";

        /// <summary>
        /// Where a runbook value points: <see cref="Outside"/>, or inside the repository (<see cref="Exists"/>/<see cref="Missing"/>
        /// when <paramref name="fileExists"/> is given, else <see cref="Inside"/>); null when it is not a relative file path
        /// (a URL, a rooted or invalid path: forms the analyzer judges).
        /// </summary>
        public static string? Status(string value, string repositoryRoot, Func<string, bool>? fileExists)
        {
            if (value.Trim().Length == 0 || value.IndexOf(':') >= 0 || value.IndexOfAny(Path.GetInvalidPathChars()) >= 0
                || value.StartsWith("/", StringComparison.Ordinal) || value.StartsWith("\\", StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                var root = Path.GetFullPath(repositoryRoot);
                var full = Path.GetFullPath(Path.Combine(root, value));
                var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
                if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
                {
                    return Outside;
                }

                return fileExists == null ? Inside : fileExists(full) ? Exists : Missing;
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return null;
            }
        }

        /// <summary>The file's entries by value; a line that is not "status TAB value" is skipped.</summary>
        public static Dictionary<string, string> Parse(string text)
        {
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                var tab = line.IndexOf('\t');
                if (tab > 0)
                {
                    entries[line.Substring(tab + 1).TrimEnd('\r')] = line.Substring(0, tab);
                }
            }

            return entries;
        }
    }
}
