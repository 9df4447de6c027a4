[assembly: OpsReady.ServiceOwner("orders-team", Contact = "orders@contoso.example", Runbook = "https://wiki.contoso.example/orders/worker")]
[assembly: OpsReady.OperationsHandoff("appops", Contact = "#appops", Since = "2026-10-01")]

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddHostedService<Orders.Worker.ShipmentPoller>();
builder.Build().Run();
