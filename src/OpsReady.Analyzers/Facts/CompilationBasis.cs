using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OpsReady.Analyzers.Facts
{
    /// <summary>
    /// What a compilation is built on besides its own source: its references and options (compared by identity: the
    /// IDE and a generator driver keep the same objects while they do not change, and make new ones when they do),
    /// its assembly name, and the values of the build properties a generator reads. Equal while none of these
    /// changed, so a pipeline step keyed on it reruns when a reference changes (a referenced project's facts, say)
    /// and not on every edit. The compilation it came from is carried, not compared.
    /// </summary>
    internal sealed class CompilationBasis : IEquatable<CompilationBasis>
    {
        private readonly MetadataReference[] references;
        private readonly string properties;

        public CompilationBasis(Compilation compilation, AnalyzerConfigOptions globalOptions, params string[] propertyNames)
        {
            Compilation = compilation;
            GlobalOptions = globalOptions;
            references = compilation.References.ToArray();
            properties = string.Join("\n", propertyNames.Select(p => globalOptions.TryGetValue(p, out var value) ? p + "=" + value : p));
        }

        public Compilation Compilation { get; }

        public AnalyzerConfigOptions GlobalOptions { get; }

        public bool Equals(CompilationBasis? other)
            => ReferenceEquals(this, other)
               || (other != null
                   && properties == other.properties
                   && ReferenceEquals(Compilation.Options, other.Compilation.Options)
                   && Compilation.AssemblyName == other.Compilation.AssemblyName
                   && SameObjects(references, other.references));

        public override bool Equals(object? obj) => Equals(obj as CompilationBasis);

        public override int GetHashCode() => references.Length ^ properties.Length;

        /// <summary>The same objects in the same order.</summary>
        public static bool SameObjects<T>(T[] left, T[] right)
            where T : class
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (!ReferenceEquals(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A list of strings equal by content, for pipeline values.</summary>
    internal sealed class TextList : IEquatable<TextList>
    {
        public TextList(string[] items) => Items = items;

        public string[] Items { get; }

        public bool Equals(TextList? other)
            => ReferenceEquals(this, other) || (other != null && Items.SequenceEqual(other.Items, StringComparer.Ordinal));

        public override bool Equals(object? obj) => Equals(obj as TextList);

        public override int GetHashCode() => Items.Length;
    }
}
