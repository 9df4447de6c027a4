using System;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using OpsReady.Contract;

namespace OpsReady.Tasks
{
    /// <summary>Thrown when a file is not a .NET assembly that can be read.</summary>
    internal sealed class UnreadableAssemblyException : Exception
    {
        public UnreadableAssemblyException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>
    /// Reads the OpsReady attributes of a built assembly with System.Reflection.Metadata: the assembly is
    /// never loaded, so none of its code (module initializers included) runs inside the build, and the
    /// file is opened with sharing that lets the IDE or another build replace or delete it meanwhile.
    /// </summary>
    internal static class AssemblyFactsReader
    {
        public static AssemblyFacts Read(string path)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
                if (!pe.HasMetadata)
                {
                    throw new UnreadableAssemblyException("it has no .NET metadata");
                }

                var reader = pe.GetMetadataReader();
                if (!reader.IsAssembly)
                {
                    throw new UnreadableAssemblyException("it is a module, not an assembly");
                }

                return Read(reader);
            }
            catch (UnreadableAssemblyException)
            {
                throw;
            }
            catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException || e is ArgumentException || e is EndOfStreamException)
            {
                throw new UnreadableAssemblyException(e.Message, e);
            }
        }

        private static AssemblyFacts Read(MetadataReader reader)
        {
            var definition = reader.GetAssemblyDefinition();
            var facts = new AssemblyFacts
            {
                Name = reader.GetString(definition.Name),
                Version = definition.Version.ToString(),
            };

            var provider = new AttributeTypeProvider();
            foreach (var handle in definition.GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(handle);
                var (ns, name) = AttributeTypeName(reader, attribute);
                switch (ns + "." + name)
                {
                    case AttributeNames.ServiceOwner.MetadataName:
                        if (TryDecode(attribute, provider, facts, name, out var owner))
                        {
                            facts.Ownership = new OwnershipSection
                            {
                                Team = FixedString(owner, 0),
                                Contact = NamedString(owner, AttributeNames.ServiceOwner.Contact),
                                OnCall = NamedString(owner, AttributeNames.ServiceOwner.OnCall),
                                Runbook = NamedString(owner, AttributeNames.ServiceOwner.Runbook),
                                Lifecycle = Lifecycle(owner),
                                Tier = Tier(owner),
                            };
                        }

                        break;
                    case AttributeNames.OperationsHandoff.MetadataName:
                        if (TryDecode(attribute, provider, facts, name, out var handoff))
                        {
                            facts.Operations = new OperationsSection
                            {
                                Team = FixedString(handoff, 0),
                                Contact = NamedString(handoff, AttributeNames.OperationsHandoff.Contact),
                                Since = NamedString(handoff, AttributeNames.OperationsHandoff.Since),
                            };
                        }

                        break;
                    case "System.Reflection.AssemblyMetadataAttribute":
                        // Facts are AssemblyMetadata(FactKinds.MetadataKeyPrefix + kind, value); other keys are not ours. One that
                        // cannot be decoded is not reported: nothing says it was ours.
                        if (TryDecode(attribute, provider, null, name, out var metadata) && FactKinds.KindOf(FixedString(metadata, 0)) is string kind)
                        {
                            facts.Facts.Add(new System.Collections.Generic.KeyValuePair<string, string>(kind, FixedString(metadata, 1) ?? ""));
                        }

                        break;
                    case "System.Reflection.AssemblyInformationalVersionAttribute":
                        if (TryDecode(attribute, provider, facts, name, out var informational) && FixedString(informational, 0) is string version && version.Length > 0)
                        {
                            // "1.2.3+commit": the commit is a source fact, not part of the version.
                            var plus = version.IndexOf('+');
                            facts.Version = plus > 0 ? version.Substring(0, plus) : version;
                            facts.VersionMetadata = plus >= 0 && plus + 1 < version.Length ? version.Substring(plus + 1) : null;
                        }

                        break;
                }
            }

            return facts;
        }

        /// <param name="facts">Where a failure is reported as a problem; null to ignore it.</param>
        private static bool TryDecode(CustomAttribute attribute, AttributeTypeProvider provider, AssemblyFacts? facts, string name, out CustomAttributeValue<string> value)
        {
            try
            {
                value = attribute.DecodeValue(provider);
                return true;
            }
            catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException || e is ArgumentException)
            {
                facts?.Problems.Add($"the [{name}] attribute could not be decoded ({e.Message})");
                value = default;
                return false;
            }
        }

        private static (string Namespace, string Name) AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
        {
            EntityHandle type;
            switch (attribute.Constructor.Kind)
            {
                case HandleKind.MethodDefinition:
                    type = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                    break;
                case HandleKind.MemberReference:
                    type = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                    break;
                default:
                    return ("", "");
            }

            switch (type.Kind)
            {
                case HandleKind.TypeDefinition:
                    var definition = reader.GetTypeDefinition((TypeDefinitionHandle)type);
                    return (reader.GetString(definition.Namespace), reader.GetString(definition.Name));
                case HandleKind.TypeReference:
                    var reference = reader.GetTypeReference((TypeReferenceHandle)type);
                    return (reader.GetString(reference.Namespace), reader.GetString(reference.Name));
                default:
                    return ("", "");
            }
        }

        private static string? FixedString(CustomAttributeValue<string> value, int index)
            => index < value.FixedArguments.Length ? value.FixedArguments[index].Value as string : null;

        private static string? NamedString(CustomAttributeValue<string> value, string name)
        {
            foreach (var argument in value.NamedArguments)
            {
                if (argument.Name == name)
                {
                    return argument.Value as string;
                }
            }

            return null;
        }

        private static string Lifecycle(CustomAttributeValue<string> value)
        {
            foreach (var argument in value.NamedArguments)
            {
                if (argument.Name == AttributeNames.ServiceOwner.Lifecycle && argument.Value is int number)
                {
                    return ServiceLifecycles.ManifestName(number);
                }
            }

            return ServiceLifecycles.DefaultManifestName;
        }

        /// <summary>The declared tier; null when not set, or set to 0 (the attribute's "no tier").</summary>
        private static int? Tier(CustomAttributeValue<string> value)
        {
            foreach (var argument in value.NamedArguments)
            {
                if (argument.Name == AttributeNames.ServiceOwner.Tier && argument.Value is int number && number != 0)
                {
                    return number;
                }
            }

            return null;
        }

        /// <summary>Names types by their full name; every enum OpsReady's attributes use is an int.</summary>
        private sealed class AttributeTypeProvider : ICustomAttributeTypeProvider<string>
        {
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

            public string GetSystemType() => "System.Type";

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                var definition = reader.GetTypeDefinition(handle);
                return reader.GetString(definition.Namespace) + "." + reader.GetString(definition.Name);
            }

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                var reference = reader.GetTypeReference(handle);
                return reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
            }

            public string GetTypeFromSerializedName(string name) => name;

            public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

            public bool IsSystemType(string type) => type == "System.Type";
        }
    }
}
