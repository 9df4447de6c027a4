using System;
using System.Globalization;
using Microsoft.Build.Utilities;
using OpsReady.Contract;

namespace OpsReady.Tasks
{
    /// <summary>
    /// OpsReadyAsOf and OpsReadySupportWarningDays as the build (ResolveRuntimeSupport) and the bundle (WriteHandoffBundle)
    /// read them: one reading, one message for a value that is not one (OPSB130, OPSB131), naming the value and what
    /// OpsReady does instead.
    /// </summary>
    internal static class PatchSettings
    {
        /// <summary>The reference date as an ISO date: today (UTC) when empty, "" (not judged) after OPSB130 when not a date.</summary>
        public static string ReadAsOf(string? asOf, TaskLoggingHelper log, string? file, string notJudged)
        {
            if (string.IsNullOrWhiteSpace(asOf))
            {
                return RuntimeSupport.FormatDate(DateTime.UtcNow.Date);
            }

            if (RuntimeSupport.TryParseDate(asOf, out var date))
            {
                return RuntimeSupport.FormatDate(date);
            }

            log.LogWarning(null, "OPSB130", null, file, 0, 0, 0, 0,
                "OpsReadyAsOf is '{0}', which is not an ISO date (yyyy-MM-dd, e.g. 2026-12-04): {1}.", asOf, notJudged);
            return "";
        }

        /// <summary>The days before the end of support that count as "ending"; the default after OPSB131 when not a number from 0 to 3660.</summary>
        public static int ReadWarningDays(string? days, TaskLoggingHelper log, string? file)
        {
            if (string.IsNullOrWhiteSpace(days))
            {
                return RuntimeSupport.DefaultWarningDays;
            }

            if (int.TryParse(days!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 3660)
            {
                return value;
            }

            log.LogWarning(null, "OPSB131", null, file, 0, 0, 0, 0,
                "OpsReadySupportWarningDays is '{0}', which is not a number of days from 0 to 3660: OpsReady uses {1}.",
                days, RuntimeSupport.DefaultWarningDays.ToString(CultureInfo.InvariantCulture));
            return RuntimeSupport.DefaultWarningDays;
        }
    }
}
