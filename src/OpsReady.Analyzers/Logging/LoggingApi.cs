using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>What OpsReady knows about one logging method: where its template is and how it binds.</summary>
    internal sealed class LoggingMethod
    {
        public LoggingMethod(string templateParameter, TemplateDialect dialect, int? fixedArgumentCount, bool hasExceptionOverload)
        {
            TemplateParameter = templateParameter;
            Dialect = dialect;
            FixedArgumentCount = fixedArgumentCount;
            HasExceptionOverload = hasExceptionOverload;
        }

        /// <summary>Name of the template parameter; its values are the arguments after it.</summary>
        public string TemplateParameter { get; }

        public TemplateDialect Dialect { get; }

        /// <summary>For LoggerMessage.Define&lt;T1, T2&gt;: the values are type arguments, not call arguments.</summary>
        public int? FixedArgumentCount { get; }

        /// <summary>A sibling overload takes an Exception before the template (LogError(ex, ...), Error(ex, ...)).</summary>
        public bool HasExceptionOverload { get; }
    }

    /// <summary>
    /// The logging types of one compilation, resolved once at compilation start, and the lookup that
    /// says whether an invoked method is a logging method (memoized per compilation).
    /// </summary>
    internal sealed class LoggingApi
    {
        private static readonly string[] MelLogMethods =
        {
            "LogTrace", "LogDebug", "LogInformation", "LogWarning", "LogError", "LogCritical", "Log", "BeginScope",
        };

        private readonly INamedTypeSymbol? melLoggerExtensions;
        private readonly INamedTypeSymbol? melLoggerMessage;
        private readonly INamedTypeSymbol? serilogLogger;
        private readonly INamedTypeSymbol? serilogStaticLog;
        private readonly ConcurrentDictionary<IMethodSymbol, LoggingMethod?> methods =
            new ConcurrentDictionary<IMethodSymbol, LoggingMethod?>(SymbolEqualityComparer.Default);

        private readonly System.Func<IMethodSymbol, LoggingMethod?> resolve;

        private LoggingApi(Compilation compilation)
        {
            melLoggerExtensions = WellKnownTypes.Find(compilation, WellKnownTypes.MelLoggerExtensions);
            melLoggerMessage = WellKnownTypes.Find(compilation, WellKnownTypes.MelLoggerMessage);
            LoggerMessageAttribute = WellKnownTypes.Find(compilation, WellKnownTypes.MelLoggerMessageAttribute);
            serilogLogger = WellKnownTypes.Find(compilation, WellKnownTypes.SerilogLogger);
            serilogStaticLog = WellKnownTypes.Find(compilation, WellKnownTypes.SerilogStaticLog);
            Exception = WellKnownTypes.Find(compilation, WellKnownTypes.Exception);
            resolve = Resolve;
        }

        public INamedTypeSymbol? LoggerMessageAttribute { get; }

        public INamedTypeSymbol? Exception { get; }

        /// <summary>Null when the compilation references neither Microsoft.Extensions.Logging nor Serilog.</summary>
        public static LoggingApi? TryCreate(Compilation compilation)
        {
            if (WellKnownTypes.Find(compilation, WellKnownTypes.MelLogger) == null
                && WellKnownTypes.Find(compilation, WellKnownTypes.SerilogLogger) == null)
            {
                return null;
            }

            return new LoggingApi(compilation);
        }

        public bool IsException(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, Exception))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The logging method <paramref name="method"/> is, or null when it is not one.</summary>
        public LoggingMethod? Find(IMethodSymbol method)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            // Cheap filter first: every logging method takes its template as a string.
            if (!definition.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String))
            {
                return null;
            }

            return methods.GetOrAdd(definition, resolve);
        }

        private LoggingMethod? Resolve(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type == null)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, melLoggerExtensions) && MelLogMethods.Contains(method.Name))
            {
                var template = method.Parameters.FirstOrDefault(p => p.Type.SpecialType == SpecialType.System_String && (p.Name == "message" || p.Name == "messageFormat"));
                return template == null ? null : new LoggingMethod(template.Name, TemplateDialect.MicrosoftExtensionsLogging, null, HasExceptionOverload(method));
            }

            if (SymbolEqualityComparer.Default.Equals(type, melLoggerMessage) && method.Name.StartsWith("Define", System.StringComparison.Ordinal))
            {
                var template = method.Parameters.FirstOrDefault(p => p.Type.SpecialType == SpecialType.System_String && p.Name == "formatString");
                return template == null ? null : new LoggingMethod(template.Name, TemplateDialect.MicrosoftExtensionsLogging, method.TypeParameters.Length, false);
            }

            // Serilog marks its own API (ILogger, Log, Logger) and users mark their wrappers the same way.
            foreach (var attribute in method.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass?.Name == WellKnownTypes.MessageTemplateFormatMethodAttribute
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string parameterName
                    && method.Parameters.Any(p => p.Name == parameterName && p.Type.SpecialType == SpecialType.System_String))
                {
                    var dialect = IsInSerilog(attributeClass) || IsInSerilog(type) ? TemplateDialect.Serilog : TemplateDialect.MicrosoftExtensionsLogging;
                    return new LoggingMethod(parameterName, dialect, null, HasExceptionOverload(method));
                }
            }

            // Serilog's ILogger and Log without the attribute (older versions): the template is "messageTemplate".
            if (SymbolEqualityComparer.Default.Equals(type, serilogLogger) || SymbolEqualityComparer.Default.Equals(type, serilogStaticLog))
            {
                var template = method.Parameters.FirstOrDefault(p => p.Type.SpecialType == SpecialType.System_String && p.Name == "messageTemplate");
                return template == null ? null : new LoggingMethod(template.Name, TemplateDialect.Serilog, null, HasExceptionOverload(method));
            }

            return null;
        }

        private bool HasExceptionOverload(IMethodSymbol method)
        {
            if (method.Parameters.Any(p => IsException(p.Type)))
            {
                return true;
            }

            foreach (var member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is IMethodSymbol sibling
                    && sibling.Parameters.Length == method.Parameters.Length + 1
                    && sibling.TypeParameters.Length == method.TypeParameters.Length
                    && sibling.Parameters.Any(p => IsException(p.Type)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInSerilog(ISymbol symbol)
        {
            var ns = symbol.ContainingNamespace;
            while (ns != null && !ns.IsGlobalNamespace)
            {
                if (ns.ContainingNamespace is { IsGlobalNamespace: true } && ns.Name == WellKnownTypes.SerilogNamespace)
                {
                    return true;
                }

                ns = ns.ContainingNamespace;
            }

            return false;
        }
    }
}
