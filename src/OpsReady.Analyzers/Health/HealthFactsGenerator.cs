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
    /// (project references there are compilations, not built DLLs). It stays cheap: a syntax-only shape of each tree
    /// (once per version of the tree) decides which trees the facts can depend on (<see cref="HealthClosure"/>);
    /// semantic work starts only when a health-API-named call, a helper-shaped method or a referenced project's helper
    /// facts exist, covers the composition root and the helpers it reaches, never the whole compilation, and reruns
    /// in the IDE only when a tree of the closure, a reference or a build property changed.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class HealthFactsGenerator : IIncrementalGenerator
    {
        public const string HintName = "OpsReady.HealthFacts.g.cs";

        /// <summary>The names the pipeline's steps are tracked by (GeneratorDriverOptions.TrackIncrementalGeneratorSteps).</summary>
        internal static class Steps
        {
            public const string Shapes = "OpsReady.Health.Shapes";
            public const string HelperNames = "OpsReady.Health.HelperNames";
            public const string Closure = "OpsReady.Health.Closure";
            public const string Input = "OpsReady.Health.Input";
            public const string Facts = "OpsReady.Health.Facts";
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Incremental in the IDE: every step's value is equatable, and the costly one (the semantic walk) runs only
            // when something it can depend on changed (see HealthInput): an edit inside a method body the walk cannot
            // reach stops at the tree's shape or at the closure. Each tree's shape is computed once per version of
            // that tree (a tree is compared by identity, and an unchanged document keeps its tree).
            var shapes = context.CompilationProvider
                .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
                .Select(static (tree, ct) => TreeShape.Of(tree, ct))
                .WithTrackingName(Steps.Shapes);

            // The referenced projects' helper names, read again only when the references or the properties change.
            var helperNames = context.CompilationProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, _) => new CompilationBasis(pair.Left, pair.Right.GlobalOptions, HealthInput.Properties))
                .Select(static (basis, ct) => new TextList(WellKnownTypes.RecordsFacts(basis.Compilation)
                    ? ReferencedHealthHelpers.Read(basis.Compilation, basis.GlobalOptions, ct).SimpleNames.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray()
                    : Array.Empty<string>()))
                .WithTrackingName(Steps.HelperNames);

            var closure = shapes.Collect()
                .Combine(helperNames)
                .Select(static (pair, ct) => HealthClosure.Of(pair.Left, pair.Right.Items, ct))
                .WithTrackingName(Steps.Closure);

            var facts = context.CompilationProvider
                .Combine(closure)
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (data, _) => new HealthInput(data.Left.Left, data.Left.Right, data.Right.GlobalOptions))
                .WithTrackingName(Steps.Input)
                .Select(static (input, ct) => new TextList(Generate(input, ct) is { } source ? new[] { source } : Array.Empty<string>()))
                .WithTrackingName(Steps.Facts);

            context.RegisterSourceOutput(facts, static (output, source) =>
            {
                if (source.Items.Length > 0)
                {
                    output.AddSource(HintName, source.Items[0]);
                }
            });
        }

        /// <summary>The generated source for one input, or null when there is nothing to record.</summary>
        internal static string? Generate(HealthInput input, CancellationToken cancellationToken)
        {
            var candidates = ImmutableArray.CreateBuilder<MethodDeclarationSyntax>();
            if (input.Closure.HasHelperCandidates)
            {
                foreach (var tree in input.ClosureTrees)
                {
                    AddCandidates(tree.GetRoot(cancellationToken), candidates);
                }
            }

            return Generate(input.Basis.Compilation, input.Closure.CallsHealthApi, candidates.ToImmutable(), input.Basis.GlobalOptions, cancellationToken);
        }

        /// <summary>The helper-shaped methods among the members of types (and namespaces) under <paramref name="container"/>.</summary>
        private static void AddCandidates(SyntaxNode container, ImmutableArray<MethodDeclarationSyntax>.Builder into)
        {
            foreach (var member in container.ChildNodes())
            {
                switch (member)
                {
                    case MethodDeclarationSyntax method when IsHelperCandidate(method):
                        into.Add(method);
                        break;
                    case BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax:
                        AddCandidates(member, into);
                        break;
                }
            }
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
        internal static bool IsHealthApiCall(InvocationExpressionSyntax invocation)
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            return name != null && WiringNames.Contains(name);
        }

        /// <summary>
        /// Syntax only: the shape of a wiring helper, a public static method with a body that takes a builder
        /// (by type name) or a generic builder (Aspire's AddServiceDefaults&lt;TBuilder&gt;).
        /// </summary>
        internal static bool IsHelperCandidate(MethodDeclarationSyntax method)
        {
            if ((method.Body == null && method.ExpressionBody == null)
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

        private static readonly HashSet<string> WiringNames = new HashSet<string>(HealthApi.WiringMethodNames, StringComparer.Ordinal);

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
