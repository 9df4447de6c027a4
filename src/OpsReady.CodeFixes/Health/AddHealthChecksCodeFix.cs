using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpsReady.Analyzers;
using OpsReady.Analyzers.Health;

namespace OpsReady.CodeFixes.Health
{
    /// <summary>
    /// OPS100/OPS101 in minimal hosting: adds <c>builder.Services.AddHealthChecks();</c> before
    /// <c>var app = builder.Build();</c> and, for a web service without an endpoint,
    /// <c>app.MapHealthChecks("/health");</c> before <c>app.Run();</c>; for a gRPC service, the gRPC health
    /// service instead (an HTTP path is out of reach of HTTP/1.1 probes on an HTTP/2-only Kestrel). Offered only
    /// when the analyzer found those locals in one statement list and the calls' package is referenced (it says
    /// so in the diagnostic's properties), so the fix never adds code that does not compile.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddHealthChecksCodeFix)), Shared]
    public sealed class AddHealthChecksCodeFix : CodeFixProvider
    {
        public const string RegisterTitle = "Add builder.Services.AddHealthChecks()";
        public const string RegisterAndMapTitle = "Add AddHealthChecks() and MapHealthChecks(\"/health\")";
        public const string MapTitle = "Add MapHealthChecks(\"/health\")";
        public const string WorkerRegisterTitle = "Add builder.Services.AddHealthChecks() (package Microsoft.Extensions.Diagnostics.HealthChecks)";
        public const string GrpcRegisterTitle = "Add builder.Services.AddGrpcHealthChecks()";
        public const string GrpcTitle = "Add the gRPC health service: AddGrpcHealthChecks() and MapGrpcHealthChecksService() (package Grpc.AspNetCore.HealthChecks)";

        private const string DependencyInjectionNamespace = "Microsoft.Extensions.DependencyInjection";
        private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.HealthMissing.Id, Rules.HealthChecksNotRegistered.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var properties = diagnostic.Properties;
                if (!properties.TryGetValue(HealthEndpointAnalyzer.BuilderProperty, out var builder) || builder == null
                    || !properties.TryGetValue(HealthEndpointAnalyzer.AppProperty, out var app) || app == null)
                {
                    continue;
                }

                var grpc = properties.TryGetValue(HealthEndpointAnalyzer.AddGrpcHealthProperty, out var g) && g == "true";
                var register = properties.TryGetValue(HealthEndpointAnalyzer.AddRegistrationProperty, out var r) && r == "true";
                var map = properties.TryGetValue(HealthEndpointAnalyzer.AddMappingProperty, out var m) && m == "true";
                if (!register && !map)
                {
                    continue;
                }

                var title = grpc ? (map ? GrpcTitle : GrpcRegisterTitle)
                    : register && map ? RegisterAndMapTitle
                    : register ? (diagnostic.Id == Rules.HealthMissing.Id ? WorkerRegisterTitle : RegisterTitle)
                    : MapTitle;
                var registration = !register ? null : grpc ? $"{builder}.Services.AddGrpcHealthChecks();" : $"{builder}.Services.AddHealthChecks();";
                var mapping = !map ? null : grpc ? $"{app}.MapGrpcHealthChecksService();" : $"{app}.MapHealthChecks(\"/health\");";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => AddAsync(context.Document, diagnostic.Location.SourceSpan, app, registration, mapping, ct), equivalenceKey: title),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        private static async Task<Document> AddAsync(
            Document document, Microsoft.CodeAnalysis.Text.TextSpan span, string app, string? registration, string? mapping, CancellationToken cancellationToken)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
            {
                return document;
            }

            var run = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>();
            var build = run == null ? null : StatementsAround(run).OfType<LocalDeclarationStatementSyntax>()
                .FirstOrDefault(d => d.Declaration.Variables.Any(v => v.Identifier.ValueText == app));
            if (run == null || build == null)
            {
                return document;
            }

            var newLine = NewLineOf(run);
            var tracked = root.TrackNodes(run, build);
            var needed = new List<string>();
            if (registration != null)
            {
                tracked = InsertBefore(tracked, tracked.GetCurrentNode(build)!, registration, newLine);
                needed.Add(DependencyInjectionNamespace);
            }

            if (mapping != null)
            {
                tracked = InsertBefore(tracked, tracked.GetCurrentNode(run)!, mapping, newLine);
                needed.Add(BuilderNamespace);
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            tracked = AddMissingUsings(tracked, model, needed, newLine);
            return document.WithSyntaxRoot(tracked);
        }

        private static IEnumerable<StatementSyntax> StatementsAround(StatementSyntax statement)
            => statement.Parent switch
            {
                BlockSyntax block => block.Statements,
                GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
                _ => Enumerable.Empty<StatementSyntax>(),
            };

        private static CompilationUnitSyntax InsertBefore(CompilationUnitSyntax root, StatementSyntax target, string code, SyntaxTrivia newLine)
        {
            var statement = SyntaxFactory.ParseStatement(code)
                .WithLeadingTrivia(Indentation(target))
                .WithTrailingTrivia(newLine);
            return target.Parent is GlobalStatementSyntax global
                ? root.InsertNodesBefore(global, new[] { SyntaxFactory.GlobalStatement(statement) })
                : root.InsertNodesBefore(target, new[] { statement });
        }

        /// <summary>Namespaces the new calls need, unless a using (global or implicit ones included) already brings them.</summary>
        private static CompilationUnitSyntax AddMissingUsings(CompilationUnitSyntax root, SemanticModel? model, List<string> namespaces, SyntaxTrivia newLine)
        {
            if (model == null)
            {
                return root;
            }

            var imported = new HashSet<string>(root.Usings.Where(u => u.Alias == null && u.StaticKeyword.RawKind == 0).Select(u => u.Name?.ToString() ?? ""));
            foreach (var tree in model.Compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax unit)
                {
                    imported.UnionWith(unit.Usings.Where(u => u.GlobalKeyword.RawKind != 0 && u.Alias == null).Select(u => u.Name?.ToString() ?? ""));
                }
            }

            var missing = namespaces.Where(n => !imported.Contains(n)).ToList();
            if (missing.Count == 0)
            {
                return root;
            }

            return root.AddUsings(missing.Select(n => SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(n)).WithTrailingTrivia(newLine)).ToArray());
        }

        internal static SyntaxTriviaList Indentation(SyntaxNode node)
        {
            var leading = node.GetLeadingTrivia();
            return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                : SyntaxFactory.TriviaList();
        }

        internal static SyntaxTrivia NewLineOf(SyntaxNode node)
        {
            foreach (var trivia in node.DescendantTrivia().Concat(node.GetTrailingTrivia()))
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.EndOfLine("\n");
        }
    }
}
