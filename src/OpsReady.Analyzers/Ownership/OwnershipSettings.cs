using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using OpsReady.Contract;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Ownership
{
    /// <summary>Repository-level configuration of the ownership rules, read from build properties.</summary>
    internal sealed class OwnershipSettings
    {
        private readonly Dictionary<string, string>? runbooks;

        private OwnershipSettings(ImmutableArray<string> knownTeams, string? repositoryRoot, Dictionary<string, string>? runbooks)
        {
            KnownTeams = knownTeams;
            RepositoryRoot = repositoryRoot;
            this.runbooks = runbooks;
        }

        /// <summary>OpsReadyKnownTeams split on ';' and ','; empty when not configured (OPS003 is then off).</summary>
        public ImmutableArray<string> KnownTeams { get; }

        /// <summary>Where repo-relative runbook paths resolve, as the package's targets decided it; null when the build gave no folder.</summary>
        public string? RepositoryRoot { get; }

        /// <summary>
        /// What the build found for a repo-relative runbook value (<see cref="RunbookFile.Exists"/> or <see cref="RunbookFile.Missing"/>),
        /// from the runbook file the package's targets pass; null when the build did not record it (no file, or a value the
        /// source scan does not see, such as a constant from elsewhere): existence is then not claimed either way.
        /// </summary>
        public string? RecordedRunbook(string value)
            => runbooks != null && runbooks.TryGetValue(value, out var status) ? status : null;

        public static OwnershipSettings From(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var teams = ImmutableArray<string>.Empty;
            if (global.TryGetValue(ServiceInfo.KnownTeamsProperty, out var list) && list != null)
            {
                teams = ParseList(list);
            }

            var root = global.TryGetValue(ServiceInfo.RepositoryRootProperty, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
            Dictionary<string, string>? runbooks = null;
            foreach (var file in options.AdditionalFiles)
            {
                if (file.Path.EndsWith(RunbookFile.Suffix, StringComparison.OrdinalIgnoreCase) && file.GetText(cancellationToken) is { } text)
                {
                    runbooks ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var entry in RunbookFile.Parse(text.ToString()))
                    {
                        runbooks[entry.Key] = entry.Value;
                    }
                }
            }

            return new OwnershipSettings(teams, root, runbooks);
        }

        public static ImmutableArray<string> ParseList(string list)
        {
            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var part in list.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var team = part.Trim();
                if (team.Length > 0 && !builder.Contains(team))
                {
                    builder.Add(team);
                }
            }

            return builder.ToImmutable();
        }
    }
}
