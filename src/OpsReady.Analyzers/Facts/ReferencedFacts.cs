using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers.Facts
{
    /// <summary>
    /// Reads the [assembly: OpsReadyFact(kind, value)] attributes of an assembly, or of every referenced
    /// assembly that uses OpsReady (only those that define the attribute are opened; the compiler caches
    /// their attributes). In the IDE a referenced project is a compilation, so its generated facts are in source.
    /// </summary>
    internal static class ReferencedFacts
    {
        public static IEnumerable<(string Kind, FactValue Value, IAssemblySymbol Assembly)> Read(Compilation compilation, CancellationToken cancellationToken)
        {
            // One lookup by metadata name across the references finds the assemblies that use OpsReady. (Asking
            // each reference for its TypeNames listed every type of the whole framework: ~0.1 s of every build.)
            var users = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);
            foreach (var type in compilation.GetTypesByMetadataName(WellKnownTypes.OpsReadyFactAttributeMetadataName))
            {
                users.Add(type.ContainingAssembly);
            }

            users.Remove(compilation.Assembly);
            if (users.Count == 0)
            {
                yield break;
            }

            foreach (var reference in compilation.References)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && users.Contains(assembly))
                {
                    foreach (var fact in Of(assembly))
                    {
                        yield return (fact.Kind, fact.Value, assembly);
                    }
                }
            }
        }

        public static IEnumerable<(string Kind, FactValue Value)> Of(IAssemblySymbol assembly)
        {
            foreach (var attribute in assembly.GetAttributes())
            {
                if (WellKnownTypes.IsOpsReadyFactAttribute(attribute.AttributeClass)
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is string kind
                    && attribute.ConstructorArguments[1].Value is string text)
                {
                    yield return (kind, FactValue.Parse(text));
                }
            }
        }
    }
}
