using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using OpsReady.Analyzers.Logging;
using OpsReady.CodeFixes.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>
/// The logging fixes, one diagnostic at a time and with Fix All (the testing library runs both):
/// InterpolationToTemplateCodeFix (OPS200), MoveExceptionCodeFix (OPS203), PascalCasePlaceholderCodeFix (OPS206).
/// </summary>
public class LoggingCodeFixTests
{
    private static Task Fix<TFix>(string source, string fixedSource)
        where TFix : CodeFixProvider, new()
        => LoggingProjects.Library.Test<LogTemplateAnalyzer, TFix>(source, fixedSource).RunAsync();

    /// <summary>Fix All with the fix's own equivalence key over two documents: one pass in the project or solution.</summary>
    private static Task FixAllInTwoDocuments<TFix>(string source, string fixedSource, string second, string secondFixed)
        where TFix : CodeFixProvider, new()
    {
        var test = LoggingProjects.Library.Test<LogTemplateAnalyzer, TFix>(source, fixedSource);
        test.TestState.Sources.Add(("/0/Second.cs", second));
        test.FixedState.Sources.Add(("/0/Second.cs", secondFixed));
        test.CodeActionEquivalenceKey = typeof(TFix).Name;
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 2; // one document at a time
        return test.RunAsync();
    }

    private static string Mel(string body) => $$"""
        using System;
        using Microsoft.Extensions.Logging;

        public record Order(int Id, decimal Total, Customer Customer);
        public record Customer(int Id, string Name);

        public class Orders
        {
            private int _retries;

            public void Run(ILogger logger, Order order, int count, decimal total, Exception ex, Customer customer)
            {
                {{body}}
            }
        }
        """;

    // ---- OPS200: interpolation / concatenation → template ----

    [Fact]
    public Task Interpolation_becomes_a_template_with_named_arguments() => Fix<InterpolationToTemplateCodeFix>(
        Mel("""logger.LogInformation({|OPS200:$"Order {order.Id} has {count} items, total {total:N2}"|});"""),
        Mel("""logger.LogInformation("Order {OrderId} has {Count} items, total {Total:N2}", order.Id, count, total);"""));

    [Fact]
    public Task Alignment_format_escapes_and_nameof_are_kept() => Fix<InterpolationToTemplateCodeFix>(
        Mel("""logger.LogWarning(new EventId(4), {|OPS200:$"{nameof(Run)}: {{literal}} {count,5} {total,-8:0.00} retry {this._retries}"|});"""),
        Mel("""logger.LogWarning(new EventId(4), "Run: {{literal}} {Count,5} {Total,-8:0.00} retry {Retries}", count, total, this._retries);"""));

    [Fact]
    public Task Colliding_names_are_qualified_or_numbered() => Fix<InterpolationToTemplateCodeFix>(
        Mel("""logger.LogInformation({|OPS200:$"{order.Id} {customer.Id} {order.Customer.Name} {count} {count}"|});"""),
        Mel("""logger.LogInformation("{OrderId} {CustomerId} {CustomerName} {Count} {Count2}", order.Id, customer.Id, order.Customer.Name, count, count);"""));

    [Fact]
    public Task Concatenation_becomes_a_template() => Fix<InterpolationToTemplateCodeFix>(
        Mel("""logger.LogError(ex, {|OPS200:"Order " + order.Id + " failed after " + count + " tries {sic}"|});"""),
        Mel("""logger.LogError(ex, "Order {OrderId} failed after {Count} tries {{sic}}", order.Id, count);"""));

    [Fact]
    public Task Method_calls_name_their_values() => Fix<InterpolationToTemplateCodeFix>(
        Mel("""logger.LogDebug({|OPS200:$"Customer {customer.Name.ToUpper()} total {order.GetHashCode()} at {DateTime.UtcNow}"|});"""),
        Mel("""logger.LogDebug("Customer {NameToUpper} total {OrderHashCode} at {UtcNow}", customer.Name.ToUpper(), order.GetHashCode(), DateTime.UtcNow);"""));

    [Fact]
    public Task Fix_all_rewrites_every_call_including_Serilog() => LoggingProjects.Library.Test<LogTemplateAnalyzer, InterpolationToTemplateCodeFix>("""
        public class C
        {
            public void M(Microsoft.Extensions.Logging.ILogger mel, Serilog.ILogger serilog, int id, string user)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(mel, {|OPS200:$"Order {id} by {user}"|});
                serilog.Information({|OPS200:$"Order {id} by {user}"|});
                Serilog.Log.Warning({|OPS200:$"Order {id}"|});
            }
        }
        """, """
        public class C
        {
            public void M(Microsoft.Extensions.Logging.ILogger mel, Serilog.ILogger serilog, int id, string user)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(mel, "Order {Id} by {User}", id, user);
                serilog.Information("Order {Id} by {User}", id, user);
                Serilog.Log.Warning("Order {Id}", id);
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_all_rewrites_templates_in_two_documents_in_one_pass()
        => FixAllInTwoDocuments<InterpolationToTemplateCodeFix>(
            Mel("""
            logger.LogInformation({|OPS200:$"Order {order.Id} has {count} items"|});
                    logger.LogWarning({|OPS200:"Order " + order.Id + " is late"|});
            """),
            Mel("""
            logger.LogInformation("Order {OrderId} has {Count} items", order.Id, count);
                    logger.LogWarning("Order {OrderId} is late", order.Id);
            """),
            Second("""logger.LogError(ex, {|OPS200:$"Failed {ex.Message}"|});"""),
            Second("""logger.LogError(ex, "Failed {ExMessage}", ex.Message);"""));

    [Fact]
    public Task String_format_becomes_a_template_in_hole_order() => Fix<InterpolationToTemplateCodeFix>(
        Mel("""logger.LogInformation({|OPS200:string.Format("Order {1} of {{batch}} {0,4:N1}", total, order.Id)|});"""),
        Mel("""logger.LogInformation("Order {OrderId} of {{batch}} {Total,4:N1}", order.Id, total);"""));

    [Fact]
    public Task String_format_with_a_culture_or_a_variable_format_is_not_rewritten() => LoggingProjects.Library.Test<LogTemplateAnalyzer, InterpolationToTemplateCodeFix>(
        Mel("""
        logger.LogInformation({|OPS200:string.Format(System.Globalization.CultureInfo.InvariantCulture, "Order {0}", order.Id)|});
                var format = "Order {0}";
                logger.LogInformation({|OPS200:string.Format(format, order.Id)|});
        """),
        Mel("""
        logger.LogInformation({|OPS200:string.Format(System.Globalization.CultureInfo.InvariantCulture, "Order {0}", order.Id)|});
                var format = "Order {0}";
                logger.LogInformation({|OPS200:string.Format(format, order.Id)|});
        """)).RunAsync();

    [Fact]
    public Task LoggerMessage_Define_interpolation_is_reported_but_not_rewritten() => LoggingProjects.Library.Test<LogTemplateAnalyzer, InterpolationToTemplateCodeFix>(
        Mel("""var log = LoggerMessage.Define(LogLevel.Information, 1, {|OPS200:$"Order {order.Id}"|});"""),
        Mel("""var log = LoggerMessage.Define(LogLevel.Information, 1, {|OPS200:$"Order {order.Id}"|});""")).RunAsync();

    // ---- OPS203: exception to the exception parameter ----

    [Fact]
    public Task Exception_filling_a_placeholder_moves_and_leaves_its_message() => Fix<MoveExceptionCodeFix>(
        Mel("""logger.LogError("Order {OrderId} failed: {Error}", order.Id, {|OPS203:ex|});"""),
        Mel("""logger.LogError(ex, "Order {OrderId} failed: {Error}", order.Id, ex.Message);"""));

    [Fact]
    public Task Surplus_exception_moves() => Fix<MoveExceptionCodeFix>(
        Mel("""logger.LogWarning(new EventId(9), "Order {OrderId} failed", order.Id, {|OPS203:ex|});"""),
        Mel("""logger.LogWarning(new EventId(9), ex, "Order {OrderId} failed", order.Id);"""));

    [Fact]
    public Task A_null_exception_is_replaced() => Fix<MoveExceptionCodeFix>(
        Mel("""logger.LogError(null, "Order {OrderId} failed: {Error}", order.Id, {|OPS203:ex|});"""),
        Mel("""logger.LogError(ex, "Order {OrderId} failed: {Error}", order.Id, ex.Message);"""));

    [Fact]
    public Task An_exception_inside_an_explicit_array_is_reported_but_not_moved() => LoggingProjects.Library.Test<LogTemplateAnalyzer, MoveExceptionCodeFix>(
        Mel("""logger.LogError("Order {OrderId} failed: {Error}", new object[] { order.Id, {|OPS203:ex|} });"""),
        Mel("""logger.LogError("Order {OrderId} failed: {Error}", new object[] { order.Id, {|OPS203:ex|} });""")).RunAsync();

    [Fact]
    public Task Message_only_gains_the_exception() => Fix<MoveExceptionCodeFix>(
        Mel("""
        logger.LogError("Failed: {Error}", {|OPS203:ex.Message|});
                logger.Log(LogLevel.Critical, "Failed: {Error}", {|OPS203:ex.ToString()|});
        """),
        Mel("""
        logger.LogError(ex, "Failed: {Error}", ex.Message);
                logger.Log(LogLevel.Critical, ex, "Failed: {Error}", ex.ToString());
        """));

    [Fact]
    public Task Serilog_exception_moves() => LoggingProjects.Library.Test<LogTemplateAnalyzer, MoveExceptionCodeFix>("""
        public class C
        {
            public void M(Serilog.ILogger log, System.Exception ex, int id)
            {
                log.Error("Order {Id} failed {Error}", id, {|OPS203:ex|});
                Serilog.Log.Fatal("Crashed", {|OPS203:ex|});
            }
        }
        """, """
        public class C
        {
            public void M(Serilog.ILogger log, System.Exception ex, int id)
            {
                log.Error(ex, "Order {Id} failed {Error}", id, ex.Message);
                Serilog.Log.Fatal(ex, "Crashed");
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_all_moves_every_exception_in_two_documents_in_one_pass()
        => FixAllInTwoDocuments<MoveExceptionCodeFix>(
            Mel("""
            logger.LogError("Order {OrderId} failed: {Error}", order.Id, {|OPS203:ex|});
                    logger.LogWarning("Failed: {Error}", {|OPS203:ex.Message|});
            """),
            Mel("""
            logger.LogError(ex, "Order {OrderId} failed: {Error}", order.Id, ex.Message);
                    logger.LogWarning(ex, "Failed: {Error}", ex.Message);
            """),
            Second("""logger.LogCritical("Crashed", {|OPS203:ex|});"""),
            Second("""logger.LogCritical(ex, "Crashed");"""));

    /// <summary>
    /// Two exception arguments of one call: both fixes would insert before the template, so Fix All
    /// rewrites the call once; the exception is then the exception argument and the rest is no finding.
    /// </summary>
    [Fact]
    public Task Fix_all_rewrites_a_call_with_two_findings_once() => Fix<MoveExceptionCodeFix>(
        Mel("""logger.LogError("{Error} {Detail}", {|OPS203:ex|}, {|OPS203:ex.Message|});"""),
        Mel("""logger.LogError(ex, "{Error} {Detail}", ex.Message, ex.Message);"""));

    private static string Second(string body) => $$"""
        using System;
        using Microsoft.Extensions.Logging;

        public static class Second
        {
            public static void Run(ILogger logger, Exception ex)
            {
                {{body}}
            }
        }
        """;

    // ---- OPS206: PascalCase ----

    [Fact]
    public Task Placeholders_are_renamed_to_PascalCase_in_the_template_only() => Fix<PascalCasePlaceholderCodeFix>(
        Mel(""""
        logger.LogInformation("Order {{|OPS206:orderId|}} by {@{|OPS206:customer_name|}:l}", order.Id, customer.Name);
                logger.LogInformation(@"Verbatim ""{{|OPS206:count|},5}""", count);
        """"),
        Mel(""""
        logger.LogInformation("Order {OrderId} by {@CustomerName:l}", order.Id, customer.Name);
                logger.LogInformation(@"Verbatim ""{Count,5}""", count);
        """"));

    [Fact]
    public Task Fix_all_renames_every_placeholder_of_a_template_and_of_two_documents()
        => FixAllInTwoDocuments<PascalCasePlaceholderCodeFix>(
            Mel("""logger.LogInformation("Order {{|OPS206:orderId|}} by {{|OPS206:customer_name|}} x{{|OPS206:count|}}", order.Id, customer.Name, count);"""),
            Mel("""logger.LogInformation("Order {OrderId} by {CustomerName} x{Count}", order.Id, customer.Name, count);"""),
            Second("""logger.LogInformation("{{|OPS206:retry|}}", 1);"""),
            Second("""logger.LogInformation("{Retry}", 1);"""));

    [Fact]
    public Task Escaped_literal_is_not_renamed_unless_mapped() => Fix<PascalCasePlaceholderCodeFix>(
        Mel("""logger.LogInformation("Tab\t{{|OPS206:count|}}\u0021", count);"""),
        Mel("""logger.LogInformation("Tab\t{Count}\u0021", count);"""));

    [Fact]
    public Task LoggerMessage_attribute_placeholder_is_renamed() => Fix<PascalCasePlaceholderCodeFix>("""
        using Microsoft.Extensions.Logging;

        public static partial class Log
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {{|OPS206:orderId|}} placed")]
            public static partial void OrderPlaced(ILogger logger, int orderId);

            public static partial void OrderPlaced(ILogger logger, int orderId) { }
        }
        """, """
        using Microsoft.Extensions.Logging;

        public static partial class Log
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {OrderId} placed")]
            public static partial void OrderPlaced(ILogger logger, int orderId);

            public static partial void OrderPlaced(ILogger logger, int orderId) { }
        }
        """);
}
