using OpsReady;

// A placeholder contact (OPS002) and a team missing from OpsReadyKnownTeams (OPS003).
[assembly: ServiceOwner("billing-team", Contact = "TODO", Runbook = "https://wiki.contoso.example/billing/runbook")]

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHostedService<InvoiceWorker>();
builder.Build().Run();

internal sealed class InvoiceWorker(ILogger<InvoiceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Issued invoices at {Time}", DateTimeOffset.UtcNow);
            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
        }
    }
}
