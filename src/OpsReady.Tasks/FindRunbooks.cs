using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using OpsReady.Contract;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Before the compile: whether each repo-relative runbook the sources name (<c>Runbook = "docs/runbook.md"</c>, a plain
    /// or verbatim string literal) exists, written to the runbook file OPS002 reads, so the analyzer does no file I/O.
    /// The file is also a compile input and is rewritten only when its content changes: adding or deleting a runbook
    /// reruns the compile, so readiness and the gate see it. A runbook given by a constant from elsewhere is not found
    /// here, and OPS002 then makes no claim about its existence. Message: OPSB136 the runbook file could not be written.
    /// </summary>
    public sealed class FindRunbooks : Task
    {
        // The named argument of [ServiceOwner]; a string literal, plain or verbatim, on one line.
        private static readonly Regex RunbookArgument = new Regex(
            @"\b" + AttributeNames.ServiceOwner.Runbook + @"\s*=\s*(?:@""(?<verbatim>(?:[^""]|"""")*)""|""(?<value>(?:[^""\\\r\n]|\\.)*)"")",
            RegexOptions.CultureInvariant);

        /// <summary>@(Compile).</summary>
        public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The repository root the targets decided; empty: existence is not checked (no file is written).</summary>
        public string? RepositoryRoot { get; set; }

        /// <summary>obj/&lt;AssemblyName&gt;.opsready-runbooks.txt.</summary>
        [Required]
        public string OutputFile { get; set; } = "";

        public override bool Execute()
        {
            var root = string.IsNullOrWhiteSpace(RepositoryRoot) ? null : Path.GetFullPath(RepositoryRoot!.Trim());
            var lines = new SortedSet<string>(StringComparer.Ordinal);
            if (root != null)
            {
                foreach (var value in Sources.Select(s => s.GetMetadata("FullPath")).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).SelectMany(Runbooks))
                {
                    if (RunbookFile.Status(value, root, File.Exists) is string status)
                    {
                        lines.Add(status + "\t" + value);
                    }
                }
            }

            var content = new UTF8Encoding(false).GetBytes(string.Concat(lines.Select(l => l + "\n")));
            try
            {
                ManifestFormat.WriteIfChanged(OutputFile, content);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogWarning(null, "OPSB136", null, OutputFile, 0, 0, 0, 0,
                    "OpsReady could not write '{0}' ({1}): OPS002 does not check whether repo-relative runbooks exist in this build.", OutputFile, e.Message);
            }

            return !Log.HasLoggedErrors;
        }

        /// <summary>The runbook values a source file names, unescaped; none when it cannot be read (the compiler will say why).</summary>
        private static IEnumerable<string> Runbooks(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                yield break;
            }

            if (text.IndexOf(AttributeNames.ServiceOwner.Runbook, StringComparison.Ordinal) < 0)
            {
                yield break;
            }

            foreach (Match match in RunbookArgument.Matches(text))
            {
                yield return match.Groups["verbatim"].Success
                    ? match.Groups["verbatim"].Value.Replace("\"\"", "\"")
                    : Regex.Replace(match.Groups["value"].Value, @"\\(.)", m => m.Groups[1].Value == "t" ? "\t" : m.Groups[1].Value);
            }
        }
    }
}
