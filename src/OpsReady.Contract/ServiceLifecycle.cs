using System;
using System.Globalization;

namespace OpsReady.Contract
{
    /// <summary>
    /// The values of OpsReady.ServiceLifecycle, names and numbers as build/OpsReady.Attributes.cs declares them
    /// (a test holds the two together): the analyzers read the number from the attribute, the manifest records the name.
    /// </summary>
    internal enum ServiceLifecycle
    {
        Experimental = 0,
        Production = 1,
        Maintenance = 2,
        Deprecated = 3,
    }

    internal static class ServiceLifecycles
    {
        /// <summary>The enum's type name in the attributes' namespace.</summary>
        public const string TypeName = "ServiceLifecycle";

        /// <summary>What a ServiceOwner without Lifecycle means.</summary>
        public const ServiceLifecycle Default = ServiceLifecycle.Production;

        /// <summary>"production": what the manifest records for a ServiceOwner without Lifecycle.</summary>
        public static readonly string DefaultManifestName = ManifestName((int)Default);

        public static readonly ServiceLifecycle[] All = (ServiceLifecycle[])Enum.GetValues(typeof(ServiceLifecycle));

        public static bool IsDefined(int value) => Enum.IsDefined(typeof(ServiceLifecycle), value);

        /// <summary>The manifest's name of a lifecycle ("production"); a number no value has is recorded as that number.</summary>
        public static string ManifestName(int value)
            => IsDefined(value) ? ((ServiceLifecycle)value).ToString().ToLowerInvariant() : value.ToString(CultureInfo.InvariantCulture);

        /// <summary>"Experimental, Production, Maintenance or Deprecated": what a Lifecycle may be, for messages.</summary>
        public static string Choices()
        {
            var names = Array.ConvertAll(All, v => v.ToString());
            return string.Join(", ", names, 0, names.Length - 1) + " or " + names[names.Length - 1];
        }
    }
}
