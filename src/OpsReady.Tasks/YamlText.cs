using System;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>The one YAML escaper of the bundle.</summary>
    internal static class YamlText
    {
        private static readonly Func<char, bool, string?> EscapeChar = Escape;

        /// <summary>
        /// A YAML double-quoted scalar: every value is quoted, so no text can become a key, a comment, a
        /// list, a boolean, a number, an anchor or a second document.
        /// </summary>
        public static string Quote(string value) => QuotedText.Append(new StringBuilder(value.Length + 2), value, EscapeChar).ToString();

        /// <summary>YAML 1.2's escapes; what is outside its printable set as \u; an unpaired surrogate (not representable) as U+FFFD.</summary>
        private static string? Escape(char c, bool loneSurrogate)
        {
            switch (c)
            {
                case '\u0085': return "\\N";
                case '\u2028': return "\\L";
                case '\u2029': return "\\P";
            }

            if (QuotedText.Common(c) is string common)
            {
                return common;
            }

            if (loneSurrogate)
            {
                return "\\uFFFD";
            }

            return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF' ? QuotedText.Unicode(c, "X4") : null;
        }
    }
}
