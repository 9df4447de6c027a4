using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Ownership
{
    /// <summary>Repository-level configuration of the ownership rules, read from build properties.</summary>
    internal sealed class OwnershipSettings
    {
        private OwnershipSettings(ImmutableArray<string> knownTeams, string? repositoryRoot)
        {
            KnownTeams = knownTeams;
            RepositoryRoot = repositoryRoot;
        }

        /// <summary>OpsReadyKnownTeams split on ';' and ','; empty when not configured (OPS003 is then off).</summary>
        public ImmutableArray<string> KnownTeams { get; }

        /// <summary>Where repo-relative runbook paths resolve, as the package's targets decided it; null when the build gave no folder.</summary>
        public string? RepositoryRoot { get; }

        public static OwnershipSettings From(AnalyzerOptions options)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var teams = ImmutableArray<string>.Empty;
            if (global.TryGetValue(ServiceInfo.KnownTeamsProperty, out var list) && list != null)
            {
                teams = ParseList(list);
            }

            var root = global.TryGetValue(ServiceInfo.RepositoryRootProperty, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
            return new OwnershipSettings(teams, root);
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
