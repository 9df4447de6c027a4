using Microsoft.CodeAnalysis;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Health
{
    internal static class Probes
    {
        public const string Liveness = "liveness";
        public const string Readiness = "readiness";
    }

    /// <summary>One health endpoint a composition root or helper maps, and where this project wires it.</summary>
    internal sealed class HealthEndpoint
    {
        public HealthEndpoint(string path, EnvironmentSet environments, bool isGrpc, string probe, bool filtered, Location? site, Location? conditionSite)
        {
            Path = path;
            Environments = environments;
            IsGrpc = isGrpc;
            Probe = probe;
            Filtered = filtered;
            Site = site;
            ConditionSite = conditionSite;
        }

        /// <summary>The route, or "" when it is not a constant (unknown: never guessed).</summary>
        public string Path { get; }

        public EnvironmentSet Environments { get; }

        public bool IsGrpc { get; }

        /// <summary><see cref="Probes.Liveness"/>, <see cref="Probes.Readiness"/> or "" when the code does not say.</summary>
        public string Probe { get; }

        /// <summary>A predicate selects which checks run (false: every registered check runs).</summary>
        public bool Filtered { get; }

        /// <summary>The mapping call in this project, or the call of the referenced helper that maps it.</summary>
        public Location? Site { get; }

        /// <summary>The call in this project closest to the mapping whose environment condition restricts it; null when none does.</summary>
        public Location? ConditionSite { get; }

        public HealthEndpoint With(EnvironmentSet environments, Location? site, Location? conditionSite)
            => new HealthEndpoint(Path, environments, IsGrpc, Probe, Filtered, site, conditionSite);

        /// <summary>The keys of a health.endpoint fact (a health.helper.endpoint adds "method" in front).</summary>
        public FactValue AddTo(FactValue value)
            => value.Add(FactKeys.Path, Path)
                .Add(FactKeys.Environments, Environments.ToString())
                .Add(FactKeys.Grpc, IsGrpc)
                .Add(FactKeys.Probe, Probe)
                .Add(FactKeys.Filtered, Filtered);

        public static HealthEndpoint FromFact(FactValue value)
            => new HealthEndpoint(
                value.Get(FactKeys.Path) ?? "",
                EnvironmentSet.Parse(value.Get(FactKeys.Environments)),
                value.GetBool(FactKeys.Grpc),
                value.Get(FactKeys.Probe) ?? "",
                // Facts without the key are read as filtered: OPS102 is then quiet rather than wrong.
                value.Get(FactKeys.Filtered) == null || value.GetBool(FactKeys.Filtered),
                site: null,
                conditionSite: null);
    }
}
