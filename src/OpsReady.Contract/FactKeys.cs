namespace OpsReady.Contract
{
    /// <summary>
    /// The keys of fact values (see <see cref="FactKinds"/> and <see cref="FactValue"/>): written by the generators, read
    /// by the analyzers of referencing projects and by the manifest task.
    /// </summary>
    internal static class FactKeys
    {
        // health.endpoint; health.helper.endpoint adds Method.
        public const string Path = "path";
        public const string Environments = "environments";
        public const string Grpc = "grpc";
        public const string Probe = "probe";
        public const string Filtered = "filtered";

        // health.helper.
        public const string Method = "method";
        public const string Registers = "registers";
        public const string Endpoints = "endpoints";
        public const string Publishes = "publishes";
        public const string Complete = "complete";

        // logging.output.
        public const string Name = "name";
        public const string Source = "source";
        public const string From = "from";

        /// <summary>A logging.output's source when configured in code; else <see cref="SourceSettings"/> or the referenced assembly's name.</summary>
        public const string SourceCode = "code";

        /// <summary>A logging.output's source when configured in an appsettings file (named by <see cref="From"/>).</summary>
        public const string SourceSettings = "settings";
    }
}
