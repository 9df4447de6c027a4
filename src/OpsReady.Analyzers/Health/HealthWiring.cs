using System.Collections.Generic;

namespace OpsReady.Analyzers.Health
{
    /// <summary>What a walk from a composition root or a helper found.</summary>
    internal sealed class HealthWiring
    {
        /// <summary>AddHealthChecks (or AddGrpcHealthChecks) is called somewhere on the way.</summary>
        public bool Registers { get; set; }

        public List<HealthEndpoint> Endpoints { get; } = new List<HealthEndpoint>();

        /// <summary>An IHealthCheckPublisher is registered: the check results leave the process without a probe endpoint.</summary>
        public bool Publishes { get; set; }

        /// <summary>The service hosts gRPC (AddGrpc, MapGrpcService): its Kestrel is often HTTP/2-only, out of reach of HTTP/1.1 probes.</summary>
        public bool HostsGrpc { get; set; }

        /// <summary>
        /// The walk met a call it cannot see into that could wire health (a virtual or interface method, a
        /// delegate, given the app or the services), or ran out of budget: "nothing found" proves nothing then.
        /// </summary>
        public bool Incomplete { get; set; }
    }
}
