using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// A value computed once per compilation on first use, by whichever action needs it first. Unlike
    /// Lazy&lt;T&gt;, a cancelled computation is not cached: the next caller computes it again.
    /// </summary>
    internal sealed class PerCompilation<T>
        where T : class
    {
        private readonly Func<CancellationToken, T> compute;
        private readonly object gate = new object();
        private T? value;

        public PerCompilation(Func<CancellationToken, T> compute) => this.compute = compute;

        public T Get(CancellationToken cancellationToken)
        {
            lock (gate)
            {
                return value ??= compute(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Diagnostics decided once per compilation, reported from the semantic pass of the file each one points at. Not
    /// from syntax-tree actions: the IDE caches a document's syntax-pass results by that document's text, so a change in
    /// another file (the owner added in Ownership.cs) would leave a stale diagnostic on the untouched one; the semantic
    /// pass of every document reruns when any document of the project changes. Each diagnostic has one tree, so it is
    /// reported once.
    /// </summary>
    internal static class PerCompilationDiagnostics
    {
        public static void ReportFromSemanticPass(CompilationStartAnalysisContext context, Func<CancellationToken, IEnumerable<Diagnostic>> decide)
        {
            var diagnostics = new PerCompilation<ILookup<SyntaxTree?, Diagnostic>>(ct => decide(ct).ToLookup(d => d.Location.SourceTree));
            context.RegisterSemanticModelAction(model =>
            {
                foreach (var diagnostic in diagnostics.Get(model.CancellationToken)[model.SemanticModel.SyntaxTree])
                {
                    model.ReportDiagnostic(diagnostic);
                }
            });
        }
    }
}
