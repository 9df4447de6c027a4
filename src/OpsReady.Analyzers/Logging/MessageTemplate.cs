using System;
using System.Collections.Immutable;
using System.Text;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>Which library binds the template: they agree on syntax but not on every detail.</summary>
    internal enum TemplateDialect
    {
        /// <summary>Microsoft.Extensions.Logging: every hole takes one argument, in order.</summary>
        MicrosoftExtensionsLogging,

        /// <summary>Serilog: all-positional templates bind by index, any other template binds in order.</summary>
        Serilog,
    }

    /// <summary>One placeholder of a template, e.g. <c>{@Order,-10:0.00}</c>. Offsets are into the template text.</summary>
    internal sealed class TemplateHole
    {
        public TemplateHole(int start, int length, char? hint, string name, int nameStart, string? alignment, string? format)
        {
            Start = start;
            Length = length;
            Hint = hint;
            Name = name;
            NameStart = nameStart;
            Alignment = alignment;
            Format = format;
            Position = ParsePosition(name);
        }

        /// <summary>Offset of the opening brace.</summary>
        public int Start { get; }

        /// <summary>Length including both braces.</summary>
        public int Length { get; }

        /// <summary>Serilog's capture hint: '@' (destructure), '$' (stringify), or null.</summary>
        public char? Hint { get; }

        /// <summary>The property name without its hint.</summary>
        public string Name { get; }

        /// <summary>Offset of <see cref="Name"/> (after the hint).</summary>
        public int NameStart { get; }

        public string? Alignment { get; }

        public string? Format { get; }

        /// <summary>The name as Microsoft.Extensions.Logging sees it (the hint is part of it).</summary>
        public string RawName => Hint is char hint ? hint + Name : Name;

        /// <summary>The index of a positional hole (<c>{0}</c>), else null.</summary>
        public int? Position { get; }

        public bool IsPositional => Position != null;

        private static int? ParsePosition(string name)
        {
            if (name.Length == 0 || name.Length > 9)
            {
                return null;
            }

            var value = 0;
            foreach (var c in name)
            {
                if (c < '0' || c > '9')
                {
                    return null;
                }

                value = (value * 10) + (c - '0');
            }

            return value;
        }
    }

    /// <summary>A defect that makes a template render differently from how it reads. Offsets are into the template text.</summary>
    internal sealed class TemplateError
    {
        public TemplateError(int start, int length, string message)
        {
            Start = start;
            Length = length;
            Message = message;
        }

        public int Start { get; }

        public int Length { get; }

        public string Message { get; }
    }

    /// <summary>
    /// The one message-template parser every logging rule and fix uses. It reads a template the way
    /// Serilog's parser and Microsoft.Extensions.Logging's formatter bind it: <c>{{</c>/<c>}}</c> are
    /// literal braces, a hole is <c>{[@|$]Name[,alignment][:format]}</c>. Where the libraries would
    /// silently render a hole as text (Serilog) or throw when formatting (Microsoft), it reports an error.
    /// </summary>
    internal sealed class MessageTemplate
    {
        private MessageTemplate(string text, ImmutableArray<TemplateHole> holes, ImmutableArray<TemplateError> errors)
        {
            Text = text;
            Holes = holes;
            Errors = errors;
        }

        public string Text { get; }

        public ImmutableArray<TemplateHole> Holes { get; }

        public ImmutableArray<TemplateError> Errors { get; }

        public bool IsWellFormed => Errors.IsEmpty;

        /// <summary>True when every hole is positional (<c>{0}</c>), which makes Serilog bind by index.</summary>
        public bool IsPositional
        {
            get
            {
                if (Holes.IsEmpty)
                {
                    return false;
                }

                foreach (var hole in Holes)
                {
                    if (!hole.IsPositional)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>How many arguments the library binds to this template's holes.</summary>
        public int ExpectedArgumentCount(TemplateDialect dialect)
        {
            // Microsoft binds each hole, even a repeated name or "{1}", to the next argument;
            // Serilog does too unless every hole is positional, then "{0} {0}" needs one and "{1}" two.
            if (dialect == TemplateDialect.Serilog && IsPositional)
            {
                var highest = -1;
                foreach (var hole in Holes)
                {
                    highest = Math.Max(highest, hole.Position!.Value);
                }

                return highest + 1;
            }

            return Holes.Length;
        }

        public static MessageTemplate Parse(string text, TemplateDialect dialect)
        {
            var holes = ImmutableArray.CreateBuilder<TemplateHole>();
            var errors = ImmutableArray.CreateBuilder<TemplateError>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '{')
                {
                    if (i + 1 < text.Length && text[i + 1] == '{')
                    {
                        i += 2;
                        continue;
                    }

                    // Like Serilog, a hole runs to the next '}' whatever it holds; a '{' inside makes it invalid.
                    var end = text.IndexOf('}', i + 1);
                    if (end < 0)
                    {
                        errors.Add(new TemplateError(i, text.Length - i, "'{' is never closed (write '{{' for a literal brace)"));
                        break;
                    }

                    ParseHole(text, i, end, dialect, holes, errors);
                    i = end + 1;
                }
                else if (c == '}')
                {
                    if (i + 1 < text.Length && text[i + 1] == '}')
                    {
                        i += 2;
                        continue;
                    }

                    errors.Add(new TemplateError(i, 1, "'}' closes no placeholder (write '}}' for a literal brace)"));
                    i++;
                }
                else
                {
                    i++;
                }
            }

            return new MessageTemplate(text, holes.ToImmutable(), errors.ToImmutable());
        }

        /// <summary>Parses text[open..close] where text[open] is '{' and text[close] is '}'.</summary>
        private static void ParseHole(
            string text, int open, int close, TemplateDialect dialect,
            ImmutableArray<TemplateHole>.Builder holes, ImmutableArray<TemplateError>.Builder errors)
        {
            var length = close - open + 1;
            var contentStart = open + 1;
            var content = text.Substring(contentStart, close - contentStart);
            if (content.Length == 0)
            {
                errors.Add(new TemplateError(open, length, "placeholder '{}' has no name"));
                return;
            }

            // As in string.Format: the first ':' starts the format; a ',' before it starts the alignment.
            var formatDelimiter = content.IndexOf(':');
            var alignmentDelimiter = content.IndexOf(',');
            if (formatDelimiter >= 0 && alignmentDelimiter > formatDelimiter)
            {
                alignmentDelimiter = -1;
            }

            var nameEnd = alignmentDelimiter >= 0 ? alignmentDelimiter : formatDelimiter >= 0 ? formatDelimiter : content.Length;
            string? alignment = null;
            if (alignmentDelimiter >= 0)
            {
                var alignmentEnd = formatDelimiter >= 0 ? formatDelimiter : content.Length;
                alignment = content.Substring(alignmentDelimiter + 1, alignmentEnd - alignmentDelimiter - 1);
            }

            var format = formatDelimiter >= 0 && formatDelimiter < content.Length - 1 ? content.Substring(formatDelimiter + 1) : null;

            var nameStart = 0;
            char? hint = null;
            if (nameEnd > 0 && (content[0] == '@' || content[0] == '$'))
            {
                hint = content[0];
                nameStart = 1;
            }

            var name = content.Substring(nameStart, nameEnd - nameStart);
            var shown = content.Substring(0, nameEnd);
            if (shown.IndexOf('{') >= 0)
            {
                errors.Add(new TemplateError(open, length, "'{' is never closed (write '{{' for a literal brace)"));
                return;
            }

            if (name.Length == 0)
            {
                errors.Add(new TemplateError(open, length, $"placeholder '{{{content}}}' has no name"));
                return;
            }

            if (!IsValidName(name))
            {
                errors.Add(new TemplateError(open, length, $"'{shown}' is not a valid placeholder name (use letters, digits and '_')"));
                return;
            }

            if (alignment != null && !IsValidAlignment(alignment))
            {
                errors.Add(new TemplateError(open, length, $"alignment '{alignment}' of '{shown}' is not a whole number"));
                return;
            }

            // Serilog keeps a '{' in a format; Microsoft's string.Format throws on it.
            if (format != null && dialect == TemplateDialect.MicrosoftExtensionsLogging && format.IndexOf('{') >= 0)
            {
                errors.Add(new TemplateError(open, length, $"format '{format}' of '{shown}' holds a '{{', which Microsoft.Extensions.Logging cannot format"));
                return;
            }

            holes.Add(new TemplateHole(open, length, hint, name, contentStart + nameStart, alignment, format));
        }

        /// <summary>
        /// Serilog's names: all digits (positional), or a letter or '_' followed by letters, digits, '_'
        /// and single inner dots ("http.method", common with OpenTelemetry).
        /// </summary>
        public static bool IsValidName(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }

            if (char.IsDigit(name[0]))
            {
                foreach (var c in name)
                {
                    if (c < '0' || c > '9')
                    {
                        return false;
                    }
                }

                return true;
            }

            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                var valid = char.IsLetterOrDigit(c) || c == '_'
                    || (c == '.' && i > 0 && i < name.Length - 1 && name[i - 1] != '.');
                if (!valid)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsValidAlignment(string alignment)
        {
            var digits = alignment.StartsWith("-", StringComparison.Ordinal) ? alignment.Substring(1) : alignment;
            if (digits.Length == 0 || digits.Length > 9)
            {
                return false;
            }

            foreach (var c in digits)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The template with <paramref name="hole"/>'s name replaced (hint, alignment and format kept).</summary>
        public string WithName(TemplateHole hole, string newName)
        {
            var builder = new StringBuilder(Text.Length + newName.Length);
            builder.Append(Text, 0, hole.NameStart);
            builder.Append(newName);
            var after = hole.NameStart + hole.Name.Length;
            builder.Append(Text, after, Text.Length - after);
            return builder.ToString();
        }
    }
}
