using System;
using System.Text.RegularExpressions;

namespace OpsReady.Tasks
{
    /// <summary>The source repository and commit, in a form that is safe to hand to another team.</summary>
    internal static class SourceFacts
    {
        private static readonly Regex ScpLike = new Regex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\]+$", RegexOptions.CultureInvariant);
        private static readonly Regex CommitLike = new Regex("^[0-9a-fA-F]{7,64}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// A remote URL without user name or password (CI systems often put a token there); null for
        /// local paths and file URLs, which name a folder on the build machine.
        /// </summary>
        public static string? PublicRepositoryUrl(string? value)
        {
            var url = value?.Trim();
            if (string.IsNullOrEmpty(url))
            {
                return null;
            }

            if (ScpLike.IsMatch(url!))
            {
                return url;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc
                || !(uri.Scheme == "https" || uri.Scheme == "http" || uri.Scheme == "ssh" || uri.Scheme == "git"))
            {
                return null;
            }

            var builder = new UriBuilder(uri) { UserName = "", Password = "" };
            if (uri.Scheme == "ssh" && uri.UserInfo.Length > 0 && uri.UserInfo.IndexOf(':') < 0)
            {
                // ssh://git@host/... : the user name is the protocol's, not a secret.
                builder.UserName = uri.UserInfo;
            }

            var text = builder.Uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
            return text;
        }

        /// <summary>$(SourceRevisionId) when set, else the informational version's "+metadata" when it looks like a commit id.</summary>
        public static string? Commit(string? sourceRevisionId, string? versionMetadata)
        {
            var revision = sourceRevisionId?.Trim();
            if (!string.IsNullOrEmpty(revision))
            {
                return revision;
            }

            var metadata = versionMetadata?.Trim();
            if (string.IsNullOrEmpty(metadata))
            {
                return null;
            }

            // "1.2.3+abc1234" or "1.2.3+build.5.abc1234": take the last dot-separated part that is a commit id.
            var parts = metadata!.Split('.');
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (CommitLike.IsMatch(parts[i]))
                {
                    return parts[i];
                }
            }

            return null;
        }
    }
}
