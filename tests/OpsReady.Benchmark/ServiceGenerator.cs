using System.Text;

namespace OpsReady.Benchmark;

/// <summary>
/// Writes a realistic service of N files: controllers, minimal-API endpoint groups, background
/// workers and repositories, each with ~10 logging calls in every shape (Microsoft.Extensions.Logging
/// and Serilog, templates, LoggerMessage, scopes, exceptions) and a few defects of the kinds the rules find.
/// </summary>
internal static class ServiceGenerator
{
    /// <summary>The attribute source the package adds to every project (build/OpsReady.Attributes.cs).</summary>
    public static string AttributesSource()
    {
        using var stream = typeof(ServiceGenerator).Assembly.GetManifestResourceStream("OpsReady.Attributes.cs")!;
        return new StreamReader(stream).ReadToEnd();
    }

    public static IEnumerable<(string Path, string Source)> Generate(int files)
    {
        yield return ("Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            [assembly: OpsReady.ServiceOwner("payments-team", Contact = "payments@contoso.example", OnCall = "https://oncall.example/payments", Runbook = "https://wiki.example/payments")]

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.AddJsonConsole();
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health/ready");
            Generated.Endpoints.MapAll(app);
            app.Run();
            """);

        var endpoints = new StringBuilder("namespace Generated;\n\npublic static class Endpoints\n{\n    public static void MapAll(Microsoft.AspNetCore.Builder.WebApplication app)\n    {\n");
        // A multiple of four, so every controller's repository (i + 3) exists.
        for (var i = 0; i < (files - 2) / 4 * 4; i++)
        {
            switch (i % 4)
            {
                case 0:
                    yield return ($"Controllers/Orders{i}Controller.cs", Controller(i));
                    break;
                case 1:
                    endpoints.Append($"        Api{i}.Map(app);\n");
                    yield return ($"Endpoints/Api{i}.cs", EndpointGroup(i));
                    break;
                case 2:
                    yield return ($"Workers/Worker{i}.cs", Worker(i));
                    break;
                default:
                    yield return ($"Data/Repository{i}.cs", Repository(i));
                    break;
            }
        }

        yield return ("Endpoints/All.cs", endpoints.Append("    }\n}\n").ToString());
    }

    private static string Controller(int i) => $$"""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        namespace Generated;

        [ApiController]
        [Route("orders{{i}}")]
        public sealed class Orders{{i}}Controller : ControllerBase
        {
            private readonly ILogger<Orders{{i}}Controller> logger;
            private readonly Repository{{i + 3}} repository;

            public Orders{{i}}Controller(ILogger<Orders{{i}}Controller> logger, Repository{{i + 3}} repository)
            {
                this.logger = logger;
                this.repository = repository;
            }

            [HttpGet("{id:int}")]
            public IActionResult Get(int id)
            {
                using var scope = logger.BeginScope("Order {OrderId}", id);
                logger.LogInformation("Fetching order {OrderId} for controller {Controller}", id, {{i}});
                var order = repository.Find(id);
                if (order is null)
                {
                    logger.LogWarning("Order {OrderId} not found", id);
                    return NotFound();
                }

                logger.LogDebug("Order {OrderId} has {LineCount} lines totalling {Total:0.00}", order.Id, order.Lines, order.Total);
                {{(i % 40 == 0 ? "logger.LogInformation($\"Returning order {order.Id}\");" : "logger.LogInformation(\"Returning order {OrderId}\", order.Id);")}}
                return Ok(order);
            }

            [HttpPost]
            public IActionResult Create(Order{{i + 3}} order)
            {
                try
                {
                    repository.Save(order);
                    logger.LogInformation("Created order {OrderId} worth {Total}", order.Id, order.Total);
                    logger.Log(LogLevel.Information, "Audit {Action} {OrderId}", "create", order.Id);
                    return Ok();
                }
                catch (System.InvalidOperationException ex)
                {
                    {{(i % 40 == 0 ? "logger.LogError(\"Could not create order {OrderId}: {Error}\", order.Id, ex.Message);" : "logger.LogError(ex, \"Could not create order {OrderId}\", order.Id);")}}
                    return Problem();
                }
            }
        }
        """;

    private static string EndpointGroup(int i) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Generated;

        public static class Api{{i}}
        {
            private static readonly System.Action<ILogger, int, System.Exception?> Served =
                LoggerMessage.Define<int>(LogLevel.Information, new EventId({{i}}, "Served{{i}}"), "Served item {ItemId}");

            public static void Map(WebApplication app)
            {
                var group = app.MapGroup("/api{{i}}");
                group.MapGet("/{id:int}", (int id, ILogger<Marker{{i}}> logger) =>
                {
                    logger.LogInformation("Serving item {ItemId} from group {Group}", id, "api{{i}}");
                    Served(logger, id, null);
                    Serilog.Log.Information("Served {ItemId} via {Transport}", id, "http");
                    logger.LogTrace("Trace {ItemId}", id);
                    {{(i % 41 == 0 ? "logger.LogInformation(\"Item \" + id + \" served\");" : "logger.LogInformation(\"Item {ItemId} served\", id);")}}
                    return Results.Ok(id);
                });
                group.MapDelete("/{id:int}", (int id, ILogger<Marker{{i}}> logger) =>
                {
                    logger.LogWarning("Deleting item {ItemId}", id);
                    logger.LogInformation("Deleted {ItemId} at {When}", id, System.DateTimeOffset.UtcNow);
                    {{(i % 43 == 0 ? "logger.LogInformation(\"Deleted {ItemId} {Extra}\", id);" : "logger.LogInformation(\"Deleted {ItemId}\", id);")}}
                    return Results.NoContent();
                });
            }
        }

        public sealed class Marker{{i}} { }
        """;

    private static string Worker(int i) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Serilog;

        namespace Generated;

        public sealed class Worker{{i}} : BackgroundService
        {
            private readonly ILogger<Worker{{i}}> logger;
            private readonly Serilog.ILogger audit = Log.ForContext<Worker{{i}}>();

            public Worker{{i}}(ILogger<Worker{{i}}> logger) => this.logger = logger;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var batch = 0;
                while (!stoppingToken.IsCancellationRequested)
                {
                    batch++;
                    logger.LogInformation("Worker {Worker} starting batch {Batch}", {{i}}, batch);
                    audit.Information("Batch {Batch} of {@Settings}", batch, new { Size = 10 });
                    audit.Debug("Queue depth {Depth,5} at {Time:HH:mm}", batch * 2, DateTime.UtcNow);
                    try
                    {
                        await Task.Delay(1000, stoppingToken);
                        audit.Verbose("Slept {Milliseconds}", 1000);
                    }
                    catch (Exception ex)
                    {
                        audit.Error(ex, "Batch {Batch} failed", batch);
                        logger.LogCritical(ex, "Worker {Worker} stopping", {{i}});
                        {{(i % 42 == 0 ? "Console.WriteLine(\"worker failed\");" : "logger.LogWarning(\"Worker {Worker} will retry\", " + i + ");")}}
                    }

                    logger.LogDebug("Batch {Batch} done", batch);
                }
            }
        }
        """;

    private static string Repository(int i) => $$"""
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        namespace Generated;

        public sealed record Order{{i}}(int Id, int Lines, decimal Total);

        public sealed class Repository{{i}}
        {
            private readonly Dictionary<int, Order{{i}}> orders = new();
            private readonly ILogger<Repository{{i}}> logger;

            public Repository{{i}}(ILogger<Repository{{i}}> logger) => this.logger = logger;

            public Order{{i}}? Find(int id)
            {
                logger.LogDebug("Looking up {OrderId} in {Table}", id, "orders{{i}}");
                if (orders.TryGetValue(id, out var order))
                {
                    logger.LogTrace("Cache hit for {OrderId}", id);
                    return order;
                }

                logger.LogTrace("Cache miss for {OrderId}", id);
                return null;
            }

            public void Save(Order{{i}} order)
            {
                orders[order.Id] = order;
                logger.LogInformation("Saved {OrderId} with {Lines} lines", order.Id, order.Lines);
                logger.LogInformation("Repository {Repository} holds {Count} orders", {{i}}, orders.Count);
                logger.Log(LogLevel.Debug, new EventId({{i}}), "Stored {OrderId}", order.Id);
                {{(i % 39 == 0 ? "logger.LogInformation(\"Stored {orderId} {OrderId}\", order.Id, order.Id);" : "logger.LogInformation(\"Stored {OrderId}\", order.Id);")}}
            }
        }
        """;
}
