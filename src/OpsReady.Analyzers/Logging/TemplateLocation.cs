using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// Maps a span of a template's value to the source text of the string literal that wrote it, so a
    /// diagnostic underlines the placeholder itself ("{orderId}") rather than the whole call.
    /// </summary>
    internal static class TemplateLocation
    {
        /// <summary>
        /// The source location of value[start, start+length) when <paramref name="expression"/> is a string
        /// literal that can be mapped; null otherwise (the caller falls back to the whole expression).
        /// </summary>
        public static Location? TryMap(SyntaxNode expression, int start, int length)
        {
            if (expression is not LiteralExpressionSyntax { Token: var token }
                || !(token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)))
            {
                return null;
            }

            var offsets = ValueToSourceOffsets(token);
            if (offsets == null || start < 0 || length < 0 || start + length >= offsets.Length)
            {
                return null;
            }

            var spanStart = token.SpanStart + offsets[start];
            var spanEnd = token.SpanStart + offsets[start + length];
            return Location.Create(expression.SyntaxTree, TextSpan.FromBounds(spanStart, spanEnd));
        }

        /// <summary>
        /// For each character of the literal's value, its offset in the token text, plus one more entry for
        /// the closing quote. Null for forms not worth mapping (multi-line raw strings, odd escapes).
        /// </summary>
        internal static int[]? ValueToSourceOffsets(SyntaxToken token)
        {
            var text = token.Text;
            var value = token.ValueText;
            var offsets = new int[value.Length + 1];
            var count = 0;

            if (text.StartsWith("\"\"\"", System.StringComparison.Ordinal))
            {
                // Single-line raw string: the value is the text between the quote runs.
                var quotes = 0;
                while (quotes < text.Length && text[quotes] == '"')
                {
                    quotes++;
                }

                if (text.IndexOf('\n') >= 0 || text.Length < (2 * quotes) + value.Length || text.Substring(quotes, value.Length) != value)
                {
                    return null;
                }

                for (var i = 0; i <= value.Length; i++)
                {
                    offsets[i] = quotes + i;
                }

                return offsets;
            }

            var verbatim = text.StartsWith("@\"", System.StringComparison.Ordinal);
            if (!verbatim && !text.StartsWith("\"", System.StringComparison.Ordinal))
            {
                return null;
            }

            var position = verbatim ? 2 : 1;
            var end = text.Length - 1;
            while (position < end && count < value.Length)
            {
                int width;
                int produced = 1;
                if (verbatim)
                {
                    width = text[position] == '"' ? 2 : 1;
                }
                else if (text[position] == '\\' && position + 1 < end)
                {
                    width = EscapeWidth(text, position, end, out produced);
                }
                else
                {
                    width = 1;
                }

                for (var k = 0; k < produced && count < value.Length; k++)
                {
                    offsets[count++] = position;
                }

                position += width;
            }

            if (count != value.Length || position != end)
            {
                return null;
            }

            offsets[count] = end;
            return offsets;
        }

        private static int EscapeWidth(string text, int position, int end, out int produced)
        {
            produced = 1;
            switch (text[position + 1])
            {
                case 'x':
                    var digits = 0;
                    while (digits < 4 && position + 2 + digits < end && IsHex(text[position + 2 + digits]))
                    {
                        digits++;
                    }

                    return 2 + digits;
                case 'u':
                    return 6;
                case 'U':
                    // Beyond the BMP it produces a surrogate pair.
                    produced = 2;
                    if (position + 10 <= end && uint.TryParse(text.Substring(position + 2, 8), System.Globalization.NumberStyles.HexNumber, null, out var code) && code <= 0xFFFF)
                    {
                        produced = 1;
                    }

                    return 10;
                default:
                    return 2;
            }
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
