using System;
using System.Collections.Generic;
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
        public TemplateError(int start, int length, string message, bool breaksFormat = false)
        {
            Start = start;
            Length = length;
            Message = message;
            BreaksFormat = breaksFormat;
        }

        /// <summary>
        /// Microsoft.Extensions.Logging cannot parse the text as a format at all (a brace it cannot pair, an alignment that
        /// is not a number), unlike a hole with a bad name, which it formats under that name.
        /// </summary>
        public bool BreaksFormat { get; }

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

        /// <summary>
        /// The first positional hole of a template that also names holes ("{0} mixed with {Kind}"), else null.
        /// Both libraries bind such a template in order, so "{0}" is not the first argument but the next one,
        /// and its property is named "0".
        /// </summary>
        public TemplateHole? MixedPositionalHole
        {
            get
            {
                TemplateHole? positional = null;
                var named = false;
                foreach (var hole in Holes)
                {
                    positional ??= hole.IsPositional ? hole : null;
                    named |= !hole.IsPositional;
                }

                return named ? positional : null;
            }
        }

        /// <summary>
        /// The holes of an all-positional Serilog template whose index has no argument among <paramref name="passed"/>,
        /// and the argument indexes below <paramref name="passed"/> that no hole uses (Serilog drops those values).
        /// </summary>
        public (List<TemplateHole> Unbound, List<int> Unused) PositionalBinding(int passed)
        {
            var unbound = new List<TemplateHole>();
            var used = new bool[passed];
            foreach (var hole in Holes)
            {
                var position = hole.Position!.Value;
                if (position < passed)
                {
                    used[position] = true;
                }
                else if (!unbound.Exists(h => h.Position == position))
                {
                    unbound.Add(hole);
                }
            }

            var unused = new List<int>();
            for (var i = 0; i < passed; i++)
            {
                if (!used[i])
                {
                    unused.Add(i);
                }
            }

            return (unbound, unused);
        }

        /// <summary>
        /// How many values Microsoft.Extensions.Logging's formatter (LogValuesFormatter) finds in the text: every
        /// '{' … '}' pair that is not an escape, whatever it holds ("{}" too). LoggerMessage.Define throws when this
        /// differs from its type arguments. Unlike <see cref="Holes"/>, it counts malformed holes as the library does.
        /// </summary>
        public static int MicrosoftValueCount(string text)
        {
            var count = 0;
            var scan = 0;
            while (scan < text.Length)
            {
                var open = FindBrace(text, '{', scan);
                var close = FindBrace(text, '}', open);
                if (close == text.Length)
                {
                    break;
                }

                count++;
                scan = close + 1;
            }

            return count;
        }

        /// <summary>
        /// The formatter's brace search from <paramref name="start"/>: the last '{' of a run of '{' (or the first '}' of a
        /// run of '}') of odd length, skipping runs of even length, which are escapes; text.Length when there is none.
        /// </summary>
        private static int FindBrace(string text, char brace, int start)
        {
            var found = text.Length;
            var run = 0;
            for (var i = start; i < text.Length; i++)
            {
                if (text[i] == brace)
                {
                    if (brace == '{' || run == 0)
                    {
                        found = i;
                    }

                    run++;
                }
                else if (run > 0)
                {
                    if (run % 2 != 0)
                    {
                        break;
                    }

                    run = 0;
                    found = text.Length;
                }
            }

            return found;
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
            // Called for every logging call of a build: no builder unless there is a brace, none for errors until one.
            if (text.IndexOfAny(Braces) < 0)
            {
                return new MessageTemplate(text, ImmutableArray<TemplateHole>.Empty, ImmutableArray<TemplateError>.Empty);
            }

            var holes = ImmutableArray.CreateBuilder<TemplateHole>(CountOf('{', text));
            ImmutableArray<TemplateError>.Builder? errors = null;
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
                        AddError(ref errors, new TemplateError(i, text.Length - i, "'{' is never closed (write '{{' for a literal brace)", breaksFormat: true));
                        break;
                    }

                    if (ParseHole(text, i, end, dialect, out var hole) is { } error)
                    {
                        AddError(ref errors, error);
                    }
                    else
                    {
                        holes.Add(hole!);
                    }

                    i = end + 1;
                }
                else if (c == '}')
                {
                    if (i + 1 < text.Length && text[i + 1] == '}')
                    {
                        i += 2;
                        continue;
                    }

                    AddError(ref errors, new TemplateError(i, 1, "'}' closes no placeholder (write '}}' for a literal brace)", breaksFormat: true));
                    i++;
                }
                else
                {
                    i++;
                }
            }

            var parsedHoles = holes.Count == holes.Capacity ? holes.MoveToImmutable() : holes.ToImmutable();
            return new MessageTemplate(text, parsedHoles, errors?.ToImmutable() ?? ImmutableArray<TemplateError>.Empty);
        }

        private static readonly char[] Braces = { '{', '}' };

        private static int CountOf(char c, string text)
        {
            var count = 0;
            foreach (var x in text)
            {
                count += x == c ? 1 : 0;
            }

            return count;
        }

        private static void AddError(ref ImmutableArray<TemplateError>.Builder? errors, TemplateError error)
            => (errors ??= ImmutableArray.CreateBuilder<TemplateError>()).Add(error);

        /// <summary>
        /// Parses text[open..close] where text[open] is '{' and text[close] is '}': the hole, or the error that
        /// keeps it from being one. Indices rather than substrings until something must be kept or shown.
        /// </summary>
        private static TemplateError? ParseHole(string text, int open, int close, TemplateDialect dialect, out TemplateHole? hole)
        {
            hole = null;
            var length = close - open + 1;
            var contentStart = open + 1;
            if (close == contentStart)
            {
                return new TemplateError(open, length, "placeholder '{}' has no name");
            }

            // As in string.Format: the first ':' starts the format; a ',' before it starts the alignment.
            var formatDelimiter = IndexIn(text, ':', contentStart, close);
            var alignmentDelimiter = IndexIn(text, ',', contentStart, formatDelimiter >= 0 ? formatDelimiter : close);
            var nameEnd = alignmentDelimiter >= 0 ? alignmentDelimiter : formatDelimiter >= 0 ? formatDelimiter : close;

            var nameStart = contentStart;
            char? hint = null;
            if (nameEnd > contentStart && (text[contentStart] == '@' || text[contentStart] == '$'))
            {
                hint = text[contentStart];
                nameStart++;
            }

            if (IndexIn(text, '{', contentStart, nameEnd) >= 0)
            {
                // Microsoft reads "{A {B}" as one hole named "A {B": a bad name, not a broken format.
                return new TemplateError(open, length, "'{' is never closed (write '{{' for a literal brace)");
            }

            if (nameEnd == nameStart)
            {
                return new TemplateError(open, length, $"placeholder '{text.Substring(open, length)}' has no name");
            }

            var name = text.Substring(nameStart, nameEnd - nameStart);
            if (!IsValidName(name))
            {
                return new TemplateError(open, length, $"'{Shown()}' is not a valid placeholder name (use letters, digits and '_')");
            }

            string? alignment = null;
            if (alignmentDelimiter >= 0)
            {
                var alignmentEnd = formatDelimiter >= 0 ? formatDelimiter : close;
                alignment = text.Substring(alignmentDelimiter + 1, alignmentEnd - alignmentDelimiter - 1);
                if (!IsValidAlignment(alignment))
                {
                    return new TemplateError(open, length, $"alignment '{alignment}' of '{Shown()}' is not a whole number", breaksFormat: true);
                }
            }

            var format = formatDelimiter >= 0 && formatDelimiter < close - 1 ? text.Substring(formatDelimiter + 1, close - formatDelimiter - 1) : null;

            // Serilog keeps a '{' in a format; Microsoft's string.Format throws on it.
            if (format != null && dialect == TemplateDialect.MicrosoftExtensionsLogging && format.IndexOf('{') >= 0)
            {
                return new TemplateError(open, length, $"format '{format}' of '{Shown()}' holds a '{{', which Microsoft.Extensions.Logging cannot format", breaksFormat: true);
            }

            hole = new TemplateHole(open, length, hint, name, nameStart, alignment, format);
            return null;

            string Shown() => text.Substring(contentStart, nameEnd - contentStart);
        }

        /// <summary>The index of <paramref name="c"/> in text[from, to), or -1.</summary>
        private static int IndexIn(string text, char c, int from, int to)
            => to <= from ? -1 : text.IndexOf(c, from, to - from);

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
