using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsReady.Analyzers
{
    /// <summary>Where a reader of a service starts, and where "missing X" rules report: Main's name, or the first top-level statement.</summary>
    internal static class EntryPointLocation
    {
        public static Location? Of(IMethodSymbol? entryPoint, CancellationToken cancellationToken)
            => entryPoint?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) switch
            {
                MethodDeclarationSyntax method => method.Identifier.GetLocation(),
                CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().FirstOrDefault()?.Statement.GetLocation(),
                _ => null,
            };
    }
}
