namespace Orders.Worker;

internal sealed class ShipmentPoller(ILogger<ShipmentPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                logger.LogInformation("Polling shipments for {Carrier}", "contoso-freight");
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "Carrier {Carrier} unavailable", "contoso-freight");
            }
        }
    }
}
