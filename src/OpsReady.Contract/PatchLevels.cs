using System;
using System.Globalization;

namespace OpsReady.Contract
{
    /// <summary>
    /// Vulnerability severities as NuGet audit reports them (NU1901 low .. NU1904 critical) and as the manifest, the
    /// analyzers (OPS402, OpsReadyVulnerabilityLevel) and the handoff report name them. The rank orders them.
    /// </summary>
    internal static class VulnerabilitySeverity
    {
        public const string Low = "low";
        public const string Moderate = "moderate";
        public const string High = "high";
        public const string Critical = "critical";

        /// <summary>The default of OpsReadyVulnerabilityLevel: OPS402 reports high and critical.</summary>
        public const string DefaultLevel = High;

        private static readonly string[] Names = { Low, Moderate, High, Critical };

        /// <summary>0 (low) .. 3 (critical); -1 for anything else.</summary>
        public static int Rank(string? severity)
            => severity == null ? -1 : Array.IndexOf(Names, severity);

        public static bool IsKnown(string? severity) => Rank(severity) >= 0;

        /// <summary>The severity of a NuGet audit warning code (NU1901..NU1904); null for any other code.</summary>
        public static string? FromNuGetCode(string? code)
        {
            switch (code)
            {
                case "NU1901": return Low;
                case "NU1902": return Moderate;
                case "NU1903": return High;
                case "NU1904": return Critical;
                default: return null;
            }
        }

        /// <summary>A level as a user writes it (any case, surrounding space); null when it is not one of the four.</summary>
        public static string? ParseLevel(string? text)
        {
            var trimmed = text?.Trim().ToLowerInvariant();
            return IsKnown(trimmed) ? trimmed : null;
        }

        public static string Describe() => string.Join(", ", Names);
    }

    /// <summary>
    /// Whether a runtime still gets security fixes on a reference date: the one judgement behind OPS400/OPS401, the
    /// bundle's runtime status and the handoff report.
    /// </summary>
    internal static class RuntimeSupport
    {
        /// <summary>ISO date format of OpsReadyAsOf, runtime.supportEnds and the support table.</summary>
        public const string DateFormat = "yyyy-MM-dd";

        public const int DefaultWarningDays = 180;

        /// <summary>Support has ended (OPS400).</summary>
        public const string Ended = "ended";

        /// <summary>Support ends within the warning days (OPS401).</summary>
        public const string Ending = "ending";

        public const string Supported = "supported";

        /// <summary>The framework is not in the support table, or the date is not known: never flagged.</summary>
        public const string Unknown = "unknown";

        public static bool TryParseDate(string? text, out DateTime date)
            => DateTime.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

        public static string FormatDate(DateTime date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

        /// <summary>
        /// "ended" when <paramref name="asOf"/> is after <paramref name="supportEnds"/> (the end-of-support date is the last
        /// day with a fix: Microsoft ships the final patch on it), "ending" when it is at most <paramref name="warningDays"/> away,
        /// "supported" otherwise, "unknown" when either date is missing or not an ISO date.
        /// </summary>
        public static string Judge(string? supportEnds, string? asOf, int warningDays)
        {
            if (!TryParseDate(supportEnds, out var ends) || !TryParseDate(asOf, out var on))
            {
                return Unknown;
            }

            return on > ends ? Ended
                : (ends - on).TotalDays <= warningDays ? Ending
                : Supported;
        }

        /// <summary>The days from <paramref name="asOf"/> to <paramref name="supportEnds"/> (negative once past); null when either is not a date.</summary>
        public static int? DaysLeft(string? supportEnds, string? asOf)
            => TryParseDate(supportEnds, out var ends) && TryParseDate(asOf, out var on) ? (int)(ends - on).TotalDays : (int?)null;
    }
}
