// An older controllers + Startup service that has never been through a handoff: no owner (OPS001).
namespace LegacyApi;

public static class Program
{
    public static void Main(string[] args)
    {
        Host.CreateDefaultBuilder(args)
            .ConfigureWebHostDefaults(web => web.UseStartup<Startup>())
            .Build()
            .Run();
    }
}
