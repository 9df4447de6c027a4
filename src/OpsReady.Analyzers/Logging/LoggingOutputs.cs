using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// Which structured (machine-readable) log outputs a service configures, found in its code and in its
    /// appsettings*.json. Used by OPS205 and, through LoggingFactsGenerator, by the manifest's <c>logging.outputs</c>.
    /// Names are stable: "json-console", "opentelemetry", "serilog-json", "seq", "nlog-json".
    /// </summary>
    public static class LoggingOutputs
    {
        public const string JsonConsole = "json-console";
        public const string OpenTelemetry = "opentelemetry";
        public const string SerilogJson = "serilog-json";
        public const string Seq = "seq";
        public const string NLogJson = "nlog-json";

        /// <summary>"all": outputs configured in code, or in appsettings.json, apply in every environment.</summary>
        public const string AllEnvironments = "all";

        public static bool IsSettingsFile(string path)
        {
            var name = Path.GetFileName(path);
            return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The environments a settings file is read in: appsettings.json in all of them, appsettings.&lt;Env&gt;.json (what
        /// the host adds for its environment) only in &lt;Env&gt;.
        /// </summary>
        internal static EnvironmentSet EnvironmentsOf(string path)
        {
            var name = Path.GetFileName(path);
            const string Prefix = "appsettings.";
            var environment = name.Length > Prefix.Length + ".json".Length && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                ? name.Substring(Prefix.Length, name.Length - Prefix.Length - ".json".Length)
                : "";
            return environment.Length == 0 ? EnvironmentSet.All : EnvironmentSet.Only(environment);
        }

        /// <summary>Whether an output limited to these environments is there in production: not one only for Development.</summary>
        internal static bool AppliesOutsideDevelopment(EnvironmentSet environments)
            => !environments.IsDevelopmentOnly && !(environments.IsOnly && environments.Names.IsEmpty);

        /// <summary>
        /// The outputs an appsettings.json configures: Logging:Console:FormatterName "json", Serilog sinks named
        /// Seq or OpenTelemetry or given a JSON formatter, an NLog JsonLayout. A file that does not load (see
        /// <see cref="SettingsScanner"/>) configures nothing: the service does not start with it.
        /// </summary>
        public static IReadOnlyList<string> FindInSettings(string json) => FindInSettings(SettingsScanner.Scan(json));

        internal static IReadOnlyList<string> FindInSettings(SettingsScan scan)
        {
            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in scan.StringValues)
            {
                if (Is(key, "FormatterName") && Is(value, "json"))
                {
                    found.Add(JsonConsole);
                }
                else if ((Is(key, "formatter") || Is(key, "type")) && value.IndexOf("JsonFormatter", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    found.Add(SerilogJson);
                }
                else if (Is(key, "Name") && Is(value, "Seq"))
                {
                    found.Add(Seq);
                }
                else if (Is(key, "Name") && Is(value, "OpenTelemetry"))
                {
                    found.Add(OpenTelemetry);
                }
                else if ((Is(key, "type") || Is(key, "layout")) && value.IndexOf("JsonLayout", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    found.Add(NLogJson);
                }
            }

            return found.ToList();
        }

        /// <summary>The output a candidate node (see <see cref="IsCandidate"/>) configures, or null, bound with <paramref name="model"/> (the tree's shared model).</summary>
        public static string? Classify(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
            => model.GetOperation(node, cancellationToken) is { } operation ? Classify(operation) : null;

        /// <summary>The output one operation configures, or null. Recognised by member and type names in the libraries' namespaces.</summary>
        public static string? Classify(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return ClassifyCall(invocation.TargetMethod);
                case IObjectCreationOperation { Type: INamedTypeSymbol type }:
                    return ClassifyType(type);
                case IFieldReferenceOperation { Field: { Name: "Json", ContainingType.Name: "ConsoleFormatterNames" } }:
                    return JsonConsole;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FormatterName" }, Value: var value }
                    when value.ConstantValue is { HasValue: true, Value: string name } && Is(name, "json"):
                    return JsonConsole;
                default:
                    return null;
            }
        }

        private static string? ClassifyCall(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method;
            switch (method.Name)
            {
                case "AddJsonConsole" when InNamespace(method, "Microsoft.Extensions.Logging"):
                    return JsonConsole;
                case "AddOpenTelemetry" when definition.Parameters.Length > 0 && definition.Parameters[0].Type.Name == "ILoggingBuilder":
                case "UseOtlpExporter" when InNamespace(method, "OpenTelemetry"):
                case "WithLogging" when InNamespace(method, "OpenTelemetry"):
                case "OpenTelemetry" when InNamespace(method, "Serilog"):
                    return OpenTelemetry;
                case "Seq" when InNamespace(method, "Serilog"):
                case "AddSeq" when InNamespace(method, "Microsoft.Extensions.Logging") || InNamespace(method, "Seq"):
                    return Seq;
                default:
                    return null;
            }
        }

        private static string? ClassifyType(INamedTypeSymbol type)
        {
            if (type.Name.EndsWith("JsonFormatter", StringComparison.Ordinal) && InNamespace(type, "Serilog"))
            {
                return SerilogJson;
            }

            return type.Name == "JsonLayout" && InNamespace(type, "NLog") ? NLogJson : null;
        }

        internal static bool IsCandidate(SyntaxNode node)
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    var name = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => "",
                    };
                    return name is "AddJsonConsole" or "AddOpenTelemetry" or "UseOtlpExporter" or "WithLogging" or "OpenTelemetry" or "Seq" or "AddSeq";
                case ObjectCreationExpressionSyntax creation:
                    var typeName = creation.Type.ToString();
                    return typeName.EndsWith("JsonFormatter", StringComparison.Ordinal) || typeName.EndsWith("JsonLayout", StringComparison.Ordinal);
                case MemberAccessExpressionSyntax access:
                    return access.Name.Identifier.ValueText == "Json" && access.Expression.ToString().EndsWith("ConsoleFormatterNames", StringComparison.Ordinal);
                case AssignmentExpressionSyntax assignment:
                    return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left.ToString().EndsWith("FormatterName", StringComparison.Ordinal);
                default:
                    return false;
            }
        }

        private static bool InNamespace(ISymbol symbol, string root)
        {
            var ns = (symbol as INamespaceSymbol) ?? symbol.ContainingNamespace;
            var name = ns?.ToDisplayString() ?? "";
            return name == root || name.StartsWith(root + ".", StringComparison.Ordinal);
        }

        private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
