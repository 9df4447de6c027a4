using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Reads the value of an [assembly: OpsReady.Facts.OpsReadyFact(kind, value)] attribute: ';'-separated
    /// key=value pairs whose values are percent-encoded (%, ;, = and control characters).
    /// </summary>
    internal static class FactText
    {
        public static Dictionary<string, string> Parse(string value)
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in value.Split(';'))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                var equals = part.IndexOf('=');
                var key = equals < 0 ? part : part.Substring(0, equals);
                pairs[Decode(key)] = equals < 0 ? "" : Decode(part.Substring(equals + 1));
            }

            return pairs;
        }

        private static string Decode(string text)
        {
            if (text.IndexOf('%') < 0)
            {
                return text;
            }

            var bytes = new List<byte>(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '%' && i + 2 < text.Length
                    && byte.TryParse(text.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                }
                else
                {
                    var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
                    bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, length)));
                    i += length - 1;
                }
            }

            return Encoding.UTF8.GetString(bytes.ToArray());
        }
    }
}
