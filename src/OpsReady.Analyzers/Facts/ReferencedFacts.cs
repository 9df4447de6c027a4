using System.Collections.Generic;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Facts
{
    /// <summary>
    /// Reads and writes the facts of an assembly (see <see cref="FactKinds"/>): those of an assembly, of every referenced
    /// assembly that uses OpsReady (only those that compile its attribute source are opened; the compiler caches
    /// their attributes), and the source line that records one. In the IDE a referenced project is a compilation, so
    /// its generated facts are in source.
    /// </summary>
    internal static class ReferencedFacts
    {
        public static IEnumerable<(string Kind, FactValue Value, IAssemblySymbol Assembly)> Read(Compilation compilation, CancellationToken cancellationToken)
        {
            // One lookup by metadata name across the references finds the assemblies that use OpsReady. (Asking
            // each reference for its TypeNames listed every type of the whole framework: ~0.1 s of every build.)
            var users = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);
            foreach (var type in compilation.GetTypesByMetadataName(AttributeNames.ServiceOwner.MetadataName))
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
                if (WellKnownTypes.IsAssemblyMetadataAttribute(attribute.AttributeClass)
                    && attribute.ConstructorArguments.Length == 2
                    && FactKinds.KindOf(attribute.ConstructorArguments[0].Value as string) is { } kind
                    && attribute.ConstructorArguments[1].Value is string text)
                {
                    yield return (kind, FactValue.Parse(text));
                }
            }
        }

        /// <summary>Appends the line that records one fact to a generator's source.</summary>
        public static StringBuilder AppendRecord(StringBuilder text, string kind, string value)
            => text.Append("[assembly: global::System.Reflection.AssemblyMetadata(")
                .Append(SymbolDisplay.FormatLiteral(FactKinds.MetadataKeyPrefix + kind, quote: true))
                .Append(", ")
                .Append(SymbolDisplay.FormatLiteral(value, quote: true))
                .Append(")]\n");
    }
}
