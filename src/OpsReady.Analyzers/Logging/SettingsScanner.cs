using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>Where and why a settings file fails to load. Line and column are 1-based; Offset is into the text.</summary>
    internal sealed class SettingsError
    {
        public SettingsError(int offset, int line, int column, string message)
        {
            Offset = offset;
            Line = line;
            Column = column;
            Message = message;
        }

        public int Offset { get; }

        public int Line { get; }

        public int Column { get; }

        public string Message { get; }
    }

    /// <summary>What one read of a settings file gives: its string values with their keys, or the error that stops it loading.</summary>
    internal sealed class SettingsScan
    {
        public SettingsScan(IReadOnlyList<(string Key, string Value)> stringValues, SettingsError? error)
        {
            StringValues = stringValues;
            Error = error;
        }

        /// <summary>Every string value with the name of its property (the nearest key for values in arrays). Empty when the file has an error.</summary>
        public IReadOnlyList<(string Key, string Value)> StringValues { get; }

        public SettingsError? Error { get; }
    }

    /// <summary>
    /// Reads a JSON settings file as Microsoft.Extensions.Configuration.Json loads it: System.Text.Json with comments
    /// skipped and trailing commas allowed (so neither is an error), a maximum depth of 64, an object at the top, and no
    /// key (case-insensitive, by its full path) given two values. Anything else makes the configuration system throw,
    /// and the service with it, at startup. One pass, no exceptions: the first error ends the read.
    /// </summary>
    internal sealed class SettingsScanner
    {
        private const int MaxDepth = 64;

        private readonly string json;
        private readonly List<(string Key, string Value)> values = new List<(string Key, string Value)>();
        private readonly HashSet<string> keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> path = new List<string>();
        private int i;
        private SettingsError? error;

        private SettingsScanner(string json) => this.json = json;

        public static SettingsScan Scan(string json)
        {
            var scanner = new SettingsScanner(json);
            scanner.ReadDocument();
            return scanner.error == null
                ? new SettingsScan(scanner.values, null)
                : new SettingsScan(Array.Empty<(string, string)>(), scanner.error);
        }

        private void ReadDocument()
        {
            if (json.Length > 0 && json[0] == '\uFEFF')
            {
                i = 1;
            }

            if (!SkipSpace())
            {
                return;
            }

            if (i >= json.Length)
            {
                Fail("the file is empty: a settings file holds one JSON object");
                return;
            }

            if (json[i] != '{')
            {
                Fail("the top-level value must be an object ('{ ... }')");
                return;
            }

            if (ReadValue("", 0) && SkipSpace() && i < json.Length)
            {
                Fail("text after the end of the top-level object");
            }
        }

        /// <summary>Reads the value at i, the value of property <paramref name="key"/>. False once an error is recorded.</summary>
        private bool ReadValue(string key, int depth)
        {
            if (i >= json.Length)
            {
                return Fail("the file ends where a value was expected");
            }

            switch (json[i])
            {
                case '{':
                    return ReadContainer('}', key, depth);
                case '[':
                    return ReadContainer(']', key, depth);
                case '"':
                    var start = i;
                    if (!ReadString(out var text))
                    {
                        return false;
                    }

                    values.Add((key, text));
                    return Leaf(start);
                default:
                    return ReadLiteral();
            }
        }

        /// <summary>An object or array: members separated by commas, a trailing comma allowed.</summary>
        private bool ReadContainer(char close, string key, int depth)
        {
            if (depth + 1 > MaxDepth)
            {
                return Fail($"the values nest deeper than {MaxDepth} levels");
            }

            var isObject = close == '}';
            i++;
            var index = 0;
            while (true)
            {
                if (!SkipSpace())
                {
                    return false;
                }

                if (i >= json.Length)
                {
                    return Fail($"the file ends before this {(isObject ? "object" : "array")} is closed with '{close}'");
                }

                if (json[i] == close)
                {
                    i++;
                    if (index == 0 && path.Count > 0)
                    {
                        // The configuration system records an empty object or array as a null value, without a duplicate check.
                        keys.Add(Key());
                    }

                    return true;
                }

                if (index > 0)
                {
                    if (json[i] != ',')
                    {
                        return Fail($"expected ',' or '{close}' here");
                    }

                    i++;
                    if (!SkipSpace())
                    {
                        return false;
                    }

                    if (i < json.Length && json[i] == close)
                    {
                        continue;
                    }
                }

                var memberKey = key;
                if (isObject)
                {
                    if (i >= json.Length || json[i] != '"')
                    {
                        return Fail(i >= json.Length ? "the file ends where a property name was expected" : "expected a property name in double quotes");
                    }

                    if (!ReadString(out memberKey) || !SkipSpace())
                    {
                        return false;
                    }

                    if (i >= json.Length || json[i] != ':')
                    {
                        return Fail($"expected ':' after the property name \"{memberKey}\"");
                    }

                    i++;
                    if (!SkipSpace())
                    {
                        return false;
                    }
                }

                path.Add(isObject ? memberKey : index.ToString(CultureInfo.InvariantCulture));
                var read = ReadValue(memberKey, depth + 1);
                path.RemoveAt(path.Count - 1);
                if (!read)
                {
                    return false;
                }

                index++;
            }
        }

        /// <summary>A number, true, false or null.</summary>
        private bool ReadLiteral()
        {
            var start = i;
            foreach (var literal in new[] { "true", "false", "null" })
            {
                if (string.CompareOrdinal(json, i, literal, 0, literal.Length) == 0)
                {
                    i += literal.Length;
                    return EndOfToken(start) && Leaf(start);
                }
            }

            // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
            if (Peek() == '-')
            {
                i++;
            }

            if (Peek() == '0')
            {
                i++;
            }
            else if (!Digits())
            {
                i = start;
                return Fail(json[i] == '\'' ? "strings are written in double quotes" : $"'{json[i]}' does not start a JSON value");
            }

            if (Peek() == '.')
            {
                i++;
                if (!Digits())
                {
                    return Fail("a number needs digits after '.'");
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                i++;
                if (Peek() == '+' || Peek() == '-')
                {
                    i++;
                }

                if (!Digits())
                {
                    return Fail("a number needs digits in its exponent");
                }
            }

            return EndOfToken(start) && Leaf(start);
        }

        /// <summary>A literal must be followed by a delimiter: "truex" or "01" is not two tokens.</summary>
        private bool EndOfToken(int start)
        {
            var c = Peek();
            if (c == '\0' || c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/')
            {
                return true;
            }

            i = start;
            return Fail("this value is not valid JSON");
        }

        private bool Digits()
        {
            var start = i;
            while (i < json.Length && json[i] >= '0' && json[i] <= '9')
            {
                i++;
            }

            return i > start;
        }

        /// <summary>A value that is not an object or array: the configuration system throws when its key already has one.</summary>
        private bool Leaf(int start)
        {
            var key = Key();
            if (path.Count > 0 && !keys.Add(key))
            {
                i = start;
                return Fail($"the key '{key}' is given a value twice (keys are compared ignoring case)");
            }

            return true;
        }

        private string Key() => string.Join(":", path);

        private bool ReadString(out string text)
        {
            text = "";
            var builder = new StringBuilder();
            i++;
            while (i < json.Length)
            {
                var c = json[i];
                if (c == '"')
                {
                    i++;
                    text = builder.ToString();
                    return true;
                }

                if (c < ' ')
                {
                    return Fail(c == '\n' || c == '\r' ? "a string is not closed before the end of the line" : "a string holds a control character (escape it)");
                }

                if (c == '\\')
                {
                    if (!ReadEscape(builder))
                    {
                        return false;
                    }

                    continue;
                }

                builder.Append(c);
                i++;
            }

            return Fail("the file ends inside a string");
        }

        private bool ReadEscape(StringBuilder builder)
        {
            var escaped = i + 1 < json.Length ? json[i + 1] : '\0';
            char? simple = escaped switch
            {
                '"' => '"', '\\' => '\\', '/' => '/', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t',
                _ => null,
            };
            if (simple is char value)
            {
                builder.Append(value);
                i += 2;
                return true;
            }

            if (escaped == 'u' && i + 6 <= json.Length
                && int.TryParse(json.Substring(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 6;
                return true;
            }

            return Fail($"'\\{escaped}' is not a JSON escape");
        }

        /// <summary>Skips whitespace and comments; false when a block comment is never closed.</summary>
        private bool SkipSpace()
        {
            while (i < json.Length)
            {
                var c = json[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    i++;
                }
                else if (c == '/' && i + 1 < json.Length && json[i + 1] == '/')
                {
                    var end = json.IndexOf('\n', i);
                    i = end < 0 ? json.Length : end + 1;
                }
                else if (c == '/' && i + 1 < json.Length && json[i + 1] == '*')
                {
                    var end = json.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return Fail("a '/*' comment is never closed");
                    }

                    i = end + 2;
                }
                else
                {
                    return true;
                }
            }

            return true;
        }

        private char Peek() => i < json.Length ? json[i] : '\0';

        private bool Fail(string message)
        {
            var line = 1;
            var lineStart = 0;
            for (var k = 0; k < i && k < json.Length; k++)
            {
                if (json[k] == '\n')
                {
                    line++;
                    lineStart = k + 1;
                }
            }

            error = new SettingsError(Math.Min(i, json.Length), line, i - lineStart + 1, message);
            return false;
        }
    }
}
