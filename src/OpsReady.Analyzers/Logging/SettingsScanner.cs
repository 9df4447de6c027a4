using System.Collections.Generic;
using System.Text;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// A tolerant reader of JSON settings files: yields every string value with the name of the property
    /// it belongs to (the nearest key for values in arrays). Comments are skipped, as the configuration
    /// system allows them; anything malformed just ends the scan. It never throws.
    /// </summary>
    internal static class SettingsScanner
    {
        public static IEnumerable<(string Key, string Value)> StringValues(string json)
        {
            var keys = new Stack<string>();
            var currentKey = "";
            var i = 0;
            while (i < json.Length)
            {
                var c = json[i];
                if (c == '/' && i + 1 < json.Length && json[i + 1] == '/')
                {
                    var end = json.IndexOf('\n', i);
                    i = end < 0 ? json.Length : end + 1;
                }
                else if (c == '/' && i + 1 < json.Length && json[i + 1] == '*')
                {
                    var end = json.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = end < 0 ? json.Length : end + 2;
                }
                else if (c == '"')
                {
                    var text = ReadString(json, ref i);
                    var next = SkipSpace(json, i);
                    if (next < json.Length && json[next] == ':')
                    {
                        currentKey = text;
                        i = next + 1;
                    }
                    else
                    {
                        yield return (currentKey, text);
                    }
                }
                else if (c == '{' || c == '[')
                {
                    // Values in a nested object belong to their own keys; restore the outer key on leaving it.
                    keys.Push(currentKey);
                    i++;
                }
                else if (c == '}' || c == ']')
                {
                    currentKey = keys.Count > 0 ? keys.Pop() : "";
                    i++;
                }
                else
                {
                    i++;
                }
            }
        }

        private static string ReadString(string json, ref int i)
        {
            var builder = new StringBuilder();
            i++;
            while (i < json.Length && json[i] != '"')
            {
                if (json[i] == '\\' && i + 1 < json.Length)
                {
                    var escaped = json[i + 1];
                    builder.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
                    i += 2;
                    continue;
                }

                builder.Append(json[i]);
                i++;
            }

            i++;
            return builder.ToString();
        }

        private static int SkipSpace(string json, int i)
        {
            while (i < json.Length && char.IsWhiteSpace(json[i]))
            {
                i++;
            }

            return i;
        }
    }
}
