using System;
using OpsReady.Contract;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace OpsReady.Analyzers.Ownership
{
    /// <summary>
    /// The forms ownership values must take. Each check returns null when the value is fine, or the
    /// problem ("is empty", "'TBD' is a placeholder", …) for the OPS002 message.
    /// </summary>
    internal static class ValueForms
    {
        public const string TeamExpectation = "a team name";
        public const string ContactExpectation = "an email address, an http(s) URL or a #channel";
        public const string OnCallExpectation = "an http(s) URL, an email address or a rotation id";
        public const string RunbookExpectation = "an absolute http(s) URL or a file path relative to the repository root";
        public const string SinceExpectation = "an ISO date (yyyy-MM-dd)";

        private static readonly Regex Email = new Regex(
            @"^[^@\s<>()\[\],;:""]+@[^@\s<>()\[\],;:""]+\.[^@\s<>()\[\],;:"".]+$", RegexOptions.CultureInvariant);

        private static readonly Regex Channel = new Regex(@"^#[\p{L}\p{N}][\p{L}\p{N}._\-]*$", RegexOptions.CultureInvariant);

        private static readonly Regex RotationId = new Regex(@"^[A-Za-z0-9][A-Za-z0-9._:/\-]*$", RegexOptions.CultureInvariant);

        private static readonly string[] PlaceholderWords =
        {
            "TODO", "TBD", "TBC", "CHANGEME", "FIXME", "XXX", "NA", "NONE", "NULL", "UNKNOWN", "PLACEHOLDER",
            "REPLACEME", "FILLMEIN", "FILLIN", "YOURTEAM", "MYTEAM", "TEAMNAME", "OWNER", "SOMEONE",
        };

        private static readonly string[] PlaceholderPrefixes = { "TODO", "TBD", "CHANGEME", "FIXME", "REPLACEME" };

        public static string? CheckTeam(string? value) => CheckCommon(value);

        public static string? CheckContact(string? value)
            => CheckCommon(value) ?? (IsEmail(value!) || IsHttpUrl(value!) || Channel.IsMatch(value!) ? null : NotOfForm(value!));

        public static string? CheckOnCall(string? value)
            => CheckCommon(value) ?? (IsHttpUrl(value!) || IsEmail(value!) || (RotationId.IsMatch(value!) && !HasScheme(value!)) ? null : NotOfForm(value!));

        public static string? CheckSince(string? value)
            => CheckCommon(value) ?? (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : NotOfForm(value!));

        /// <param name="repositoryRoot">The folder a relative runbook path resolves against; null when unknown (existence is then not checked).</param>
        /// <param name="recorded">What the build recorded for the value (exists, missing), or null when it did not: the analyzer reads no file.</param>
        public static string? CheckRunbook(string? value, string? repositoryRoot, Func<string, string?> recorded)
        {
            var common = CheckCommon(value);
            if (common != null)
            {
                return common;
            }

            if (IsHttpUrl(value!))
            {
                return null;
            }

            if (HasScheme(value!) || value!.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || IsRooted(value))
            {
                return NotOfForm(value!);
            }

            if (repositoryRoot == null)
            {
                return null;
            }

            switch (RunbookFile.Status(value, repositoryRoot, fileExists: null))
            {
                case null:
                    return NotOfForm(value);
                case RunbookFile.Outside:
                    return $"'{value}' points outside the repository";
                default:
                    return recorded(value) == RunbookFile.Missing ? $"'{value}' does not exist under the repository root '{repositoryRoot}'" : null;
            }
        }

        public static bool IsPlaceholder(string value)
        {
            var trimmed = value.Trim();
            if (trimmed.Length >= 2
                && ((trimmed[0] == '<' && trimmed[trimmed.Length - 1] == '>')
                    || (trimmed[0] == '{' && trimmed[trimmed.Length - 1] == '}')
                    || (trimmed[0] == '[' && trimmed[trimmed.Length - 1] == ']')
                    || trimmed.StartsWith("$(", StringComparison.Ordinal)
                    || trimmed.StartsWith("${", StringComparison.Ordinal)))
            {
                return true;
            }

            var letters = new System.Text.StringBuilder(trimmed.Length);
            foreach (var c in trimmed)
            {
                if (char.IsLetterOrDigit(c))
                {
                    letters.Append(char.ToUpperInvariant(c));
                }
            }

            var normalized = letters.ToString();
            if (normalized.Length == 0 || Array.IndexOf(PlaceholderWords, normalized) >= 0)
            {
                return true;
            }

            var upper = trimmed.ToUpperInvariant();
            foreach (var prefix in PlaceholderPrefixes)
            {
                if (upper.StartsWith(prefix, StringComparison.Ordinal) && (upper.Length == prefix.Length || !char.IsLetterOrDigit(upper[prefix.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsHttpUrl(string value)
            => value.Trim() == value
               && value.IndexOf(' ') < 0
               && Uri.TryCreate(value, UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
               && !string.IsNullOrEmpty(uri.Host);

        public static bool IsEmail(string value) => Email.IsMatch(value);

        private static string? CheckCommon(string? value)
        {
            if (value == null || value.Trim().Length == 0)
            {
                return "is empty";
            }

            return IsPlaceholder(value) ? $"'{value}' is a placeholder" : null;
        }

        private static string NotOfForm(string value) => $"'{value}' is not of the expected form";

        private static bool HasScheme(string value)
        {
            var colon = value.IndexOf(':');
            return colon > 1 && value.IndexOf("://", StringComparison.Ordinal) == colon;
        }

        private static bool IsRooted(string value)
            => value.StartsWith("/", StringComparison.Ordinal)
               || value.StartsWith("\\", StringComparison.Ordinal)
               || (value.Length >= 2 && value[1] == ':' && char.IsLetter(value[0]))
               || value.StartsWith("~", StringComparison.Ordinal);
    }
}
