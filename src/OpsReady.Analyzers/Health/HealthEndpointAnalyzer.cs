using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// OPS100-OPS103: a service's health endpoints and registrations. Everything is decided from the
    /// composition root (entry point, Startup conventions) and what it calls, including helpers of
    /// referenced projects known from their facts, so the diagnostics are live: they are computed once
    /// per compilation on first need and reported from the semantic pass of the files they point at
    /// (<see cref="PerCompilationDiagnostics"/>: an endpoint added in another file clears OPS100 on Program.cs).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HealthEndpointAnalyzer : DiagnosticAnalyzer
    {
        // Diagnostic properties that tell the fixes what they can do (the analyzer validates, the fix transforms).
        public const string BuilderProperty = "builder";
        public const string AppProperty = "app";
        public const string AddRegistrationProperty = "addRegistration";
        public const string AddMappingProperty = "addMapping";
        public const string MoveOutOfConditionProperty = "moveOutOfCondition";
        public const string AddGrpcHealthProperty = "addGrpcHealth";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Rules.HealthMissing, Rules.HealthMissingOnGrpc, Rules.HealthNotRegisteredInWorker, Rules.HealthPackageMissingInWorker, Rules.HealthNotExposedByWorker,
            Rules.HealthChecksNotRegistered, Rules.HealthProbesNotDistinguished, Rules.HealthOnlyInDevelopment);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var compilation = context.Compilation;
            var service = ServiceInfo.From(context.Options);
            if (!service.IsService)
            {
                return;
            }

            var api = HealthApi.Resolve(compilation);
            if (api == null)
            {
                return;
            }

            var globalOptions = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            PerCompilationDiagnostics.ReportFromSemanticPass(context, ct => Analyze(compilation, api, service.Kind, globalOptions, ct));
        }

        private static List<Diagnostic> Analyze(Compilation compilation, HealthApi api, ServiceKind kind, AnalyzerConfigOptions globalOptions, CancellationToken cancellationToken)
        {
            // No catch-all: a bug here must surface as AD0001, not as rules that silently vanish.
            var diagnostics = new List<Diagnostic>();
            var walker = new HealthWiringWalker(compilation, api, ReferencedHealthHelpers.Read(compilation, globalOptions, cancellationToken), cancellationToken);
            var root = CompositionRoot.Find(compilation, walker, cancellationToken);
            if (root == null)
            {
                return diagnostics;
            }

            var wiring = new HealthWiring();
            root.WalkInto(walker, wiring);
            if (wiring.Incomplete)
            {
                // Something we cannot see into (or could not bind) may wire health: every rule here is about what is missing.
                return diagnostics;
            }

            Report(compilation, api, kind, root, wiring, walker, diagnostics, cancellationToken);
            return diagnostics;
        }

        private static void Report(
            Compilation compilation, HealthApi api, ServiceKind kind, CompositionRoot root, HealthWiring wiring, HealthWiringWalker walker, List<Diagnostic> diagnostics,
            CancellationToken cancellationToken)
        {
            var name = compilation.AssemblyName ?? "service";
            var endpoints = wiring.Endpoints;
            if (endpoints.Count == 0)
            {
                if (root.Anchor != null && Missing(api, kind, wiring, compilation, cancellationToken) is { } missing)
                {
                    var properties = missing == Rules.HealthMissingOnGrpc
                        ? GrpcFixProperties(root, api, addMapping: true)
                        : FixProperties(root, api, addRegistration: !wiring.Registers, addMapping: kind == ServiceKind.Web);
                    diagnostics.Add(Diagnostic.Create(missing, root.Anchor, properties, name));
                }

                return;
            }

            if (!wiring.Registers && root.Anchor != null)
            {
                // MapGrpcHealthChecksService needs the gRPC health service's own registration, not AddHealthChecks.
                var properties = endpoints.All(e => e.IsGrpc)
                    ? GrpcFixProperties(root, api, addMapping: false)
                    : FixProperties(root, api, addRegistration: true, addMapping: false);
                diagnostics.Add(Diagnostic.Create(Rules.HealthChecksNotRegistered, root.Anchor, properties, Describe(endpoints[0])));
            }

            var everywhere = endpoints.Where(e => !e.Environments.IsDevelopmentOnly).ToList();
            if (everywhere.Count == 0)
            {
                var reported = new HashSet<Location>();
                foreach (var endpoint in endpoints)
                {
                    var site = endpoint.ConditionSite ?? endpoint.Site ?? root.Anchor;
                    if (site != null && site.IsInSource && reported.Add(site))
                    {
                        var properties = CanMoveOutOfCondition(site, walker)
                            ? ImmutableDictionary<string, string?>.Empty.Add(MoveOutOfConditionProperty, "true")
                            : ImmutableDictionary<string, string?>.Empty;
                        diagnostics.Add(Diagnostic.Create(Rules.HealthOnlyInDevelopment, site, properties, Describe(endpoint)));
                    }
                }

                return;
            }

            var http = everywhere.Where(e => !e.IsGrpc).ToList();
            if (http.Count > 0 && !http.Any(e => e.Filtered))
            {
                var site = http[0].Site ?? root.Anchor;
                if (site != null && site.IsInSource)
                {
                    diagnostics.Add(Diagnostic.Create(Rules.HealthProbesNotDistinguished, site));
                }
            }
        }

        /// <summary>Which of OPS100's conditions holds, or null when something can probe the service.</summary>
        private static DiagnosticDescriptor? Missing(HealthApi api, ServiceKind kind, HealthWiring wiring, Compilation compilation, CancellationToken cancellationToken)
        {
            if (kind == ServiceKind.Web)
            {
                return wiring.HostsGrpc ? Rules.HealthMissingOnGrpc : Rules.HealthMissing;
            }

            if (!wiring.Registers)
            {
                return api.CanRegister ? Rules.HealthNotRegisteredInWorker : Rules.HealthPackageMissingInWorker;
            }

            if (wiring.Publishes || HealthExposure.RunsChecksInCode(compilation, cancellationToken))
            {
                return null;
            }

            return Rules.HealthNotExposedByWorker;
        }

        private static string Describe(HealthEndpoint endpoint)
            => endpoint.Path.Length > 0 ? "'" + endpoint.Path + "'" : "(path not a constant)";

        private static ImmutableDictionary<string, string?> FixProperties(CompositionRoot root, HealthApi api, bool addRegistration, bool addMapping)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (root.BuilderName == null || root.AppName == null || !api.CanRegister || (addMapping && !root.IsWebBuilder))
            {
                return properties;
            }

            return properties
                .Add(BuilderProperty, root.BuilderName)
                .Add(AppProperty, root.AppName)
                .Add(AddRegistrationProperty, addRegistration ? "true" : "false")
                .Add(AddMappingProperty, addMapping ? "true" : "false");
        }

        /// <summary>A gRPC service gets the gRPC health service, and only when its package is referenced: never an HTTP path on an HTTP/2-only Kestrel.</summary>
        private static ImmutableDictionary<string, string?> GrpcFixProperties(CompositionRoot root, HealthApi api, bool addMapping)
            => root.BuilderName == null || root.AppName == null || !root.IsWebBuilder || !api.CanAddGrpcHealth
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty
                    .Add(BuilderProperty, root.BuilderName)
                    .Add(AppProperty, root.AppName)
                    .Add(AddGrpcHealthProperty, "true")
                    .Add(AddRegistrationProperty, "true")
                    .Add(AddMappingProperty, addMapping ? "true" : "false");

        /// <summary>The call is a statement directly inside <c>if (…IsDevelopment())</c>: the fix can move it after the if.</summary>
        private static bool CanMoveOutOfCondition(Location site, HealthWiringWalker walker)
        {
            var node = site.SourceTree?.GetRoot().FindNode(site.SourceSpan, getInnermostNodeForTie: true);
            var statement = node?.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is not ExpressionStatementSyntax)
            {
                return false;
            }

            var ifStatement = statement.Parent as IfStatementSyntax
                ?? (statement.Parent is BlockSyntax block ? block.Parent as IfStatementSyntax : null);
            if (ifStatement == null || (ifStatement.Statement != statement && ifStatement.Statement != statement.Parent))
            {
                return false;
            }

            return ifStatement.Parent is BlockSyntax or GlobalStatementSyntax && walker.Environments.ConditionOf(ifStatement.Condition).IsDevelopmentOnly;
        }
    }
}
