[assembly: OpsReady.ServiceOwner("orders-team",
    Contact = "#orders",
    OnCall = "orders-primary",
    Runbook = "https://wiki.contoso.example/orders/runbook")]

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/orders/{id:int}", (int id, ILogger<Program> logger) =>
{
    logger.LogInformation("Fetching order {OrderId}", id);
    return Results.Ok(new { id });
});

app.Run();
