namespace OpsReady.EndToEnd.Tests;

/// <summary>
/// `dotnet format analyzers --diagnostics ID` runs each fix's Fix All over a real project that
/// references the packed package. It asks with the equivalence key of the first diagnostic it finds, so
/// each file here starts with a finding that has no fix (before 2026-12 that made it fix nothing and
/// print "didn't return a Fix All action", with exit code 0).
/// </summary>
public sealed class CommandLineFixTests
{
    private const string NoFixAllAction = "didn't return a Fix All action";

    [Fact]
    public void Dotnet_format_fixes_every_exception_template_and_the_owner_in_two_files()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("format");
        PackageFixture.Write(root, "Orders.csproj", package.WebServiceProject());
        PackageFixture.Write(root, "Program.cs", """
            using Orders;

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            builder.Services.AddSingleton<OrderService>();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            var template = args.Length > 0 ? args[0] : "Starting with {0} arguments";
            try
            {
                app.Services.GetRequiredService<OrderService>().Ship(1, "contoso");
            }
            catch (Exception startup)
            {
                app.Logger.LogError("Startup failed: {Error}", new object[] { startup });
                app.Logger.LogInformation(string.Format(template, args.Length));
                app.Logger.LogError("Startup failed: {Error}", startup);
                app.Logger.LogInformation($"Started with {args.Length} arguments");
            }

            app.Run();
            """);
        PackageFixture.Write(root, "Orders/OrderService.cs", """
            namespace Orders;

            public sealed class OrderService(ILogger<OrderService> logger)
            {
                public void Ship(int orderId, string customer)
                {
                    try
                    {
                        Console.Out.Flush();
                    }
                    catch (IOException ex)
                    {
                        logger.LogWarning("Ship failed: {Error}", new object[] { ex });
                        logger.LogWarning(string.Format(System.Globalization.CultureInfo.InvariantCulture, "Order {0}", orderId));
                        logger.LogError("Order {OrderId} failed: {Reason}", orderId, ex.Message);
                        logger.LogInformation("Order " + orderId + " shipped to " + customer);
                    }
                }
            }
            """);

        var restore = DotNet.Run(root, "restore");
        Assert.True(restore.ExitCode == 0, restore.Output);
        var format = DotNet.Run(root, "format analyzers --no-restore --diagnostics OPS203 OPS200 OPS001 --severity info -v n");
        Assert.True(format.ExitCode == 0, format.Output);
        Assert.DoesNotContain(NoFixAllAction, format.Output);
        Assert.DoesNotContain("Unable to fix", format.Output);

        var program = File.ReadAllText(Path.Combine(root, "Program.cs"));
        Assert.StartsWith("""
            using Orders;

            [assembly: OpsReady.ServiceOwner("TODO", Contact = "TODO", OnCall = "TODO", Runbook = "TODO", Lifecycle = OpsReady.ServiceLifecycle.Production)]

            var builder
            """, program.Replace("\r\n", "\n"));
        Assert.Contains("""app.Logger.LogError(startup, "Startup failed: {Error}", startup.Message);""", program);
        Assert.Contains("""app.Logger.LogInformation("Started with {ArgsLength} arguments", args.Length);""", program);
        Assert.Contains("""app.Logger.LogError("Startup failed: {Error}", new object[] { startup });""", program); // no fix: left as it was
        var service = File.ReadAllText(Path.Combine(root, "Orders", "OrderService.cs"));
        Assert.Contains("""logger.LogError(ex, "Order {OrderId} failed: {Reason}", orderId, ex.Message);""", service);
        Assert.Contains("""logger.LogInformation("Order {OrderId} shipped to {Customer}", orderId, customer);""", service);

        // What is left is what has no fix: the exceptions in explicit arrays, string.Format with a variable format or a culture.
        var build = DotNet.Run(root, "build -nologo --no-incremental --no-restore");
        Assert.True(build.ExitCode == 0, build.Output);
        var left = build.Diagnostics()
            .Where(d => d.Id is "OPS001" or "OPS200" or "OPS203")
            .Select(d => $"{d.File}:{d.Id}:{Line(root, d.File, d.Line)}")
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[]
        {
            """OrderService.cs:OPS200:logger.LogWarning(string.Format(System.Globalization.CultureInfo.InvariantCulture, "Order {0}", orderId));""",
            """OrderService.cs:OPS203:logger.LogWarning("Ship failed: {Error}", new object[] { ex });""",
            """Program.cs:OPS200:app.Logger.LogInformation(string.Format(template, args.Length));""",
            """Program.cs:OPS203:app.Logger.LogError("Startup failed: {Error}", new object[] { startup });""",
        }, left);
    }

    /// <summary>
    /// The fix registers the worker's checks; what is left, that nothing probes them, has no fix (the fix
    /// cannot choose how the worker is probed). A second run starts from that finding: with the batch
    /// fixer its null key printed "didn't return a Fix All action".
    /// </summary>
    [Fact]
    public void Dotnet_format_adds_health_checks_to_a_worker()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("format-worker");
        // The worker template's project, plus the health-checks package its fix needs (the template lacks it).
        PackageFixture.Write(root, "Jobs.csproj", package.WebServiceProject()
            .Replace("Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker")
            .Replace("<ItemGroup>", """
                <ItemGroup>
                    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
                    <PackageReference Include="Microsoft.Extensions.Diagnostics.HealthChecks" Version="10.0.0" />
                """));
        PackageFixture.Write(root, "Program.cs", """
            [assembly: OpsReady.ServiceOwner("jobs-team", Contact = "jobs@contoso.example")]

            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHostedService<Worker>();
            var host = builder.Build();
            host.Run();

            public sealed class Worker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }
            """);

        var format = DotNet.Run(root, "format analyzers --diagnostics OPS100 --severity info -v n");
        Assert.True(format.ExitCode == 0, format.Output);
        Assert.DoesNotContain(NoFixAllAction, format.Output);
        var program = File.ReadAllText(Path.Combine(root, "Program.cs"));
        Assert.Contains("""
            builder.Services.AddHostedService<Worker>();
            builder.Services.AddHealthChecks();
            var host = builder.Build();
            """, program.Replace("\r\n", "\n"));

        var again = DotNet.Run(root, "format analyzers --no-restore --diagnostics OPS100 --severity info -v n");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.DoesNotContain(NoFixAllAction, again.Output);
        Assert.Equal(program, File.ReadAllText(Path.Combine(root, "Program.cs")));

        var build = DotNet.Run(root, "build -nologo --no-incremental --no-restore");
        Assert.True(build.ExitCode == 0, build.Output);
        var left = Assert.Single(build.Diagnostics(), d => d.Id == "OPS100");
        Assert.Contains("registers health checks but exposes them nowhere", left.Message);
    }

    /// <summary>
    /// OPS103 twice in one web service: first a helper that maps after an early return outside
    /// Development (no fix: nothing to move out of an if), then the template's IsDevelopment() if.
    /// </summary>
    [Fact]
    public void Dotnet_format_moves_health_mappings_out_of_the_Development_only_if()
    {
        var package = PackageFixture.Shared;
        var root = package.NewWorkspace("format-development");
        PackageFixture.Write(root, "Orders.csproj", package.WebServiceProject());
        PackageFixture.Write(root, "Program.cs", """
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            [assembly: OpsReady.ServiceOwner("orders-team", Contact = "orders@contoso.example")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();

            static void MapLive(WebApplication app)
            {
                if (!app.Environment.IsDevelopment())
                {
                    return;
                }

                app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
            }

            MapLive(app);
            if (app.Environment.IsDevelopment())
            {
                app.MapHealthChecks("/health");
            }

            app.Run();
            """);

        var format = DotNet.Run(root, "format analyzers --diagnostics OPS103 --severity info -v n");
        Assert.True(format.ExitCode == 0, format.Output);
        Assert.DoesNotContain(NoFixAllAction, format.Output);
        Assert.EndsWith("""
            MapLive(app);
            app.MapHealthChecks("/health");

            app.Run();
            """, File.ReadAllText(Path.Combine(root, "Program.cs")).Replace("\r\n", "\n").TrimEnd());

        Assert.Contains("""
                    return;
                }

                app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
            """, File.ReadAllText(Path.Combine(root, "Program.cs")).Replace("\r\n", "\n")); // no fix: left as it was

        // '/health' is now mapped in every environment, so OPS103 (no endpoint outside Development) is gone.
        var build = DotNet.Run(root, "build -nologo --no-incremental --no-restore");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain(build.Diagnostics(), d => d.Id == "OPS103");
    }

    /// <summary>The trimmed source line a diagnostic points at, so a failure shows the code, not a number.</summary>
    private static string Line(string root, string file, int line)
    {
        var path = Directory.EnumerateFiles(root, file, SearchOption.AllDirectories).Single(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        return File.ReadAllLines(path)[line - 1].Trim();
    }
}
