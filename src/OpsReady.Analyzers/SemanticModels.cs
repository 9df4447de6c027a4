using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers
{
    /// <summary>
    /// One semantic model per syntax tree and compilation, shared by everything OpsReady runs on that
    /// compilation. A model caches what it binds, and binding a member (with its nullable analysis and
    /// operation tree) is the costly part of any semantic question. Both facts generators look at the
    /// composition root of a service: sharing models, they bind it once instead of twice. The analyzers get
    /// the compiler's own cached model per tree through this too, so their answers are unchanged.
    /// Entries live as long as their compilation.
    /// </summary>
    internal static class SemanticModels
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Cache =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>>();

        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>>.CreateValueCallback NewTable =
            _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>();

        /// <summary>The shared model of <paramref name="tree"/>, which must belong to <paramref name="compilation"/>.</summary>
        public static SemanticModel For(Compilation compilation, SyntaxTree tree)
        {
            var models = Cache.GetValue(compilation, NewTable);
            if (models.TryGetValue(tree, out var model))
            {
                return model;
            }

#pragma warning disable RS1030 // The point: one model per tree, shared by the generators and by helpers that follow calls into other files.
            return models.GetOrAdd(tree, compilation.GetSemanticModel(tree));
#pragma warning restore RS1030
        }

        /// <summary>
        /// Makes <paramref name="model"/> the shared model of its tree, unless one is already shared, and returns the
        /// shared one. A generator's syntax provider hands every generator's transform the same model per tree (the
        /// driver's), so adopting it shares what other generators bind (ASP.NET Core's validation generator binds a
        /// web service's top-level program) instead of binding the composition root again.
        /// </summary>
        public static SemanticModel Adopt(SemanticModel model)
            => Cache.GetValue(model.Compilation, NewTable).GetOrAdd(model.SyntaxTree, model);
    }
}
