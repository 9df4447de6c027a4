using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpsReady.Contract
{
    /// <summary>
    /// The value of an OpsReady fact (see FactKinds): ordered key=value pairs joined by ';'.
    /// Keys and values are percent-encoded for '%', ';', '=' and control characters, so any path or
    /// method id survives the trip; readers ignore keys they do not know. This is the contract with
    /// the manifest task: change it only together with the task's reader.
    /// </summary>
    internal sealed class FactValue
    {
        private readonly List<KeyValuePair<string, string>> pairs = new List<KeyValuePair<string, string>>();

        public IReadOnlyList<KeyValuePair<string, string>> Pairs => pairs;

        public FactValue Add(string key, string? value)
        {
            pairs.Add(new KeyValuePair<string, string>(key, value ?? ""));
            return this;
        }

        public FactValue Add(string key, bool value) => Add(key, value ? "true" : "false");

        /// <summary>The value of the first pair with this key; null when there is none.</summary>
        public string? Get(string key)
        {
            foreach (var pair in pairs)
            {
                if (pair.Key == key)
                {
                    return pair.Value;
                }
            }

            return null;
        }

        public bool GetBool(string key) => string.Equals(Get(key), "true", StringComparison.OrdinalIgnoreCase);

        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (var pair in pairs)
            {
                if (text.Length > 0)
                {
                    text.Append(';');
                }

                Encode(pair.Key, text);
                text.Append('=');
                Encode(pair.Value, text);
            }

            return text.ToString();
        }

        /// <summary>Reads a value written by <see cref="ToString"/>; never throws (malformed escapes are kept as written).</summary>
        public static FactValue Parse(string? text)
        {
            var value = new FactValue();
            if (string.IsNullOrEmpty(text))
            {
                return value;
            }

            foreach (var part in text!.Split(';'))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                var equals = part.IndexOf('=');
                var key = equals < 0 ? part : part.Substring(0, equals);
                var pairValue = equals < 0 ? "" : part.Substring(equals + 1);
                value.Add(Decode(key), Decode(pairValue));
            }

            return value;
        }

        public static string Encode(string text)
        {
            var builder = new StringBuilder(text.Length);
            Encode(text, builder);
            return builder.ToString();
        }

        public static string Decode(string text)
        {
            if (text.IndexOf('%') < 0)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '%' && i + 2 < text.Length
                    && int.TryParse(text.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    builder.Append((char)code);
                    i += 2;
                }
                else
                {
                    builder.Append(text[i]);
                }
            }

            return builder.ToString();
        }

        private static void Encode(string text, StringBuilder builder)
        {
            foreach (var c in text)
            {
                if (c == '%' || c == ';' || c == '=' || c < 0x20 || c == 0x7F)
                {
                    builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }
        }
    }
}
