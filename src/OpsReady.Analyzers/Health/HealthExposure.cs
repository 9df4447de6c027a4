using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// Whether a service that maps no health endpoint lets anything learn its health another way. Asked only of a
    /// service that registers checks and maps nothing (rare), so a syntax scan of the project is affordable.
    /// </summary>
    internal static class HealthExposure
    {
        /// <summary>
        /// The project's code names HealthCheckService (a hosted service running the checks itself, e.g. writing a file
        /// or answering a TCP probe) or IHealthCheckPublisher (a publisher of its own, registered in any way). By name:
        /// a wrong match keeps OPS100 quiet, never makes it fire.
        /// </summary>
        public static bool RunsChecksInCode(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                var root = tree.GetRoot(cancellationToken);
                if (root.DescendantNodes().OfType<IdentifierNameSyntax>().Any(IsHealthRunnerName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsHealthRunnerName(IdentifierNameSyntax name)
            => name.Identifier.ValueText is "HealthCheckService" or "IHealthCheckPublisher";
    }
}
