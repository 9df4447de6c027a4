using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Analyzers.Facts;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Health
{
    /// <summary>What one helper method maps and registers, directly or through the helpers it calls.</summary>
    internal sealed class HealthHelper
    {
        public HealthHelper(string methodId, bool registers, ImmutableArray<HealthEndpoint> endpoints, bool publishes = false, bool incomplete = false)
        {
            MethodId = methodId;
            Registers = registers;
            Endpoints = endpoints;
            Publishes = publishes;
            Incomplete = incomplete;
        }

        /// <summary>The method's documentation comment id, e.g. "M:Microsoft.Extensions.Hosting.Extensions.MapDefaultEndpoints(Microsoft.AspNetCore.Builder.WebApplication)".</summary>
        public string MethodId { get; }

        public bool Registers { get; }

        public ImmutableArray<HealthEndpoint> Endpoints { get; }

        /// <summary>It registers an IHealthCheckPublisher.</summary>
        public bool Publishes { get; }

        /// <summary>Its walk met code it could not see into: a caller's "nothing found" proves nothing.</summary>
        public bool Incomplete { get; }

        public bool IsEmpty => !Registers && !Publishes && !Incomplete && Endpoints.IsEmpty;

        /// <summary>The id facts use for a method: stable across projects and overload-exact.</summary>
        public static string IdOf(IMethodSymbol method)
            => DocumentationCommentId.CreateDeclarationId((method.ReducedFrom ?? method).OriginalDefinition) ?? "";
    }

    /// <summary>
    /// The health helpers of referenced projects that use OpsReady, read from the health.helper and
    /// health.helper.endpoint facts their generator compiled into them. Only assemblies that compile
    /// OpsReady's attribute source are looked at, and their attributes are cached by the compiler.
    /// </summary>
    internal sealed class ReferencedHealthHelpers
    {
        public static readonly ReferencedHealthHelpers Empty = new ReferencedHealthHelpers(new Dictionary<string, HealthHelper>(), new Dictionary<string, HealthHelper>());

        private readonly Dictionary<string, HealthHelper> byMethod;
        private readonly Dictionary<string, HealthHelper> configured;

        private ReferencedHealthHelpers(Dictionary<string, HealthHelper> byMethod, Dictionary<string, HealthHelper> configured)
        {
            this.byMethod = byMethod;
            this.configured = configured;
        }

        public bool IsEmpty => byMethod.Count == 0 && configured.Count == 0;

        /// <summary>The simple names of every known helper, for the walker's syntactic pre-filter.</summary>
        public IEnumerable<string> SimpleNames => byMethod.Keys.Concat(configured.Keys).Select(HealthRelevance.SimpleName);

        /// <summary>The facts of a method of a referenced assembly; the caller has ruled out methods of its own compilation.</summary>
        public bool TryGet(IMethodSymbol method, out HealthHelper helper)
        {
            helper = null!;
            // No check that the method is in metadata: in the IDE a referenced project is a compilation, its helpers are in source.
            if (byMethod.Count > 0 && byMethod.TryGetValue(HealthHelper.IdOf(method), out helper!))
            {
                return true;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return configured.Count > 0 && definition.ContainingType != null
                && configured.TryGetValue(definition.ContainingType.ToDisplayString() + "." + definition.Name, out helper!);
        }

        /// <summary>
        /// Helpers the user declared in OpsReadyHealthHelpers ("Ns.Type.Method[:maps|:registers]"), for libraries that
        /// do not use OpsReady. What they map is unknown, so it counts as an endpoint in every environment with an
        /// unknown path, filtered (OPS100/OPS101 are satisfied, OPS102/OPS103 stay quiet).
        /// </summary>
        public static Dictionary<string, HealthHelper> ParseConfigured(string? list)
        {
            var helpers = new Dictionary<string, HealthHelper>(StringComparer.Ordinal);
            foreach (var entry in (list ?? "").Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var text = entry.Trim();
                var colon = text.LastIndexOf(':');
                var what = colon < 0 ? "" : text.Substring(colon + 1).Trim().ToLowerInvariant();
                var name = colon < 0 ? text : text.Substring(0, colon).Trim();
                if (name.Length == 0 || name.IndexOf('.') < 0)
                {
                    continue;
                }

                var maps = what.Length == 0 || what.Contains("maps");
                var registers = what.Length == 0 || what.Contains("registers");
                var endpoints = maps
                    ? ImmutableArray.Create(new HealthEndpoint("", EnvironmentSet.All, isGrpc: false, probe: "", filtered: true, site: null, conditionSite: null))
                    : ImmutableArray<HealthEndpoint>.Empty;
                helpers[name] = new HealthHelper(name, registers, endpoints);
            }

            return helpers;
        }

        public static ReferencedHealthHelpers Read(Compilation compilation, AnalyzerConfigOptions globalOptions, CancellationToken cancellationToken)
        {
            globalOptions.TryGetValue(ServiceInfo.HealthHelpersProperty, out var list);
            var configured = ParseConfigured(list);
            var fromFacts = ReadFacts(compilation, cancellationToken);
            return configured.Count == 0 ? fromFacts : new ReferencedHealthHelpers(fromFacts.byMethod, configured);
        }

        private static ReferencedHealthHelpers ReadFacts(Compilation compilation, CancellationToken cancellationToken)
        {
            Dictionary<string, (bool Registers, bool Publishes, bool Incomplete, List<HealthEndpoint> Endpoints)>? found = null;
            foreach (var (kind, value, _) in ReferencedFacts.Read(compilation, cancellationToken))
            {
                if (kind != FactKinds.HealthHelper && kind != FactKinds.HealthHelperEndpoint)
                {
                    continue;
                }

                var method = value.Get(FactKeys.Method);
                if (string.IsNullOrEmpty(method))
                {
                    continue;
                }

                found ??= new Dictionary<string, (bool, bool, bool, List<HealthEndpoint>)>();
                if (!found.TryGetValue(method!, out var entry))
                {
                    entry = (false, false, false, new List<HealthEndpoint>());
                }

                if (kind == FactKinds.HealthHelper)
                {
                    entry.Registers |= value.GetBool(FactKeys.Registers);
                    entry.Publishes |= value.GetBool(FactKeys.Publishes);
                    // Facts without the key come from a walk that saw everything (the key is written only when it did not).
                    entry.Incomplete |= value.Get(FactKeys.Complete) == "false";
                }
                else
                {
                    entry.Endpoints.Add(HealthEndpoint.FromFact(value));
                }

                found[method!] = entry;
            }

            if (found == null)
            {
                return Empty;
            }

            var helpers = new Dictionary<string, HealthHelper>();
            foreach (var pair in found)
            {
                helpers[pair.Key] = new HealthHelper(pair.Key, pair.Value.Registers, pair.Value.Endpoints.ToImmutableArray(), pair.Value.Publishes, pair.Value.Incomplete);
            }

            return new ReferencedHealthHelpers(helpers, new Dictionary<string, HealthHelper>());
        }
    }
}
