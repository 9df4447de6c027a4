using System.Collections.Generic;

namespace OpsReady.Analyzers.Health
{
    /// <summary>What a walk from a composition root or a helper found.</summary>
    internal sealed class HealthWiring
    {
        /// <summary>AddHealthChecks (or AddGrpcHealthChecks) is called somewhere on the way.</summary>
        public bool Registers { get; set; }

        public List<HealthEndpoint> Endpoints { get; } = new List<HealthEndpoint>();

        /// <summary>
        /// The walk met a call it cannot see into that could wire health (a virtual or interface method, a
        /// delegate, given the app or the services), or ran out of budget: "nothing found" proves nothing then.
        /// </summary>
        public bool Incomplete { get; set; }
    }
}
