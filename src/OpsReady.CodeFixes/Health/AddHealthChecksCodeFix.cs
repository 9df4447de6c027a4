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
using Microsoft.CodeAnalysis.Text;
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

        /// <summary>
        /// Fixes every diagnostic it is given, document by document, whatever equivalence key it is asked
        /// for: `dotnet format` takes the key from the first diagnostic it finds, which is null when that one
        /// has no fix (a worker without the health-checks package, or one whose checks nothing probes), and
        /// the variants (web, worker, gRPC, OPS101) have different keys; the batch fixer, matching keys,
        /// fixed only the first variant or nothing.
        /// </summary>
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await AddAsync(
                document, diagnostics.Select(AdditionFor).Where(a => a != null).Select(a => a!).ToList(), context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (AdditionFor(diagnostic) is { } addition)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(addition.Title, ct => AddAsync(context.Document, new[] { addition }, ct), equivalenceKey: addition.Title),
                        diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>What the fix adds for one diagnostic, as its properties say, or null when it has no fix.</summary>
        private static Addition? AdditionFor(Diagnostic diagnostic)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(HealthEndpointAnalyzer.BuilderProperty, out var builder) || builder == null
                || !properties.TryGetValue(HealthEndpointAnalyzer.AppProperty, out var app) || app == null)
            {
                return null;
            }

            var grpc = properties.TryGetValue(HealthEndpointAnalyzer.AddGrpcHealthProperty, out var g) && g == "true";
            var register = properties.TryGetValue(HealthEndpointAnalyzer.AddRegistrationProperty, out var r) && r == "true";
            var map = properties.TryGetValue(HealthEndpointAnalyzer.AddMappingProperty, out var m) && m == "true";
            if (!register && !map)
            {
                return null;
            }

            var title = grpc ? (map ? GrpcTitle : GrpcRegisterTitle)
                : register && map ? RegisterAndMapTitle
                : register ? (diagnostic.Id == Rules.HealthMissing.Id ? WorkerRegisterTitle : RegisterTitle)
                : MapTitle;
            var registration = !register ? null : grpc ? $"{builder}.Services.AddGrpcHealthChecks();" : $"{builder}.Services.AddHealthChecks();";
            var mapping = !map ? null : grpc ? $"{app}.MapGrpcHealthChecksService();" : $"{app}.MapHealthChecks(\"/health\");";
            return new Addition(title, diagnostic.Location.SourceSpan, app, registration, mapping);
        }

        private sealed class Addition
        {
            public Addition(string title, TextSpan span, string app, string? registration, string? mapping)
            {
                Title = title;
                Span = span;
                App = app;
                Registration = registration;
                Mapping = mapping;
            }

            public string Title { get; }

            public TextSpan Span { get; }

            public string App { get; }

            public string? Registration { get; }

            public string? Mapping { get; }
        }

        /// <summary>
        /// Adds what the diagnostics ask for, each statement once: two diagnostics of one composition root
        /// (a file linked into two projects) add one AddHealthChecks(), not two.
        /// </summary>
        private static async Task<Document> AddAsync(Document document, IReadOnlyList<Addition> additions, CancellationToken cancellationToken)
        {
            if (additions.Count == 0 || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
            {
                return document;
            }

            var inserts = new List<(StatementSyntax Target, string Code, SyntaxTrivia NewLine)>();
            var needed = new List<string>();
            foreach (var addition in additions.OrderBy(a => a.Span.Start))
            {
                var run = root.FindNode(addition.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>();
                var build = run == null ? null : StatementsAround(run).OfType<LocalDeclarationStatementSyntax>()
                    .FirstOrDefault(d => d.Declaration.Variables.Any(v => v.Identifier.ValueText == addition.App));
                if (run == null || build == null)
                {
                    continue;
                }

                var newLine = NewLineOf(run);
                if (addition.Registration != null && !inserts.Any(i => i.Target == build && i.Code == addition.Registration))
                {
                    inserts.Add((build, addition.Registration, newLine));
                    needed.Add(DependencyInjectionNamespace);
                }

                if (addition.Mapping != null && !inserts.Any(i => i.Target == run && i.Code == addition.Mapping))
                {
                    inserts.Add((run, addition.Mapping, newLine));
                    needed.Add(BuilderNamespace);
                }
            }

            if (inserts.Count == 0)
            {
                return document;
            }

            var tracked = root.TrackNodes(inserts.Select(i => i.Target).Distinct());
            foreach (var (target, code, newLine) in inserts)
            {
                tracked = InsertBefore(tracked, tracked.GetCurrentNode(target)!, code, newLine);
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            tracked = AddMissingUsings(tracked, model, needed.Distinct().ToList(), inserts[0].NewLine);
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
