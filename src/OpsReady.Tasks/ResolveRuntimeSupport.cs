using System;
using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using OpsReady.Contract;

namespace OpsReady.Tasks
{
    /// <summary>
    /// Before the compile: which runtime the service targets, when its support ends (from the support table the package
    /// ships, build/OpsReady.DotNetSupport.props) and whether it is supported on the reference date (OpsReadyAsOf). The
    /// analyzers see the outcome (OPS400/OPS401) and the manifest task records the date-independent facts.
    /// Messages: OPSB130 OpsReadyAsOf is not an ISO date, OPSB131 OpsReadySupportWarningDays is not a number of days,
    /// OPSB133 a support table row has no ISO date. Each is a warning: the build goes on with what is known.
    /// </summary>
    public sealed class ResolveRuntimeSupport : Task
    {
        /// <summary>$(TargetFrameworkIdentifier), e.g. ".NETCoreApp".</summary>
        public string? TargetFrameworkIdentifier { get; set; }

        /// <summary>$(TargetFrameworkVersion), e.g. "v8.0".</summary>
        public string? TargetFrameworkVersion { get; set; }

        /// <summary>
        /// @(OpsReadyDotNetSupport): Include the version ("8.0"), EndOfSupport an ISO date. A row the user adds wins over the
        /// package's (Shipped="true"), whichever MSBuild imports first; among rows of one kind the last wins.
        /// </summary>
        public ITaskItem[]? SupportTable { get; set; }

        /// <summary>$(OpsReadyAsOf); empty means today (UTC).</summary>
        public string? AsOf { get; set; }

        /// <summary>$(OpsReadySupportWarningDays); empty means <see cref="RuntimeSupport.DefaultWarningDays"/>.</summary>
        public string? SupportWarningDays { get; set; }

        /// <summary>Where messages point (the project file).</summary>
        public string? ProjectFile { get; set; }

        /// <summary>"net8.0", "netcoreapp3.1", "net48"; empty when the framework is of another kind.</summary>
        [Output]
        public string Framework { get; private set; } = "";

        /// <summary>ISO date, or empty when the framework is not in the table.</summary>
        [Output]
        public string SupportEnds { get; private set; } = "";

        /// <summary>One of <see cref="RuntimeSupport"/>' states: ended, ending, supported, unknown.</summary>
        [Output]
        public string Status { get; private set; } = RuntimeSupport.Unknown;

        /// <summary>The reference date used (ISO), or empty when OpsReadyAsOf was not a date.</summary>
        [Output]
        public string EffectiveAsOf { get; private set; } = "";

        [Output]
        public int EffectiveWarningDays { get; private set; } = RuntimeSupport.DefaultWarningDays;

        public override bool Execute()
        {
            EffectiveAsOf = PatchSettings.ReadAsOf(AsOf, Log, ProjectFile, "runtime support is not judged (OPS400/OPS401 do not report)");
            EffectiveWarningDays = PatchSettings.ReadWarningDays(SupportWarningDays, Log, ProjectFile);
            Framework = FrameworkMoniker(TargetFrameworkIdentifier, TargetFrameworkVersion, out var version) ?? "";
            if (TargetFrameworkIdentifier == ".NETCoreApp" && version != null)
            {
                SupportEnds = LookUp(version) ?? "";
            }

            Status = RuntimeSupport.Judge(SupportEnds, EffectiveAsOf, EffectiveWarningDays);
            return !Log.HasLoggedErrors;
        }

        private string? LookUp(Version version)
        {
            string? shipped = null;
            string? added = null;
            foreach (var row in SupportTable ?? Array.Empty<ITaskItem>())
            {
                if (!System.Version.TryParse(row.ItemSpec, out var rowVersion) || rowVersion.Major != version.Major || rowVersion.Minor != version.Minor)
                {
                    continue;
                }

                var ends = row.GetMetadata("EndOfSupport");
                if (RuntimeSupport.TryParseDate(ends, out var date))
                {
                    if (string.Equals(row.GetMetadata("Shipped"), "true", StringComparison.OrdinalIgnoreCase))
                    {
                        shipped = RuntimeSupport.FormatDate(date);
                    }
                    else
                    {
                        added = RuntimeSupport.FormatDate(date);
                    }
                }
                else
                {
                    Warn("OPSB133", "The .NET support table row OpsReadyDotNetSupport '{0}' has EndOfSupport '{1}', which is not an ISO date (yyyy-MM-dd): the row is ignored.", row.ItemSpec, ends);
                }
            }

            return added ?? shipped;
        }

        /// <summary>The short moniker NuGet and the SDK use (net8.0, netcoreapp3.1, net48), whatever the project's alias.</summary>
        internal static string? FrameworkMoniker(string? identifier, string? versionText, out Version? version)
        {
            version = null;
            var text = versionText?.Trim().TrimStart('v', 'V');
            if (string.IsNullOrEmpty(text) || !System.Version.TryParse(text, out var parsed))
            {
                return null;
            }

            version = parsed;
            var majorMinor = parsed.Major.ToString(CultureInfo.InvariantCulture) + "." + Math.Max(parsed.Minor, 0).ToString(CultureInfo.InvariantCulture);
            switch (identifier)
            {
                case ".NETCoreApp":
                    return (parsed.Major >= 5 ? "net" : "netcoreapp") + majorMinor;
                case ".NETFramework":
                    return "net" + text!.Replace(".", "");
                default:
                    return null;
            }
        }

        private void Warn(string code, string format, params string[] args)
            => Log.LogWarning(null, code, null, ProjectFile, 0, 0, 0, 0, format, args);
    }
}
