using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>LogTemplateAnalyzer: OPS200 (non-constant template), OPS201 (placeholders and arguments disagree), OPS202 (malformed template), OPS203 (exception not passed as the exception), OPS206 (placeholder names).</summary>
public class LogTemplateAnalyzerTests
{
    private static Task Verify(string source) => LoggingProjects.Library.VerifyAsync<LogTemplateAnalyzer>(source);

    /// <summary>A test over several files (a Microsoft and a Serilog one: their ILogger names clash in one file).</summary>
    private static OpsReadyTest<LogTemplateAnalyzer, EmptyCodeFixProvider> Create(string source, params string[] more)
    {
        var test = LoggingProjects.Library.Analyzer<LogTemplateAnalyzer>(source);
        foreach (var (other, i) in more.Select((m, i) => (m, i)))
        {
            test.TestState.Sources.Add(($"/0/More{i}.cs", other.Replace("public class Orders", $"public class Orders{i}")));
        }

        return test;
    }

    private static string Mel(string body) => $$"""
        using System;
        using Microsoft.Extensions.Logging;

        public class Orders
        {
            private const string Template = "Order {OrderId} placed";
            private static readonly string ReadonlyTemplate = "Order {OrderId} placed";
            public string Property { get; set; } = "";

            public void Run(ILogger logger, int orderId, string name, Exception ex, object[] values, string template)
            {
                {{body}}
            }

            private static string Describe(int id) => id.ToString();
        }
        """;

    private static string Serilog(string body) => $$"""
        using System;
        using Serilog;

        public class Orders
        {
            public void Run(ILogger logger, int orderId, string name, Exception ex)
            {
                {{body}}
            }
        }
        """;

    // ---- OPS200: non-constant templates ----

    [Fact]
    public Task Interpolation_with_holes_is_reported() => Verify(Mel("""logger.LogInformation({|OPS200:$"Order {orderId} placed"|});"""));

    [Fact]
    public Task Concatenation_with_a_variable_is_reported() => Verify(Mel("""logger.LogWarning({|OPS200:"Order " + orderId + " placed"|});"""));

    [Fact]
    public Task String_format_is_reported() => Verify(Mel("""logger.LogInformation({|OPS200:string.Format("Order {0}", orderId)|});"""));

    [Fact]
    public Task A_method_call_is_reported() => Verify(Mel("""logger.LogInformation({|OPS200:Describe(orderId)|});"""));

    [Fact]
    public Task A_local_built_by_interpolation_is_reported() => Verify(Mel("""
        var message = $"Order {orderId} placed";
                logger.LogInformation({|OPS200:message|});
        """));

    [Fact]
    public Task The_exception_message_as_template_is_reported() => Verify(Mel("""
        logger.LogError(ex, {|OPS200:ex.Message|});
                logger.LogError({|OPS200:ex.InnerException!.Message|});
        """));

    [Fact]
    public Task Serilog_interpolation_is_reported() => Verify(Serilog("""logger.Information({|OPS200:$"Order {orderId}"|});"""));

    [Fact]
    public Task Serilog_static_log_interpolation_is_reported() => Verify(Serilog("""Log.Error(ex, {|OPS200:$"Order {orderId} failed"|});"""));

    [Fact]
    public Task BeginScope_interpolation_is_reported() => Verify(Mel("""
        using var scope = logger.BeginScope({|OPS200:$"Order {orderId} for {{Name}}"|}, name);
                // One argument binds to ILogger.BeginScope<TState>(TState): a scope state, not a template.
                using var state = logger.BeginScope($"Order {orderId}");
        """));

    [Fact]
    public Task Constants_and_constant_interpolations_are_fine() => Verify(Mel("""
        const string local = "Order {OrderId}";
                logger.LogInformation(Template, orderId);
                logger.LogInformation(local, orderId);
                logger.LogInformation("Order " + "{OrderId} placed", orderId);
                logger.LogInformation($"{nameof(Orders)} started");
                logger.LogInformation($"{nameof(Run)}: order {{OrderId}}", orderId);
                logger.LogInformation("In " + nameof(Run));
        """));

    [Fact]
    public Task Parameters_readonly_fields_properties_and_constant_locals_are_not_reported() => Verify(Mel("""
        var fixedTemplate = "Order {OrderId}";
                logger.LogInformation(template, orderId);
                logger.LogInformation(ReadonlyTemplate, orderId);
                logger.LogInformation(Property);
                logger.LogInformation(fixedTemplate, orderId);
        """));

    [Fact]
    public Task A_method_of_your_own_called_LogInformation_is_not_a_logging_call() => Verify("""
        public class Console2
        {
            public void LogInformation(string message, params object[] args) { }
            public void Run(int id)
            {
                LogInformation($"Order {id}");
                LogInformation("Order {Id} {Other}", id);
            }
        }
        """);

    [Fact]
    public Task Nothing_is_reported_without_a_logging_library() => LoggingProjects.LibraryWithoutLogging.VerifyAsync<LogTemplateAnalyzer>("""
        public static class LoggerExtensions
        {
            public static void LogInformation(this object logger, string message, params object[] args) { }
        }
        public class C { void M(object o, int id) => o.LogInformation($"Order {id}"); }
        """);

    // ---- OPS201: placeholders vs arguments ----

    [Fact]
    public Task Too_few_arguments_are_reported() => Verify(Mel("""logger.LogInformation({|OPS201:"Order {OrderId} for {Name}"|}, orderId);"""));

    [Fact]
    public Task Too_many_arguments_are_reported() => Verify(Mel("""logger.LogInformation({|OPS201:"Order {OrderId}"|}, orderId, name);"""));

    [Fact]
    public Task Placeholders_without_any_argument_are_reported() => Verify(Mel("""logger.LogInformation({|OPS201:"Order {OrderId}"|});"""));

    [Fact]
    public Task An_explicit_params_array_is_counted() => Verify(Mel("""
        logger.LogInformation({|OPS201:"Order {OrderId} for {Name}"|}, new object[] { orderId });
                logger.LogInformation("Order {OrderId} for {Name}", new object[] { orderId, name });
                logger.LogInformation("No holes", Array.Empty<object>());
        """));

    [Fact]
    public Task A_params_array_of_unknown_length_is_not_counted() => Verify(Mel("""logger.LogInformation("Order {OrderId} for {Name}", values);"""));

    [Fact]
    public Task Microsoft_repeated_names_each_take_an_argument() => Verify(Mel("""
        logger.LogInformation({|OPS201:"{OrderId} then {OrderId}"|}, orderId);
                logger.LogInformation("{0} then {0}", orderId, orderId);
        """).Replace("{|OPS201:\"{OrderId} then {OrderId}\"|}", "{|OPS201:\"{OrderId} then {{|OPS206:OrderId|}}\"|}"));

    [Fact]
    public Task Serilog_positional_placeholders_bind_by_index() => Verify(Serilog("""
        logger.Information("{0} then {0}", orderId);
                logger.Information({|OPS201:"{0} then {1}"|}, orderId);
                logger.Information("{Name} has {Count}", name, orderId);
                logger.Information({|OPS201:"{Name} has {Count}"|}, name);
        """));

    [Fact]
    public Task Escaped_braces_are_not_placeholders() => Verify(Mel("""
        logger.LogInformation("Use {{braces}} for {OrderId}", orderId);
                logger.LogInformation("Literal {{NotAHole}}");
        """));

    [Fact]
    public Task LoggerMessage_Define_counts_type_arguments() => Verify(Mel("""
        var ok = LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1), "Order {OrderId} for {Name}");
                var bad = LoggerMessage.Define<int>(LogLevel.Information, new EventId(2), {|OPS201:"Order {OrderId} for {Name}"|});
                var scope = LoggerMessage.DefineScope<int>("Order {OrderId}");
        """));

    [Fact]
    public Task EventId_and_log_level_overloads_are_understood() => Verify(Mel("""
        logger.LogInformation(new EventId(7), "Order {OrderId}", orderId);
                logger.Log(LogLevel.Warning, ex, "Order {OrderId}", orderId);
                logger.Log(LogLevel.Warning, {|OPS201:"Order {OrderId}"|});
        """));

    [Fact]
    public Task Serilog_generic_overloads_and_destructuring() => Verify(Serilog("""
        logger.Information("Order {@Order} by {$Name}", new { Id = orderId }, name);
                logger.Debug("Took {Elapsed:0.00} ms for {Name,10}", 1.5, name);
                logger.Write(Serilog.Events.LogEventLevel.Warning, {|OPS201:"Order {OrderId} {Name}"|}, orderId);
        """));

    [Fact]
    public Task Wrappers_marked_with_MessageTemplateFormatMethod_are_checked() => Verify("""
        using Serilog.Core;

        public static class Audit
        {
            [MessageTemplateFormatMethod("template")]
            public static void Record(string template, params object[] values) { }

            public static void Use(int id)
            {
                Record({|OPS201:"Order {OrderId} by {User}"|}, id);
                Record({|OPS200:$"Order {id}"|});
                Record("Order {OrderId}", id);
            }
        }
        """);

    [Fact]
    public Task Users_own_MessageTemplateFormatMethod_attribute_works_for_Microsoft_wrappers() => Verify("""
        using Microsoft.Extensions.Logging;

        [System.AttributeUsage(System.AttributeTargets.Method)]
        public sealed class MessageTemplateFormatMethodAttribute : System.Attribute
        {
            public MessageTemplateFormatMethodAttribute(string parameterName) { }
        }

        public static class Log2
        {
            [MessageTemplateFormatMethod("message")]
            public static void Info(this ILogger logger, string message, params object[] args) => logger.LogInformation(message, args);

            public static void Use(ILogger logger, int id) => logger.Info({|OPS201:"Order {OrderId} {Other}"|}, id);
        }
        """);

    [Fact]
    public Task String_Empty_is_a_constant_template_whose_arguments_are_counted() => Create(Mel("""
        logger.LogInformation({|OPS201:string.Empty|}, orderId);
                logger.LogInformation({|OPS201:String.Empty|}, orderId, name);
                logger.LogInformation(string.Empty);
        """), Serilog("""
        Log.Error({|OPS201:String.Empty|}, "Hello");
                Log.Error(string.Empty);
        """)).RunAsync();

    [Fact]
    public Task A_readonly_field_other_than_string_Empty_is_not_counted() => Verify(Mel("""logger.LogInformation(ReadonlyTemplate, orderId, name);"""));

    [Fact]
    public Task Serilog_drops_an_argument_no_positional_placeholder_names() => Verify(Serilog("""
        logger.Information({|OPS201:"{1}"|}, "Mr.", "Tester");
                logger.Information({|OPS201:"{0} and {2}"|}, 1, 2, 3);
                logger.Information("{1} {0}", "Mr.", "Tester");
                logger.Information("{0} {0}", "Mr.");
        """));

    [Fact]
    public Task Microsoft_binds_positional_placeholders_in_order() => Verify(Mel("""
        logger.LogInformation("{1}", orderId);
                logger.LogInformation({|OPS201:"{1}"|}, orderId, name);
        """));

    [Fact]
    public async Task OPS201_names_the_missing_placeholder_or_argument()
    {
        var test = Create(Mel("""
            logger.LogInformation({|#0:"Order {OrderId} for {Name}"|}, orderId);
                    logger.LogInformation({|#1:"Order {OrderId}"|}, orderId, name);
                    logger.LogInformation({|#2:"Order"|}, orderId, name, ex.Message.Length);
                    logger.LogError({|#5:"Order {OrderId}"|}, orderId, {|OPS203:ex|}, name);
                    var define = LoggerMessage.Define<int>(LogLevel.Information, new EventId(1), {|#3:"Order {OrderId} for {Name}"|});
            """), Serilog("""
            logger.Information({|#4:"{1}"|}, "Mr.", "Tester");
            """));
        test.ExpectedDiagnostics.Add(Ops201(0, "Placeholder {Name} has no argument: the template has 2 placeholders and the call passes 1 argument"));
        test.ExpectedDiagnostics.Add(Ops201(1, "Argument 'name' has no placeholder: the template has 1 placeholder and the call passes 2 arguments"));
        test.ExpectedDiagnostics.Add(Ops201(2, "Arguments 'orderId', 'name' and 'ex.Message.Length' have no placeholder: the template has 0 placeholders and the call passes 3 arguments"));
        test.ExpectedDiagnostics.Add(Ops201(3, "Placeholder {Name} has no type argument, and LoggerMessage.Define throws when it runs (at startup, for a static field): Microsoft.Extensions.Logging counts 2 placeholders but it has 1 type argument"));
        test.ExpectedDiagnostics.Add(Ops201(5, "Argument 'name' has no placeholder: the template has 1 placeholder and the call passes 2 arguments"));
        test.ExpectedDiagnostics.Add(Ops201(4, "Argument '\"Mr.\"' has no placeholder: Serilog binds positional placeholders by index and drops an argument no index names"));
        await test.RunAsync();

        static DiagnosticResult Ops201(int location, string message)
            => new DiagnosticResult(message.Contains("Serilog binds", StringComparison.Ordinal) ? Rules.LogTemplatePositionalMismatch
                    : message.Contains("LoggerMessage.Define", StringComparison.Ordinal) ? Rules.LogDefineTypeArgumentMismatch
                    : Rules.LogTemplateArgumentCountMismatch).WithLocation(location).WithMessage(message);
    }

    // ---- OPS202: malformed templates ----

    [Fact]
    public Task Unclosed_placeholder_is_reported_where_it_is() => Verify(Mel("""logger.LogInformation("Order {|OPS202:{OrderId|}", orderId);"""));

    [Fact]
    public Task Stray_closing_brace_is_reported() => Verify(Mel("""logger.LogInformation("Order {OrderId} done{|OPS202:}|}", orderId);"""));

    [Fact]
    public Task Empty_and_invalid_names_are_reported() => Verify(Mel("""
        logger.LogInformation("Order {|OPS202:{}|}", orderId);
                logger.LogInformation("Order {|OPS202:{Order Id}|}", orderId);
                logger.LogInformation("Order {|OPS202:{@}|}", orderId);
        """));

    [Fact]
    public Task Malformed_template_through_escapes_is_mapped() => Verify(Mel("""logger.LogInformation("Tab\tthen {|OPS202:{Bad Name}|}\n", orderId);"""));

    [Fact]
    public Task Surrogate_pairs_and_unicode_escapes_are_mapped() => Verify(Mel("""logger.LogInformation("😀 \U0001F600 \u00e9 {|OPS202:{}|} {{|OPS206:größe|}}", orderId, name);"""));

    [Fact]
    public Task Raw_and_verbatim_templates_are_mapped() => Verify(Mel(""""
        logger.LogInformation("""Raw {|OPS202:{Bad Name}|}""", orderId);
                logger.LogInformation(@"Verbatim ""quoted"" {|OPS202:{Bad Name}|}", orderId);
        """"));

    [Fact]
    public Task Malformed_const_template_is_reported_on_the_argument() => Verify("""
        using Microsoft.Extensions.Logging;
        public class C
        {
            private const string Broken = "Order {OrderId";
            public void M(ILogger logger, int id) => logger.LogInformation({|OPS202:Broken|}, id);
        }
        """);

    [Fact]
    public async Task Positional_mixed_with_named_placeholders_is_reported_on_the_positional_one()
    {
        var test = LoggingProjects.Library.Analyzer<LogTemplateAnalyzer>(Serilog("""
            logger.Information("{|#0:{0}|} mixed with {Kind}", name, orderId);
                    logger.Information("{0} and {1} only", name, orderId);
                    logger.Information("{Kind} only", name);
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.MalformedLogTemplate).WithLocation(0).WithMessage(
            "The log message template is malformed: placeholder '{0}' is positional but the template also names placeholders: every placeholder then binds in order, so '{0}' takes the argument at its place, not argument 0, and becomes a property named '0'"));
        await test.RunAsync();
    }

    [Fact]
    public Task Mixed_placeholders_are_reported_for_Microsoft_too_and_still_counted() => Verify(Mel("""
        logger.LogInformation({|OPS201:"{Kind} then {|OPS202:{0}|}"|}, name);
        """));

    [Fact]
    public async Task LoggerMessage_Define_with_an_empty_placeholder_says_it_throws_at_startup()
    {
        var test = LoggingProjects.Library.Analyzer<LogTemplateAnalyzer>(Mel("""
            var bad = LoggerMessage.Define<int>(LogLevel.Information, new EventId(1), "{One} {|#0:{}|}");
                    var fits = LoggerMessage.Define<int, int>(LogLevel.Information, new EventId(2), "{One} {|#1:{}|}");
                    logger.LogInformation("{One} {|#2:{}|}", orderId);
                    var unclosed = LoggerMessage.Define<int>(LogLevel.Information, new EventId(3), "{One} {|#3:{Two|}");
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.MalformedLogTemplate).WithLocation(0).WithMessage(
            "The log message template is malformed: placeholder '{}' has no name, and LoggerMessage.Define throws when it runs (at startup, for a static field): Microsoft.Extensions.Logging counts 2 placeholders but it has 1 type argument"));
        // With as many type arguments as Microsoft counts holes, Define does not throw: the message does not say it does.
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.MalformedLogTemplate).WithLocation(1).WithMessage("The log message template is malformed: placeholder '{}' has no name"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.MalformedLogTemplate).WithLocation(2).WithMessage("The log message template is malformed: placeholder '{}' has no name"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.MalformedLogTemplate).WithLocation(3).WithMessage(
            "The log message template is malformed: '{' is never closed (write '{{' for a literal brace), and LoggerMessage.Define throws when it runs (at startup, for a static field): Microsoft.Extensions.Logging cannot parse the template"));
        await test.RunAsync();
    }

    [Fact]
    public Task Serilog_format_and_alignment_are_valid() => Verify(Serilog("""logger.Information("At {Time:HH:mm:ss} {Name,-10} {Value,8:0.00}", DateTime.Now, name, 2.5);"""));

    // ---- OPS203: exceptions ----

    [Fact]
    public Task Exception_as_template_argument_is_reported() => Verify(Mel("""logger.LogError("Order {OrderId} failed: {Error}", orderId, {|OPS203:ex|});"""));

    [Fact]
    public Task Exception_as_surplus_argument_is_reported_once() => Verify(Mel("""logger.LogError("Order {OrderId} failed", orderId, {|OPS203:ex|});"""));

    [Fact]
    public Task Only_the_message_logged_is_reported() => Verify(Mel("""
        logger.LogError("Order {OrderId} failed: {Error}", orderId, {|OPS203:ex.Message|});
                logger.LogWarning("Failed: {Error}", {|OPS203:ex.ToString()|});
        """));

    [Fact]
    public Task Serilog_exception_argument_is_reported() => Verify(Serilog("""logger.Error("Order {OrderId} failed {Error}", orderId, {|OPS203:ex|});"""));

    [Fact]
    public Task Exception_passed_as_exception_is_fine() => Verify(Mel("""
        logger.LogError(ex, "Order {OrderId} failed", orderId);
                logger.LogError(ex, "Order {OrderId} failed: {Error}", orderId, ex.Message);
                logger.LogError(new EventId(3), ex, "Order {OrderId} failed", orderId);
        """));

    [Fact]
    public Task BeginScope_has_no_exception_overload() => Verify(Mel("""using var scope = logger.BeginScope("Failure {Error}", ex.Message);"""));

    // ---- OPS206: names ----

    [Fact]
    public Task CamelCase_and_snake_case_names_are_reported() => Verify(Mel("""logger.LogInformation("Order {{|OPS206:orderId|}} by {{|OPS206:user_name|}}", orderId, name);"""));

    [Fact]
    public Task Repeated_names_are_reported() => Verify(Serilog("""logger.Information("{Name} and {{|OPS206:Name|}}", name, name);"""));

    [Fact]
    public async Task Each_OPS206_condition_has_its_own_message()
    {
        var test = Create(Serilog("""logger.Information("{Name} and {{|#0:Name|}} by {{|#1:user_name|}}", name, name, name);"""));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.LogPlaceholderRepeated).WithLocation(0).WithArguments("Name"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Rules.LogPlaceholderName).WithLocation(1).WithArguments("user_name", "UserName"));
        await test.RunAsync();
        Assert.Equal("Placeholder 'Name' repeats in the template: each occurrence takes its own argument and the property keeps only one",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.LogPlaceholderRepeated.MessageFormat.ToString(), "Name"));
    }

    [Fact]
    public Task Positional_and_dotted_names_are_fine() => Verify(Mel("""
        logger.LogInformation("{0} and {1}", orderId, name);
                logger.LogInformation("Request {http.method}", name);
        """));

    [Fact]
    public Task LoggerMessage_attribute_names_are_checked_and_nothing_else() => Verify("""
        using Microsoft.Extensions.Logging;

        public static partial class Log
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {{|OPS206:orderId|}} placed")]
            public static partial void OrderPlaced(ILogger logger, int orderId);

            [LoggerMessage(2, LogLevel.Warning, "Order {OrderId} late by {Delay}")]
            public static partial void OrderLate(ILogger logger, int orderId, int delay);

            public static partial void OrderPlaced(ILogger logger, int orderId) { }
            public static partial void OrderLate(ILogger logger, int orderId, int delay) { }
        }
        """);

    [Fact]
    public Task Serilog_BindMessageTemplate_counts_its_value_array() => Verify(Serilog("""
        Log.BindMessageTemplate("Hello, {Name}!", new[] { "World" }, out var parsed, out var properties);
                Log.BindMessageTemplate({|OPS201:"Hello, {Name} {Other}!"|}, new object[] { "World" }, out parsed, out properties);
        """));

    // ---- robustness ----

    /// <summary>Half-typed code, as the IDE analyses it between keystrokes: the analyzers may report or not, but never throw.</summary>
    [Theory]
    [InlineData("logger.LogInformation(")]
    [InlineData("logger.LogInformation($\"Order {orderId\")")]
    [InlineData("logger.LogInformation(\"Order {OrderId}\", ")]
    [InlineData("logger.LogError(, \"x {A}\", ex)")]
    [InlineData("logger.LogInformation(message: , args: null)")]
    [InlineData("logger.LogInformation(args: new object[] { 1 }, message: \"{A}\")")]
    [InlineData("Log.Information(\"{A}\" + )")]
    [InlineData("Log.Error(ex, \"{A}\", ex.)")]
    [InlineData("LoggerMessage.Define<int>(LogLevel.Information, 1, )")]
    [InlineData("LoggerMessage.Define<>(LogLevel.Information, 1, \"{A}\")")]
    [InlineData("logger.LogInformation(\"{A}\", new object[] { , })")]
    [InlineData("logger.LogInformation(\"{A\", new object[2])")]
    [InlineData("logger.LogWarning(undefined, \"{A}\", ex.Message)")]
    [InlineData("Console.WriteLine(")]
    [InlineData("Console.Error.WriteLine($\"{")]
    [InlineData("builder.AddJsonConsole(")]
    [InlineData("new Serilog.Formatting.Json.JsonFormatter(")]
    [InlineData("[LoggerMessage(Message = )] void X() { }")]
    [InlineData("logger.LogInformation(\"\\u00\")")]
    public async Task Half_typed_code_never_throws(string statement)
    {
        var source = $$"""
            using System;
            using Microsoft.Extensions.Logging;
            using Serilog;
            public class C
            {
                public void M(Microsoft.Extensions.Logging.ILogger logger, Microsoft.Extensions.Logging.ILoggingBuilder builder, int orderId, Exception ex)
                {
                    {{statement}}
                }
            }
            """;
        var references = await LoggingProjects.Library.ReferenceAssemblies.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, CancellationToken.None);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "HalfTyped",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source) },
            references,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication));
        var analyzers = System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(
            new LogTemplateAnalyzer(), new ConsoleOutputAnalyzer(), new StructuredLogOutputAnalyzer());
        var options = new Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzersOptions(
            new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.AdditionalText>.Empty, LoggingProjects.Service.Options),
            onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
