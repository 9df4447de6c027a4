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
            foreach (var reference in compilation.References)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                    && assembly.TypeNames.Contains(WellKnownTypes.OpsReadyFactAttribute))
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
