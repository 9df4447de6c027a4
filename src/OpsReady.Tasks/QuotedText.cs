using System;
using System.Globalization;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>
    /// What JSON strings and YAML double-quoted scalars share: the walk over the text, quotes around it, surrogate
    /// pairs kept whole, an unpaired surrogate flagged. Each format keeps its own escape table, because the two
    /// specs differ (JSON has \b and \f and may carry a lone surrogate as \u; YAML has \N \L \P and cannot).
    /// </summary>
    internal static class QuotedText
    {
        /// <param name="escape">The escape of a character (the flag: it is an unpaired surrogate), or null to copy it.</param>
        public static StringBuilder Append(StringBuilder builder, string value, Func<char, bool, string?> escape)
        {
            builder.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    builder.Append(c).Append(value[++i]);
                }
                else if (escape(c, char.IsSurrogate(c)) is string escaped)
                {
                    builder.Append(escaped);
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.Append('"');
        }

        /// <summary>The escapes both formats write alike; null for any other character.</summary>
        public static string? Common(char c)
            => c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };

        /// <summary>"\u" and four hex digits, in the case <paramref name="format"/> ("x4" or "X4") gives.</summary>
        public static string Unicode(char c, string format) => "\\u" + ((int)c).ToString(format, CultureInfo.InvariantCulture);
    }
}
