using Microsoft.AspNetCore.Mvc;

namespace LegacyApi.Controllers;

[ApiController]
[Route("orders")]
public sealed class OrdersController(ILogger<OrdersController> logger) : ControllerBase
{
    [HttpGet("{id:int}")]
    public IActionResult Get(int id)
    {
        Console.WriteLine("fetching order " + id);
        logger.LogInformation($"Fetching order {id}");
        return Ok(new { id });
    }
}
