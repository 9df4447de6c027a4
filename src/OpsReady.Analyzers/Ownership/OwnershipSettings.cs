using System;
using System.Collections.Immutable;
using System.IO;
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

        /// <summary>Where repo-relative runbook paths resolve; null when the build gave no folder.</summary>
        public string? RepositoryRoot { get; }

        public static OwnershipSettings From(AnalyzerOptions options)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var teams = ImmutableArray<string>.Empty;
            if (global.TryGetValue(ServiceInfo.KnownTeamsProperty, out var list) && list != null)
            {
                teams = ParseList(list);
            }

            string? root = null;
            if (global.TryGetValue(ServiceInfo.RepositoryRootProperty, out var configuredRoot) && !string.IsNullOrWhiteSpace(configuredRoot))
            {
                root = configuredRoot.Trim();
            }
            else if (global.TryGetValue(ServiceInfo.ProjectDirectoryProperty, out var projectDirectory) && !string.IsNullOrWhiteSpace(projectDirectory))
            {
                root = FindRepositoryRoot(projectDirectory.Trim()) ?? projectDirectory.Trim();
            }

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

#pragma warning disable RS1035 // Finding the repository root for repo-relative runbook paths: a few stat calls per compilation.
        private static string? FindRepositoryRoot(string start)
        {
            try
            {
                for (var directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
                {
                    var git = Path.Combine(directory.FullName, ".git");
                    if (Directory.Exists(git) || File.Exists(git))
                    {
                        return directory.FullName;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is System.Security.SecurityException)
            {
            }

            return null;
        }
#pragma warning restore RS1035
    }
}
