namespace OpsReady.Contract
{
    /// <summary>
    /// The names of the attributes users write, as the analyzers, the code fixes and the manifest task look them up.
    /// build/OpsReady.Attributes.cs (the source users compile) declares them; a test holds the two together.
    /// </summary>
    internal static class AttributeNames
    {
        public const string Namespace = "OpsReady";

        /// <summary>The file name the package adds the attributes' source under (build/OpsReady.targets links it so).</summary>
        public const string SourceFileName = "OpsReady.Attributes.cs";

        /// <summary>[assembly: ServiceOwner(team, Contact, OnCall, Runbook, Lifecycle, Tier)]: who builds the service.</summary>
        internal static class ServiceOwner
        {
            /// <summary>As users write it: [assembly: ServiceOwner(...)].</summary>
            public const string Name = "ServiceOwner";
            public const string TypeName = Name + "Attribute";
            public const string MetadataName = Namespace + "." + TypeName;

            /// <summary>The constructor's one argument (the property that holds it).</summary>
            public const string Team = "Team";
            public const string Contact = "Contact";
            public const string OnCall = "OnCall";
            public const string Runbook = "Runbook";
            public const string Lifecycle = "Lifecycle";
            public const string Tier = "Tier";

            /// <summary>The tiers a service may declare: 1 (most critical) to 4.</summary>
            public const int MostCriticalTier = 1;
            public const int LeastCriticalTier = 4;
        }

        /// <summary>[assembly: OperationsHandoff(team, Contact, Since)]: who runs the service after the handoff.</summary>
        internal static class OperationsHandoff
        {
            public const string Name = "OperationsHandoff";
            public const string TypeName = Name + "Attribute";
            public const string MetadataName = Namespace + "." + TypeName;

            public const string Team = "Team";
            public const string Contact = "Contact";
            public const string Since = "Since";
        }
    }
}
