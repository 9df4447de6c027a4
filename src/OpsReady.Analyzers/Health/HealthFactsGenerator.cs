using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using OpsReady.Analyzers.Facts;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// Records what this assembly does about health as facts (see <see cref="FactKinds"/>), read back by
    /// the manifest task and by the analyzers of services that reference it.
    /// Values are <see cref="FactValue"/> pairs (';'-separated key=value, percent-encoded):
    /// <code>
    /// health.complete         true
    /// health.registered       true
    /// health.publisher        true
    /// health.endpoint         path=/health/ready;environments=all;grpc=false;probe=readiness;filtered=true
    /// health.helper           method=M:Ns.Probes.MapProbes(Microsoft.AspNetCore.Builder.WebApplication)~Microsoft.AspNetCore.Builder.WebApplication;registers=false;endpoints=2[;publishes=true][;complete=false]
    /// health.helper.endpoint  method=M:Ns.Probes.MapProbes(Microsoft.AspNetCore.Builder.WebApplication)~Microsoft.AspNetCore.Builder.WebApplication;path=/alive;environments=Development;grpc=false;probe=liveness;filtered=true
    /// </code>
    /// path is "" when not a constant; environments is "all", a comma list ("Development"), "!Development"
    /// (all but Development) or "none"; probe is "liveness", "readiness" or ""; filtered says a predicate
    /// selects the checks. health.complete is "false" when the walk met code it could not see into or bind (then the
    /// absence of the other facts proves nothing); a helper's complete=false says the same of its walk. method is the helper's id as Roslyn's DocumentationCommentId.CreateDeclarationId
    /// writes it (the same for the source and the metadata symbol, exact across overloads). health.registered and
    /// health.endpoint describe a service's composition root (including the helpers it calls); the helper
    /// kinds describe each public static helper of the assembly that maps or registers health.
    /// A source output, not an implementation one: the IDE must see a referenced project's helper facts too
    /// (project references there are compilations, not built DLLs). It stays cheap: syntax-only filters pick
    /// the health-API-named calls and the helper-shaped methods (public static, a parameter typed like a host,
    /// app, route or service builder); semantic work starts only when one of those or a referenced project's
    /// helper facts exist, and then covers the composition root and those helpers, never the whole compilation.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class HealthFactsGenerator : IIncrementalGenerator
    {
        public const string HintName = "OpsReady.HealthFacts.g.cs";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // One syntax-only filter for both kinds of node the facts start from, carried as plain SyntaxNodes. Every
            // value in this pipeline is a reference type (or an array of them): incremental pipelines over value types
            // (a bool, a tuple holding one) are generic instantiations the JIT compiles afresh in every compiler
            // process, about 340 methods for this generator, measured.
            var starts = context.SyntaxProvider
                .CreateSyntaxProvider(static (node, _) => IsHealthApiCall(node) || IsHelperCandidate(node), static (syntax, _) => Adopted(syntax))
                .Collect();

            var input = context.CompilationProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Combine(starts);

            context.RegisterSourceOutput(input, static (output, data) =>
            {
                var ((compilation, options), nodes) = data;
                var callsApi = nodes.Any(static node => node is InvocationExpressionSyntax);
                var candidates = nodes.OfType<MethodDeclarationSyntax>().ToImmutableArray();
                var source = Generate(compilation, callsApi, candidates, options.GlobalOptions, output.CancellationToken);
                if (source != null)
                {
                    output.AddSource(HintName, source);
                }
            });
        }

        /// <summary>
        /// The start node, after sharing the driver's model of its tree (see <see cref="SemanticModels.Adopt"/>): the
        /// walker binds the composition root through it, once for every generator that uses the driver's model.
        /// </summary>
        private static SyntaxNode Adopted(GeneratorSyntaxContext syntax)
        {
            SemanticModels.Adopt(syntax.SemanticModel);
            return syntax.Node;
        }

        /// <summary>The generated source, or null when there is nothing to record.</summary>
        internal static string? Generate(
            Compilation compilation, bool callsHealthApi, ImmutableArray<MethodDeclarationSyntax> candidates, AnalyzerConfigOptions globalOptions, CancellationToken cancellationToken)
        {
            // No catch-all: a bug here must be visible (the compiler reports a generator that throws as CS8785) and the
            // manifest then reads the missing health.complete fact as "unknown", never as "no health".
            // Decided from syntax and build properties alone, before any symbol is touched (touching one binds
            // every reference): a non-service without health calls or helper-shaped methods has nothing to record.
            var isService = ServiceInfo.From(globalOptions).IsService;
            if (!callsHealthApi && candidates.IsEmpty && !isService)
            {
                return null;
            }

            if (!WellKnownTypes.RecordsFacts(compilation))
            {
                return null;
            }

            var referenced = ReferencedHealthHelpers.Read(compilation, globalOptions, cancellationToken);
            var api = callsHealthApi || !referenced.IsEmpty ? HealthApi.Resolve(compilation) : null;
            if (api == null)
            {
                // No health API is named in this project's code and no referenced project declares a helper (or neither
                // ASP.NET Core nor the Generic Host is referenced): no code the walk could follow wires health.
                return isService ? Render(new List<(string, string)> { (FactKinds.HealthComplete, "true") }) : null;
            }

            var walker = new HealthWiringWalker(compilation, api, referenced, cancellationToken);
            var facts = new List<(string Kind, string Value)>();
            if (isService)
            {
                AddServiceFacts(compilation, walker, facts, cancellationToken);
            }

            AddHelperFacts(compilation, walker, candidates, facts, cancellationToken);
            return facts.Count == 0 ? null : Render(facts);
        }

        private static void AddServiceFacts(Compilation compilation, HealthWiringWalker walker, List<(string, string)> facts, CancellationToken cancellationToken)
        {
            var root = CompositionRoot.Find(compilation, walker, cancellationToken);
            var wiring = new HealthWiring();
            root?.WalkInto(walker, wiring);

            // No composition root (a service without an entry point in source): nothing was walked, so nothing is known.
            facts.Add((FactKinds.HealthComplete, root != null && !wiring.Incomplete ? "true" : "false"));
            if (wiring.Registers)
            {
                facts.Add((FactKinds.HealthRegistered, "true"));
            }

            if (wiring.Publishes || (wiring.Registers && wiring.Endpoints.Count == 0 && HealthExposure.RunsChecksInCode(compilation, cancellationToken)))
            {
                facts.Add((FactKinds.HealthPublisher, "true"));
            }

            foreach (var value in wiring.Endpoints.Select(e => e.AddTo(new FactValue()).ToString()).Distinct())
            {
                facts.Add((FactKinds.HealthEndpoint, value));
            }
        }

        private static void AddHelperFacts(
            Compilation compilation, HealthWiringWalker walker, ImmutableArray<MethodDeclarationSyntax> candidates, List<(string, string)> facts, CancellationToken cancellationToken)
        {
            var helpers = new SortedDictionary<string, HealthWiring>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                var model = walker.ModelFor(candidate.SyntaxTree);
                if (model?.GetDeclaredSymbol(candidate, cancellationToken) is not IMethodSymbol method || !IsPubliclyVisible(method))
                {
                    continue;
                }

                var id = HealthHelper.IdOf(method);
                if (id.Length == 0 || helpers.ContainsKey(id))
                {
                    continue;
                }

                var wiring = new HealthWiring();
                walker.Walk(method, EnvironmentSet.All, wiring);
                if (wiring.Registers || wiring.Publishes || wiring.Incomplete || wiring.Endpoints.Count > 0)
                {
                    helpers.Add(id, wiring);
                }
            }

            foreach (var pair in helpers)
            {
                var endpoints = pair.Value.Endpoints.Select(e => e.AddTo(new FactValue().Add(FactKeys.Method, pair.Key)).ToString()).Distinct().ToList();
                var helper = new FactValue()
                    .Add(FactKeys.Method, pair.Key)
                    .Add(FactKeys.Registers, pair.Value.Registers)
                    .Add(FactKeys.Endpoints, endpoints.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (pair.Value.Publishes)
                {
                    helper.Add(FactKeys.Publishes, true);
                }

                if (pair.Value.Incomplete)
                {
                    helper.Add(FactKeys.Complete, false);
                }

                facts.Add((FactKinds.HealthHelper, helper.ToString()));
                facts.AddRange(endpoints.Select(e => (FactKinds.HealthHelperEndpoint, e)));
            }
        }

        private static string Render(List<(string Kind, string Value)> facts)
        {
            var text = new StringBuilder();
            text.Append("// <auto-generated/>\n// Health facts recorded by OpsReady (HealthFactsGenerator): read by the manifest task and by referencing services.\n");
            foreach (var (kind, value) in facts)
            {
                ReferencedFacts.AppendRecord(text, kind, value);
            }

            return text.ToString();
        }

        private static bool IsPubliclyVisible(ISymbol symbol)
        {
            for (var current = symbol; current != null && current.Kind != SymbolKind.Namespace; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Syntax only: an invocation whose name is one of the health APIs' names.</summary>
        private static bool IsHealthApiCall(SyntaxNode node)
        {
            if (node is not InvocationExpressionSyntax invocation)
            {
                return false;
            }

            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            return name != null && HealthApi.WiringMethodNames.Contains(name);
        }

        /// <summary>
        /// Syntax only: the shape of a wiring helper, a public static method with a body that takes a builder
        /// (by type name) or a generic builder (Aspire's AddServiceDefaults&lt;TBuilder&gt;).
        /// </summary>
        private static bool IsHelperCandidate(SyntaxNode node)
        {
            if (node is not MethodDeclarationSyntax method
                || (method.Body == null && method.ExpressionBody == null)
                || !method.Modifiers.Any(SyntaxKind.PublicKeyword)
                || !method.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                return false;
            }

            foreach (var parameter in method.ParameterList.Parameters)
            {
                var typeName = RightmostName(parameter.Type);
                if (typeName != null
                    && (Array.IndexOf(BuilderTypeNames, typeName) >= 0
                        || (method.TypeParameterList?.Parameters.Any(p => p.Identifier.ValueText == typeName) ?? false)))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly string[] BuilderTypeNames =
        {
            "WebApplication", "WebApplicationBuilder", "IApplicationBuilder", "IEndpointRouteBuilder", "RouteGroupBuilder",
            "IServiceCollection", "IHostApplicationBuilder", "HostApplicationBuilder", "IHostBuilder", "IWebHostBuilder", "IHealthChecksBuilder",
        };

        private static string? RightmostName(TypeSyntax? type)
            => type switch
            {
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
                _ => null,
            };
    }
}
