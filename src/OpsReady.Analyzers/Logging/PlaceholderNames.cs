using System.Text;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>The naming convention for placeholders (log property names): PascalCase, as .NET and Serilog use.</summary>
    internal static class PlaceholderNames
    {
        /// <summary>
        /// The PascalCase form of a placeholder name ("orderId" → "OrderId", "order_id" → "OrderId"), the name
        /// itself when it already is, or null when there is no sensible form. Dotted names ("http.method")
        /// follow OpenTelemetry's conventions and are kept.
        /// </summary>
        public static string? ToPascalCase(string name)
        {
            if (name.Length == 0 || name.IndexOf('.') >= 0)
            {
                return null;
            }

            if (char.IsUpper(name[0]) && name.IndexOf('_') < 0)
            {
                // Already PascalCase, the common case: no allocation (OPS206 asks for every placeholder of a build).
                return name;
            }

            var builder = new StringBuilder(name.Length);
            var upperNext = true;
            foreach (var c in name)
            {
                if (c == '_')
                {
                    upperNext = true;
                    continue;
                }

                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }

            var result = builder.ToString();
            return result.Length == 0 || !char.IsLetter(result[0]) ? null : result;
        }
    }
}
