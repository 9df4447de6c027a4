using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpsReady.Tasks
{
    internal enum JsonKind
    {
        Null,
        False,
        True,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>A parsed JSON value; object members keep their order.</summary>
    internal sealed class JsonValue
    {
        public static readonly JsonValue NullValue = new JsonValue(JsonKind.Null);

        public JsonValue(JsonKind kind) => Kind = kind;

        public JsonKind Kind { get; }

        /// <summary>The string's value, or a number's text as written.</summary>
        public string? Text { get; set; }

        public List<JsonValue> Items { get; } = new List<JsonValue>();

        public List<KeyValuePair<string, JsonValue>> Members { get; } = new List<KeyValuePair<string, JsonValue>>();

        /// <summary>The member's value; JSON null when absent or when this is not an object.</summary>
        public JsonValue this[string name]
        {
            get
            {
                foreach (var member in Members)
                {
                    if (member.Key == name)
                    {
                        return member.Value;
                    }
                }

                return NullValue;
            }
        }

        public bool IsNull => Kind == JsonKind.Null;

        /// <summary>The string value, or null for any other kind.</summary>
        public string? String => Kind == JsonKind.String ? Text : null;

        public bool IsTrue => Kind == JsonKind.True;

        public IEnumerable<JsonValue> ArrayItems => Kind == JsonKind.Array ? Items : (IEnumerable<JsonValue>)Array.Empty<JsonValue>();
    }

    internal sealed class JsonReaderException : Exception
    {
        public JsonReaderException(string message, int line, int column)
            : base($"{message} (line {line}, column {column})")
        {
        }
    }

    /// <summary>
    /// A small strict RFC 8259 reader for manifests and compiler SARIF logs. The task must not ship
    /// System.Text.Json, and the copy MSBuild loads differs between hosts and versions.
    /// </summary>
    internal sealed class JsonReader
    {
        private const int MaxDepth = 128;
        private readonly string text;
        private int position;
        private int depth;

        private JsonReader(string text) => this.text = text;

        public static JsonValue Parse(string text)
        {
            var reader = new JsonReader(text);
            if (reader.text.Length > 0 && reader.text[0] == '\uFEFF')
            {
                reader.position = 1;
            }

            var value = reader.ReadValue();
            reader.SkipWhitespace();
            if (reader.position != reader.text.Length)
            {
                throw reader.Error("unexpected text after the JSON value");
            }

            return value;
        }

        private JsonValue ReadValue()
        {
            SkipWhitespace();
            if (position >= text.Length)
            {
                throw Error("unexpected end of the document");
            }

            switch (text[position])
            {
                case '{': return ReadObject();
                case '[': return ReadArray();
                case '"': return new JsonValue(JsonKind.String) { Text = ReadString() };
                case 't': Expect("true"); return new JsonValue(JsonKind.True);
                case 'f': Expect("false"); return new JsonValue(JsonKind.False);
                case 'n': Expect("null"); return JsonValue.NullValue;
                default: return ReadNumber();
            }
        }

        private JsonValue ReadObject()
        {
            Enter();
            var value = new JsonValue(JsonKind.Object);
            position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                position++;
                depth--;
                return value;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name");
                }

                var name = ReadString();
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("expected ':'");
                }

                position++;
                value.Members.Add(new KeyValuePair<string, JsonValue>(name, ReadValue()));
                SkipWhitespace();
                var next = Peek();
                position++;
                if (next == '}')
                {
                    depth--;
                    return value;
                }

                if (next != ',')
                {
                    position--;
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private JsonValue ReadArray()
        {
            Enter();
            var value = new JsonValue(JsonKind.Array);
            position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                position++;
                depth--;
                return value;
            }

            while (true)
            {
                value.Items.Add(ReadValue());
                SkipWhitespace();
                var next = Peek();
                position++;
                if (next == ']')
                {
                    depth--;
                    return value;
                }

                if (next != ',')
                {
                    position--;
                    throw Error("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            position++;
            var builder = new StringBuilder();
            while (true)
            {
                if (position >= text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = text[position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c < 0x20)
                {
                    throw Error("control character in a string");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                var escape = Peek();
                position++;
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (position + 4 > text.Length
                            || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        builder.Append((char)code);
                        position += 4;
                        break;
                    default:
                        position--;
                        throw Error("invalid escape");
                }
            }
        }

        private JsonValue ReadNumber()
        {
            var start = position;
            if (Peek() == '-')
            {
                position++;
            }

            if (Peek() == '0')
            {
                position++;
            }
            else if (!Digits())
            {
                throw Error("unexpected character");
            }

            if (Peek() == '.')
            {
                position++;
                if (!Digits())
                {
                    throw Error("expected digits after '.'");
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                position++;
                if (Peek() == '+' || Peek() == '-')
                {
                    position++;
                }

                if (!Digits())
                {
                    throw Error("expected exponent digits");
                }
            }

            return new JsonValue(JsonKind.Number) { Text = text.Substring(start, position - start) };
        }

        private bool Digits()
        {
            var start = position;
            while (position < text.Length && text[position] >= '0' && text[position] <= '9')
            {
                position++;
            }

            return position > start;
        }

        private void Expect(string literal)
        {
            if (string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected character");
            }

            position += literal.Length;
        }

        private void Enter()
        {
            if (++depth > MaxDepth)
            {
                throw Error("the document is nested too deeply");
            }
        }

        private char Peek() => position < text.Length ? text[position] : '\0';

        private void SkipWhitespace()
        {
            while (position < text.Length && (text[position] == ' ' || text[position] == '\t' || text[position] == '\n' || text[position] == '\r'))
            {
                position++;
            }
        }

        private JsonReaderException Error(string message)
        {
            var line = 1;
            var column = 1;
            for (var i = 0; i < position && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            return new JsonReaderException(message, line, column);
        }
    }
}
