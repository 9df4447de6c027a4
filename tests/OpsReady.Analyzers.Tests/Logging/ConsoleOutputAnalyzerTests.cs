using OpsReady.Analyzers.Logging;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>ConsoleOutputAnalyzer: OPS204 (a service writes to Console, Debug or Trace instead of logging).</summary>
public class ConsoleOutputAnalyzerTests
{
    private static Task Verify(string source, string? serviceKind = "web", bool console = true)
        => LoggingProjects.Service.WithServiceKind(serviceKind).AsExecutable(console).VerifyAsync<ConsoleOutputAnalyzer>(source);

    private const string Writes = """
        using System;
        using System.Diagnostics;

        static class Program
        {
            static void Main()
            {
                [|Console.WriteLine("Starting")|];
                [|Console.Write(42)|];
                [|Console.Error.WriteLine("Failed")|];
                [|Console.Out.Write("x")|];
                [|Debug.WriteLine("debugging")|];
                [|Trace.TraceWarning("careful")|];
                [|Trace.WriteLineIf(true, "maybe")|];
            }
        }
        """;

    [Fact]
    public Task Writes_in_a_web_service_are_reported() => Verify(Writes);

    [Fact]
    public Task Writes_in_a_worker_are_reported() => Verify(Writes, serviceKind: "worker");

    [Fact]
    public Task Writes_outside_services_are_fine() => Verify(Writes.Replace("[|", "").Replace("|]", ""), serviceKind: "none");

    [Fact]
    public Task Reading_the_console_and_other_members_are_fine() => Verify("""
        using System;
        static class Program
        {
            static void Main()
            {
                var line = Console.ReadLine();
                Console.Title = "x";
                Console.Out.Flush();
                var writer = new System.IO.StringWriter();
                writer.WriteLine("not the console");
            }
        }
        """);

    [Fact]
    public Task A_type_of_your_own_called_Console_is_fine() => Verify("""
        namespace App
        {
            static class Console { public static void WriteLine(string s) { } }
            static class Program { static void Main() => Console.WriteLine("x"); }
        }
        """);
}
