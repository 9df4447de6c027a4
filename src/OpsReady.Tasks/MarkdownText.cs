using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>The one Markdown escaper of the bundle: text, code spans, links and heading anchors.</summary>
    internal static class MarkdownText
    {
        /// <summary>An http(s) URL as a Markdown autolink (escaping would corrupt it); null for anything else.</summary>
        internal static string? Link(string text)
            => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http") && text.IndexOfAny(new[] { ' ', '<', '>', '\n', '\r' }) < 0
                ? "<" + uri.AbsoluteUri + ">"
                : null;

        /// <summary>Escapes text for Markdown (tables included): no value can add markup, links or rows.</summary>
        internal static string Md(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029')
                {
                    builder.Append(' ');
                }
                else if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' || c == '#' || c == '!' || c == '&' || c == '~')
                {
                    builder.Append('\\').Append(c);
                }
                else if (char.IsControl(c))
                {
                    builder.Append(' ');
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        internal static string Code(string text)
            => "`" + text.Replace("`", "'").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ") + "`";

        /// <summary>The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as '-', repeats numbered.</summary>
        internal static string Anchor(string heading, Dictionary<string, int> seen)
        {
            var builder = new StringBuilder();
            foreach (var c in heading.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c == '-' || c == '_')
                {
                    builder.Append(c);
                }
                else if (c == ' ')
                {
                    builder.Append('-');
                }
            }

            var anchor = builder.ToString();
            if (seen.TryGetValue(anchor, out var count))
            {
                seen[anchor] = count + 1;
                return anchor + "-" + (count + 1).ToString(CultureInfo.InvariantCulture);
            }

            seen[anchor] = 0;
            return anchor;
        }
    }
}
