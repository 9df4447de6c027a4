using System;
using System.Globalization;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>
    /// A minimal JSON writer with one fixed layout (two-space indent, '\n' line ends, no trailing
    /// whitespace), so the same manifest always has the same bytes. MSBuild hosts ship different
    /// System.Text.Json versions, and the task must not bring its own.
    /// </summary>
    internal sealed class JsonText
    {
        private static readonly Func<char, bool, string?> EscapeChar = Escape;
        private readonly StringBuilder builder = new StringBuilder();
        private int depth;
        private bool needsComma;

        public override string ToString() => builder.ToString();

        public JsonText StartObject(string? name = null) => Open(name, '{');

        public JsonText EndObject() => Close('}');

        public JsonText StartArray(string? name = null) => Open(name, '[');

        public JsonText EndArray() => Close(']');

        public JsonText Property(string name, string? value)
        {
            BeginValue(name);
            if (value == null)
            {
                builder.Append("null");
            }
            else
            {
                AppendString(value);
            }

            return this;
        }

        public JsonText Property(string name, int value)
        {
            BeginValue(name);
            builder.Append(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public JsonText Property(string name, int? value)
            => value is int number ? Property(name, number) : Null(name);

        public JsonText Property(string name, bool value)
        {
            BeginValue(name);
            builder.Append(value ? "true" : "false");
            return this;
        }

        public JsonText Property(string name, bool? value) => value is bool known ? Property(name, known) : Null(name);

        public JsonText Null(string name)
        {
            BeginValue(name);
            builder.Append("null");
            return this;
        }

        public JsonText Value(string value)
        {
            BeginValue(null);
            AppendString(value);
            return this;
        }

        /// <summary>Escapes per RFC 8259: quotes, backslashes and control characters; lone surrogates as \u escapes.</summary>
        public static string Quote(string value)
        {
            var text = new JsonText();
            text.AppendString(value);
            return text.ToString();
        }

        private JsonText Open(string? name, char bracket)
        {
            BeginValue(name);
            builder.Append(bracket);
            depth++;
            needsComma = false;
            return this;
        }

        private JsonText Close(char bracket)
        {
            depth--;
            if (needsComma)
            {
                NewLine();
            }

            builder.Append(bracket);
            needsComma = true;
            if (depth == 0)
            {
                builder.Append('\n');
            }

            return this;
        }

        private void BeginValue(string? name)
        {
            if (needsComma)
            {
                builder.Append(',');
            }

            if (depth > 0)
            {
                NewLine();
            }

            if (name != null)
            {
                AppendString(name);
                builder.Append(": ");
            }

            needsComma = true;
        }

        private void NewLine()
        {
            builder.Append('\n');
            builder.Append(' ', depth * 2);
        }

        private void AppendString(string value) => QuotedText.Append(builder, value, EscapeChar);

        /// <summary>RFC 8259's short escapes; other control characters, U+2028/U+2029 (JavaScript line ends), DEL and unpaired surrogates as \u.</summary>
        private static string? Escape(char c, bool loneSurrogate)
        {
            switch (c)
            {
                case '\b': return "\\b";
                case '\f': return "\\f";
            }

            return QuotedText.Common(c)
                ?? (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '\u007f' || loneSurrogate ? QuotedText.Unicode(c, "x4") : null);
        }
    }
}
