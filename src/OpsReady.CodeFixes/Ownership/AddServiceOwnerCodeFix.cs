using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using OpsReady.Analyzers;
using OpsReady.Contract;

namespace OpsReady.CodeFixes.Ownership
{
    /// <summary>
    /// OPS001: adds <c>[assembly: OpsReady.ServiceOwner(...)]</c> with values to fill in to the file the
    /// diagnostic is in (the entry point). The "TODO" values keep OPS002 pointing at each one until filled.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddServiceOwnerCodeFix)), Shared]
    public sealed class AddServiceOwnerCodeFix : CodeFixProvider
    {
        public const string Title = "Add [assembly: ServiceOwner(...)]";

        internal static readonly string Attribute =
            $"[assembly: {AttributeNames.Namespace}.{AttributeNames.ServiceOwner.Name}(\"TODO\", {AttributeNames.ServiceOwner.Contact} = \"TODO\", "
            + $"{AttributeNames.ServiceOwner.OnCall} = \"TODO\", {AttributeNames.ServiceOwner.Runbook} = \"TODO\", "
            + $"{AttributeNames.ServiceOwner.Lifecycle} = {AttributeNames.Namespace}.{ServiceLifecycles.TypeName}.{ServiceLifecycles.Default})]";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.OwnerMissing.Id);

        /// <summary>
        /// One attribute per document that has the diagnostic (one per project), whatever equivalence key is
        /// asked for: `dotnet format` may ask with none, which the batch fixer would match to nothing.
        /// </summary>
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => diagnostics.IsEmpty ? document : await AddOwnerAsync(document, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => AddOwnerAsync(context.Document, ct), equivalenceKey: nameof(AddServiceOwnerCodeFix)),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        private static async Task<Document> AddOwnerAsync(Document document, CancellationToken cancellationToken)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
            {
                return document;
            }

            // Another fix (or the user) may have added one meanwhile: never add a second (CS0579).
            foreach (var list in root.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (attribute.Name.ToString().Contains(AttributeNames.ServiceOwner.Name))
                    {
                        return document;
                    }
                }
            }

            var attributeList = SyntaxFactory.ParseCompilationUnit(Attribute + "\n").AttributeLists[0]
                .WithAdditionalAnnotations(Formatter.Annotation);
            if (root.AttributeLists.Count == 0 && (root.Usings.Count > 0 || root.Externs.Count > 0))
            {
                // A blank line between the usings and the attribute.
                attributeList = attributeList.WithLeadingTrivia(SyntaxFactory.EndOfLine("\n"));
            }
            var newRoot = root.AddAttributeLists(attributeList);

            // Keep a blank line between the attribute and the code that follows it.
            var next = newRoot.AttributeLists.Count == root.AttributeLists.Count + 1
                ? newRoot.AttributeLists[newRoot.AttributeLists.Count - 1].GetLastToken().GetNextToken()
                : default;
            if (next.RawKind != 0 && !next.LeadingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            {
                newRoot = newRoot.ReplaceToken(next, next.WithLeadingTrivia(next.LeadingTrivia.Insert(0, SyntaxFactory.EndOfLine("\n"))));
            }

            return document.WithSyntaxRoot(newRoot);
        }
    }
}
