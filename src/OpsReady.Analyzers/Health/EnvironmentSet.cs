using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// The environments a piece of wiring runs in, as far as the code says: every environment, only some
    /// (inside <c>if (env.IsDevelopment())</c>), or all but some (after <c>if (!env.IsDevelopment())</c>'s else).
    /// Conditions the analyzer cannot read count as every environment, so no rule fires on a guess.
    /// </summary>
    internal sealed class EnvironmentSet : IEquatable<EnvironmentSet>
    {
        public const string DevelopmentName = "Development";
        private const string AllText = "all";
        private const string NoneText = "none";

        public static readonly EnvironmentSet All = new EnvironmentSet(false, ImmutableArray<string>.Empty);

        private EnvironmentSet(bool only, ImmutableArray<string> names)
        {
            IsOnly = only;
            Names = names;
        }

        /// <summary>True: only <see cref="Names"/>; false: every environment except <see cref="Names"/>.</summary>
        public bool IsOnly { get; }

        public ImmutableArray<string> Names { get; }

        public bool IsAll => !IsOnly && Names.IsEmpty;

        /// <summary>Runs in Development and in no other environment.</summary>
        public bool IsDevelopmentOnly => IsOnly && Names.Length > 0 && Names.All(n => string.Equals(n, DevelopmentName, StringComparison.OrdinalIgnoreCase));

        public static EnvironmentSet Only(params string[] names) => new EnvironmentSet(true, Normalize(names));

        public static EnvironmentSet Except(params string[] names) => names.Length == 0 ? All : new EnvironmentSet(false, Normalize(names));

        public EnvironmentSet Negate() => IsAll ? All : new EnvironmentSet(!IsOnly, Names);

        /// <summary>Both conditions hold (nested ifs, <c>&amp;&amp;</c>, a helper called under a condition).</summary>
        public EnvironmentSet And(EnvironmentSet other)
        {
            if (IsAll)
            {
                return other;
            }

            if (other.IsAll)
            {
                return this;
            }

            if (IsOnly && other.IsOnly)
            {
                return new EnvironmentSet(true, Normalize(Names.Where(n => other.Names.Contains(n, StringComparer.OrdinalIgnoreCase))));
            }

            if (IsOnly || other.IsOnly)
            {
                var only = IsOnly ? this : other;
                var except = IsOnly ? other : this;
                return new EnvironmentSet(true, Normalize(only.Names.Where(n => !except.Names.Contains(n, StringComparer.OrdinalIgnoreCase))));
            }

            return new EnvironmentSet(false, Normalize(Names.Concat(other.Names)));
        }

        /// <summary>Either condition holds (<c>||</c>): exact for two "only" lists, otherwise every environment.</summary>
        public EnvironmentSet Or(EnvironmentSet other)
            => IsOnly && other.IsOnly ? new EnvironmentSet(true, Normalize(Names.Concat(other.Names))) : All;

        /// <summary>"all", a comma list ("Development,Staging"), "!Development" for all but Development, or "none".</summary>
        public override string ToString()
        {
            if (IsAll)
            {
                return AllText;
            }

            if (IsOnly)
            {
                return Names.IsEmpty ? NoneText : string.Join(",", Names);
            }

            return string.Join(",", Names.Select(n => "!" + n));
        }

        public static EnvironmentSet Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text) || string.Equals(text!.Trim(), AllText, StringComparison.OrdinalIgnoreCase))
            {
                return All;
            }

            if (string.Equals(text.Trim(), NoneText, StringComparison.OrdinalIgnoreCase))
            {
                return new EnvironmentSet(true, ImmutableArray<string>.Empty);
            }

            var parts = text.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
            if (parts.All(p => p.StartsWith("!", StringComparison.Ordinal)))
            {
                return Except(parts.Select(p => p.Substring(1)).ToArray());
            }

            // A mixed list is not something we write: read it as its positive names.
            return Only(parts.Where(p => !p.StartsWith("!", StringComparison.Ordinal)).ToArray());
        }

        public bool Equals(EnvironmentSet? other)
            => other != null && other.IsOnly == IsOnly && other.Names.SequenceEqual(Names, StringComparer.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as EnvironmentSet);

        public override int GetHashCode() => ToString().ToUpperInvariant().GetHashCode();

        private static ImmutableArray<string> Normalize(IEnumerable<string> names)
            => names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.Ordinal).ToImmutableArray();
    }
}
