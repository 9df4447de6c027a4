using System;
using System.IO;

[assembly: OpsReady.ServiceOwner("harness-team", Contact = "harness@contoso.example", Runbook = "https://wiki.example/harness")]

namespace OpsReady.Tasks.NetFramework
{
    /// <summary>Runs <see cref="TaskScenario"/> on .NET Framework: arguments are the service assembly to read and the output folder.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: OpsReady.Tasks.NetFramework.exe <service assembly> <output folder>");
                return 2;
            }

            var log = TaskScenario.Run(args[0], args[1]);
            File.WriteAllLines(Path.Combine(args[1], "log.txt"), log);
            Console.WriteLine("runtime: " + TaskScenario.Runtime);
            return 0;
        }
    }
}
