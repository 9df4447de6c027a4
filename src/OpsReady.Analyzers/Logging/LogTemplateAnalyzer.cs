using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Logging
{
    /// <summary>
    /// OPS200-OPS203 and OPS206: the message templates of Microsoft.Extensions.Logging and Serilog calls
    /// (and of users' wrappers marked [MessageTemplateFormatMethod]). One pass per logging call; calls are
    /// recognised by symbol, so a user's own method named LogInformation is left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LogTemplateAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the fix for OPS203 ("argument" when the exception itself is an argument, "member" for ex.Message).</summary>
        public const string ExceptionUseProperty = "ExceptionUse";

        /// <summary>Diagnostic property: "true" when the OPS203 argument fills a placeholder.</summary>
        public const string BoundToPlaceholderProperty = "BoundToPlaceholder";

        /// <summary>Diagnostic property: the position of the template in the call's argument list (where OPS203's fix inserts the exception).</summary>
        public const string TemplateArgumentIndexProperty = "TemplateArgumentIndex";

        /// <summary>Diagnostic property: the position of an explicit <c>null</c> passed as the exception (OPS203's fix replaces it).</summary>
        public const string NullExceptionArgumentIndexProperty = "NullExceptionArgumentIndex";

        /// <summary>Diagnostic property: the PascalCase name OPS206 suggests (absent when the fix cannot edit the literal).</summary>
        public const string SuggestedNameProperty = "SuggestedName";

        /// <summary>Diagnostic property: "true" when OPS200's template is an interpolation, concatenation or string.Format the fix can rewrite.</summary>
        public const string RewritableProperty = "Rewritable";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Rules.NonConstantLogTemplate, Rules.LogTemplateArgumentCountMismatch, Rules.LogTemplatePositionalMismatch, Rules.LogDefineTypeArgumentMismatch, Rules.MalformedLogTemplate,
            Rules.ExceptionNotLoggedAsException, Rules.LogPlaceholderName, Rules.LogPlaceholderRepeated);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var api = LoggingApi.TryCreate(start.Compilation);
                if (api == null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeInvocation(c, api), OperationKind.Invocation);
                if (api.LoggerMessageAttribute != null)
                {
                    start.RegisterSymbolAction(c => AnalyzeLoggerMessageMethod(c, api.LoggerMessageAttribute), SymbolKind.Method);
                }
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, LoggingApi api)
        {
            foreach (var diagnostic in Analyze((IInvocationOperation)context.Operation, api))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>
        /// The template diagnostics of one call (none when it is not a logging call). Shared with
        /// <see cref="DuplicateLoggingDiagnosticSuppressor"/>, which must see exactly what this analyzer reports.
        /// </summary>
        internal static IReadOnlyList<Diagnostic> Analyze(IInvocationOperation invocation, LoggingApi api)
        {
            var diagnostics = new List<Diagnostic>();
            var method = api.Find(invocation.TargetMethod);
            if (method == null)
            {
                return diagnostics;
            }

            var templateArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == method.TemplateParameter);
            if (templateArgument == null || templateArgument.IsImplicit && templateArgument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return diagnostics;
            }

            var templateValue = Unwrap(templateArgument.Value);
            var templateSyntax = templateValue.Syntax;
            var text = ConstantText(templateValue);
            if (text == null)
            {
                var reason = NonConstantReason(templateValue, api, out var rewritable);
                if (reason != null)
                {
                    var properties = rewritable
                        ? ImmutableDictionary<string, string?>.Empty.Add(RewritableProperty, "true")
                        : ImmutableDictionary<string, string?>.Empty;
                    diagnostics.Add(Diagnostic.Create(Rules.NonConstantLogTemplate, templateSyntax.GetLocation(), properties, reason));
                }
            }

            var templateOrdinal = templateArgument.Parameter!.Ordinal;
            var values = ArgumentValues(invocation, templateOrdinal);
            var exceptionArgument = invocation.Arguments.FirstOrDefault(a =>
                a.Parameter != null && a.Parameter.Ordinal < templateOrdinal && api.IsException(a.Parameter.Type));
            var exceptionIsNull = exceptionArgument != null && Unwrap(exceptionArgument.Value).ConstantValue is { HasValue: true, Value: null };
            var exceptionPassed = exceptionArgument != null && !exceptionIsNull;

            MessageTemplate? template = null;
            if (text != null)
            {
                template = MessageTemplate.Parse(text, method.Dialect);
                foreach (var error in template.Errors)
                {
                    var location = TemplateLocation.TryMap(templateSyntax, error.Start, error.Length) ?? templateSyntax.GetLocation();
                    var message = method.FixedArgumentCount is int typeArguments && DefineThrows(text, typeArguments, error) is { } throws
                        ? error.Message + ", and " + throws
                        : error.Message;
                    diagnostics.Add(Diagnostic.Create(Rules.MalformedLogTemplate, location, message));
                }

                if (template.MixedPositionalHole is { } mixed)
                {
                    var location = TemplateLocation.TryMap(templateSyntax, mixed.Start, mixed.Length) ?? templateSyntax.GetLocation();
                    diagnostics.Add(Diagnostic.Create(Rules.MalformedLogTemplate, location,
                        $"placeholder '{{{mixed.Name}}}' is positional but the template also names placeholders: every placeholder then binds in order, so '{{{mixed.Name}}}' takes the argument at its place, not argument {mixed.Name}, and becomes a property named '{mixed.Name}'"));
                }

                diagnostics.AddRange(CheckNames(template, templateSyntax));
            }

            var expected = template?.ExpectedArgumentCount(method.Dialect);
            var surplusExceptions = 0;
            if (values != null && !exceptionPassed && method.HasExceptionOverload)
            {
                var nullExceptionIndex = exceptionIsNull && exceptionArgument!.ArgumentKind == ArgumentKind.Explicit ? ArgumentIndex(exceptionArgument) : -1;
                surplusExceptions = CheckExceptions(diagnostics, api, values, expected, ArgumentIndex(templateArgument), nullExceptionIndex);
            }

            if (template != null && template.IsWellFormed && expected != null)
            {
                var mismatch = method.FixedArgumentCount is int typeArguments
                    ? DefineMismatch(template, text!, typeArguments)
                    : values == null ? null : ArgumentMismatch(template, method.Dialect, WithoutSurplusExceptions(values, surplusExceptions, expected.Value, api), expected.Value);
                if (mismatch is var (descriptor, arguments))
                {
                    diagnostics.Add(Diagnostic.Create(descriptor, templateSyntax.GetLocation(), arguments));
                }
            }

            return diagnostics;
        }

        /// <summary>
        /// The template's text when the compiler knows it: a constant, or <c>string.Empty</c>, a readonly field the
        /// compiler does not fold but whose value is fixed ("" binds no argument, so <c>Log.Error(string.Empty, x)</c> drops x).
        /// </summary>
        private static string? ConstantText(IOperation value)
            => value.ConstantValue is { HasValue: true, Value: string text } ? text
                : value is IFieldReferenceOperation { Field: { Name: "Empty", IsStatic: true, ContainingType.SpecialType: SpecialType.System_String } } ? ""
                : null;

        /// <summary>The arguments OPS201 counts: an exception beyond the placeholders is OPS203's, not a missing placeholder.</summary>
        private static List<IOperation> WithoutSurplusExceptions(List<IOperation> values, int surplusExceptions, int expected, LoggingApi api)
            => surplusExceptions == 0 ? values : values.Where((value, i) => i < expected || !api.IsException(value.Type)).ToList();

        /// <summary>OPS201 (which of its descriptors, and the message arguments) for a call whose arguments the template does not bind one to one, or null when they match.</summary>
        private static (DiagnosticDescriptor, object[])? ArgumentMismatch(MessageTemplate template, TemplateDialect dialect, List<IOperation> values, int expected)
        {
            var holes = template.Holes;
            if (dialect == TemplateDialect.Serilog && template.IsPositional)
            {
                // Serilog binds "{1}" to the argument at index 1 and drops every argument no index names.
                var (unbound, unused) = template.PositionalBinding(values.Count);
                if (unbound.Count == 0 && unused.Count == 0)
                {
                    return null;
                }

                var parts = new List<string>();
                if (unbound.Count > 0)
                {
                    parts.Add(HaveNo(unbound.Select(Shown).ToList(), "placeholder", "argument"));
                }

                if (unused.Count > 0)
                {
                    parts.Add(HaveNo(unused.Select(i => Shown(values[i])).ToList(), "argument", "placeholder"));
                }

                return (Rules.LogTemplatePositionalMismatch, new object[] { Capitalized(string.Join(" and ", parts)) });
            }

            if (values.Count == expected)
            {
                return null;
            }

            var missing = values.Count < expected
                ? HaveNo(holes.Skip(values.Count).Select(Shown).ToList(), "placeholder", "argument")
                : HaveNo(values.Skip(expected).Select(Shown).ToList(), "argument", "placeholder");
            return (Rules.LogTemplateArgumentCountMismatch, new object[] { Capitalized(missing), Count(expected, "placeholder"), Count(values.Count, "argument") });
        }

        /// <summary>OPS201 for LoggerMessage.Define&lt;…&gt; whose type arguments and placeholders differ in number.</summary>
        private static (DiagnosticDescriptor, object[])? DefineMismatch(MessageTemplate template, string text, int typeArguments)
        {
            var holes = template.Holes.Length;
            if (holes == typeArguments)
            {
                return null;
            }

            var missing = holes > typeArguments
                ? HaveNo(template.Holes.Skip(typeArguments).Select(Shown).ToList(), "placeholder", "type argument")
                : $"{Count(typeArguments - holes, "type argument")} {(typeArguments - holes == 1 ? "has" : "have")} no placeholder";
            var values = MessageTemplate.MicrosoftValueCount(text);
            return values != typeArguments
                ? (Rules.LogDefineTypeArgumentMismatch, new object[] { Capitalized(missing), Count(values, "placeholder"), Count(typeArguments, "type argument") })
                : (Rules.LogTemplateArgumentCountMismatch, new object[] { Capitalized(missing), Count(holes, "placeholder"), Count(typeArguments, "type argument") });
        }

        /// <summary>
        /// Why LoggerMessage.Define throws for this template, or null when it does not: it parses the template when it runs,
        /// usually in a static field initializer, so the service fails at startup rather than at the first log call.
        /// </summary>
        private static string? DefineThrows(string text, int typeArguments, TemplateError? error)
        {
            const string Throws = "LoggerMessage.Define throws when it runs (at startup, for a static field): ";
            var values = MessageTemplate.MicrosoftValueCount(text);
            if (values != typeArguments)
            {
                return Throws + $"Microsoft.Extensions.Logging counts {Count(values, "placeholder")} but it has {Count(typeArguments, "type argument")}";
            }

            return error != null && error.BreaksFormat ? Throws + "Microsoft.Extensions.Logging cannot parse the template" : null;
        }

        /// <summary>"placeholder {OrderId} has no argument", "arguments 'a' and 'b' have no placeholder".</summary>
        private static string HaveNo(List<string> items, string what, string missing)
        {
            var shown = items.Count <= 3 ? items : items.Take(3).Concat(new[] { $"{items.Count - 3} more" }).ToList();
            var list = shown.Count == 1 ? shown[0] : string.Join(", ", shown.Take(shown.Count - 1)) + " and " + shown[shown.Count - 1];
            return items.Count == 1 ? $"{what} {list} has no {missing}" : $"{what}s {list} have no {missing}";
        }

        private static string Shown(TemplateHole hole) => "{" + hole.RawName + "}";

        private static string Shown(IOperation value)
        {
            var text = value.Syntax.ToString();
            return "'" + (text.Length > 40 ? text.Substring(0, 37) + "..." : text) + "'";
        }

        private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        /// <summary>
        /// Why a non-constant template is reported, or null when it is not. Only what is built at run time
        /// here is reported: parameters, fields and properties may hold a fixed template defined elsewhere.
        /// </summary>
        private static string? NonConstantReason(IOperation value, LoggingApi api, out bool rewritable)
        {
            rewritable = false;
            switch (value)
            {
                case IInterpolatedStringOperation interpolation:
                    if (interpolation.Parts.OfType<IInterpolationOperation>().All(p => p.Expression.ConstantValue.HasValue))
                    {
                        return null;
                    }

                    rewritable = true;
                    return "string interpolation";
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                    rewritable = true;
                    return "string concatenation";
                case IInvocationOperation call:
                    var target = call.TargetMethod;
                    if (target.ContainingType?.SpecialType != SpecialType.System_String)
                    {
                        return $"the result of '{target.Name}()'";
                    }

                    // The fix turns string.Format("Order {0}", id) into "Order {Id}", id when the format is constant.
                    rewritable = target.Name == "Format" && call.Arguments.Any(a => a.Parameter?.Name == "format" && a.Value.ConstantValue.HasValue);
                    return $"string.{target.Name}";
                case ILocalReferenceOperation local:
                    return LocalInitializerReason(local, api);
                case IPropertyReferenceOperation { Property.Name: "Message", Instance: { Type: var type } } when api.IsException(type):
                    // ex.Message as the template: run-time text, and any brace in it breaks formatting.
                    return "the exception's Message";
                default:
                    return null;
            }
        }

        /// <summary>A local is reported when its initializer is itself built at run time ("var message = $"..."").</summary>
        private static string? LocalInitializerReason(ILocalReferenceOperation local, LoggingApi api)
        {
            if (local.Local.IsConst || local.SemanticModel == null)
            {
                return null;
            }

            foreach (var reference in local.Local.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == local.Syntax.SyntaxTree
                    && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var initializer }
                    && local.SemanticModel.GetOperation(initializer) is IOperation operation)
                {
                    var unwrapped = Unwrap(operation);
                    if (!unwrapped.ConstantValue.HasValue && !(unwrapped is ILocalReferenceOperation))
                    {
                        var reason = NonConstantReason(unwrapped, api, out _);
                        return reason == null ? null : $"the variable '{local.Local.Name}' holds {reason}";
                    }
                }
            }

            return null;
        }

        /// <summary>The values bound to the template, or null when their number is not known (a params array passed as a variable).</summary>
        private static List<IOperation>? ArgumentValues(IInvocationOperation invocation, int templateOrdinal)
        {
            var values = new List<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter == null || parameter.Ordinal <= templateOrdinal || parameter.RefKind == RefKind.Out)
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                // A params array, or a plain object[] of values (Serilog's BindMessageTemplate): count its elements.
                if (parameter.IsParams || parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Object })
                {
                    var array = Unwrap(argument.Value);
                    if (array is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        values.AddRange(initializer.ElementValues.Select(Unwrap));
                    }
                    else if (array is IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes } && sizes[0].ConstantValue.Value is 0)
                    {
                        // new object[0]
                    }
                    else if (array is IInvocationOperation { TargetMethod: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_Array } })
                    {
                        // Array.Empty<object>()
                    }
                    else
                    {
                        return null;
                    }
                }
                else
                {
                    values.Add(Unwrap(argument.Value));
                }
            }

            return values;
        }

        /// <summary>OPS203; returns how many exceptions were passed beyond the template's placeholders (they are not counted for OPS201).</summary>
        private static int CheckExceptions(List<Diagnostic> diagnostics, LoggingApi api, List<IOperation> values, int? expected, int templateIndex, int nullExceptionIndex)
        {
            var surplus = 0;
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                var bound = expected == null || i < expected;
                if (api.IsException(value.Type))
                {
                    if (!bound)
                    {
                        surplus++;
                    }

                    Report(value, "argument", $"The exception '{value.Syntax}' is passed as a template argument", bound);
                }
                else if (ExceptionMember(api, value) != null)
                {
                    Report(value, "member", $"Only '{value.Syntax}' of the exception is logged", bound);
                }
            }

            return surplus;

            void Report(IOperation value, string use, string message, bool bound)
            {
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(ExceptionUseProperty, use)
                    .Add(BoundToPlaceholderProperty, bound ? "true" : "false")
                    .Add(TemplateArgumentIndexProperty, templateIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (nullExceptionIndex >= 0)
                {
                    properties = properties.Add(NullExceptionArgumentIndexProperty, nullExceptionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                diagnostics.Add(Diagnostic.Create(Rules.ExceptionNotLoggedAsException, value.Syntax.GetLocation(), properties, message));
            }
        }

        /// <summary>"Message" or "ToString" when the value is ex.Message or ex.ToString() of an exception held in a variable, field or property.</summary>
        private static string? ExceptionMember(LoggingApi api, IOperation value)
        {
            var (instance, member) = value switch
            {
                IPropertyReferenceOperation { Property.Name: "Message" } property => (property.Instance, "Message"),
                IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0 } call => (call.Instance, "ToString"),
                _ => (null, null),
            };

            return instance is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                   && api.IsException(instance.Type)
                ? member
                : null;
        }

        /// <summary>
        /// OPS206: names that are not PascalCase, and named placeholders that repeat. Returns the diagnostics
        /// rather than taking a report callback: a delegate over the analysis context boxes that struct on
        /// every logging call (a third of this analyzer's time before).
        /// </summary>
        private static IReadOnlyList<Diagnostic> CheckNames(MessageTemplate template, SyntaxNode templateSyntax)
        {
            List<Diagnostic>? found = null;
            var holes = template.Holes;
            for (var i = 0; i < holes.Length; i++)
            {
                var hole = holes[i];
                if (hole.IsPositional)
                {
                    continue;
                }

                // Most holes are fine: their location is mapped only for a diagnostic.
                if (Repeats(holes, i))
                {
                    var location = TemplateLocation.TryMap(templateSyntax, hole.NameStart, hole.Name.Length);
                    (found ??= new List<Diagnostic>()).Add(Diagnostic.Create(
                        Rules.LogPlaceholderRepeated, location ?? templateSyntax.GetLocation(), hole.Name));
                    continue;
                }

                var pascal = PlaceholderNames.ToPascalCase(hole.Name);
                if (pascal != null && pascal != hole.Name)
                {
                    var location = TemplateLocation.TryMap(templateSyntax, hole.NameStart, hole.Name.Length);
                    var precise = location != null && location.SourceSpan.Length == hole.Name.Length;
                    var properties = precise
                        ? ImmutableDictionary<string, string?>.Empty.Add(SuggestedNameProperty, pascal)
                        : ImmutableDictionary<string, string?>.Empty;
                    (found ??= new List<Diagnostic>()).Add(Diagnostic.Create(
                        Rules.LogPlaceholderName, location ?? templateSyntax.GetLocation(), properties, hole.Name, pascal));
                }
            }

            return found ?? (IReadOnlyList<Diagnostic>)System.Array.Empty<Diagnostic>();
        }

        /// <summary>Whether a named hole before <paramref name="index"/> has the same name (templates hold a handful of holes).</summary>
        private static bool Repeats(ImmutableArray<TemplateHole> holes, int index)
        {
            for (var j = 0; j < index; j++)
            {
                if (!holes[j].IsPositional && holes[j].Name == holes[index].Name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// [LoggerMessage] templates: only OPS206. The logging source generator already reports malformed
        /// templates and template/parameter mismatches (SYSLIB1013-1015, SYSLIB1022).
        /// </summary>
        private static void AnalyzeLoggerMessageMethod(SymbolAnalysisContext context, INamedTypeSymbol loggerMessageAttribute)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.PartialDefinitionPart != null)
            {
                // The implementation part of a partial method shares the definition's attributes: check them once.
                return;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, loggerMessageAttribute)
                    || attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax
                    || syntax.ArgumentList == null)
                {
                    continue;
                }

                var messageArgument = FindMessageArgument(attribute, syntax);
                if (messageArgument?.Expression is { } expression
                    && attribute.NamedArguments.Concat(ConstructorArguments(attribute)).FirstOrDefault(a => a.Key == "Message" || a.Key == "message").Value.Value is string text)
                {
                    var template = MessageTemplate.Parse(text, TemplateDialect.MicrosoftExtensionsLogging);
                    foreach (var diagnostic in CheckNames(template, expression))
                    {
                        context.ReportDiagnostic(diagnostic);
                    }
                }
            }
        }

        private static IEnumerable<KeyValuePair<string, TypedConstant>> ConstructorArguments(AttributeData attribute)
        {
            var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            for (var i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
            {
                yield return new KeyValuePair<string, TypedConstant>(parameters[i].Name, attribute.ConstructorArguments[i]);
            }
        }

        private static AttributeArgumentSyntax? FindMessageArgument(AttributeData attribute, AttributeSyntax syntax)
        {
            var arguments = syntax.ArgumentList!.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == "Message" || argument.NameColon?.Name.Identifier.ValueText == "message")
                {
                    return argument;
                }
            }

            var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            for (var i = 0; i < parameters.Length && i < arguments.Count; i++)
            {
                if (parameters[i].Name == "message" && arguments[i].NameEquals == null && arguments[i].NameColon == null)
                {
                    return arguments[i];
                }
            }

            return null;
        }

        /// <summary>The position of the argument in the call's syntax, or -1 (implicit, or not in an argument list).</summary>
        private static int ArgumentIndex(IArgumentOperation argumentOperation)
            => argumentOperation.Syntax is ArgumentSyntax argument && argument.Parent is ArgumentListSyntax list
                ? list.Arguments.IndexOf(argument)
                : -1;

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
