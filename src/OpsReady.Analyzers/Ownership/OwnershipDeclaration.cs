using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Ownership
{
    /// <summary>One value of an ownership attribute: its constant value and where it is written.</summary>
    internal readonly struct DeclaredValue
    {
        public DeclaredValue(string name, TypedConstant constant, Location location)
        {
            Name = name;
            Constant = constant;
            Location = location;
        }

        public string Name { get; }

        public TypedConstant Constant { get; }

        public Location Location { get; }

        public string? Text => Constant.Kind == TypedConstantKind.Primitive ? Constant.Value as string : null;
    }

    /// <summary>
    /// An [assembly: ServiceOwner] or [assembly: OperationsHandoff] as the compiler bound it, so values
    /// written as constants, nameof, constant interpolations, aliases or named arguments in any order
    /// all arrive here as their constant values.
    /// </summary>
    internal sealed class OwnershipDeclaration
    {
        private OwnershipDeclaration(string attributeName, Location location, DeclaredValue? team, ImmutableArray<DeclaredValue> named)
        {
            AttributeName = attributeName;
            Location = location;
            Team = team;
            Named = named;
        }

        /// <summary><see cref="AttributeNames.ServiceOwner.Name"/> or <see cref="AttributeNames.OperationsHandoff.Name"/>.</summary>
        public string AttributeName { get; }

        public Location Location { get; }

        public DeclaredValue? Team { get; }

        public ImmutableArray<DeclaredValue> Named { get; }

        public DeclaredValue? Get(string name)
        {
            foreach (var value in Named)
            {
                if (value.Name == name)
                {
                    return value;
                }
            }

            return null;
        }

        public static (OwnershipDeclaration? Owner, OwnershipDeclaration? Handoff) Find(IAssemblySymbol assembly, CancellationToken cancellationToken)
        {
            OwnershipDeclaration? owner = null;
            OwnershipDeclaration? handoff = null;
            foreach (var attribute in assembly.GetAttributes())
            {
                if (owner == null && WellKnownTypes.IsOpsReadyType(attribute.AttributeClass, AttributeNames.ServiceOwner.TypeName))
                {
                    owner = Create(AttributeNames.ServiceOwner.Name, attribute, cancellationToken);
                }
                else if (handoff == null && WellKnownTypes.IsOpsReadyType(attribute.AttributeClass, AttributeNames.OperationsHandoff.TypeName))
                {
                    handoff = Create(AttributeNames.OperationsHandoff.Name, attribute, cancellationToken);
                }
            }

            return (owner, handoff);
        }

        private static OwnershipDeclaration Create(string attributeName, AttributeData attribute, CancellationToken cancellationToken)
        {
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            var attributeLocation = syntax?.Name.GetLocation() ?? Location.None;

            DeclaredValue? team = null;
            if (attribute.ConstructorArguments.Length == 1)
            {
                team = new DeclaredValue(AttributeNames.ServiceOwner.Team, attribute.ConstructorArguments[0], PositionalLocation(syntax) ?? attributeLocation);
            }

            var named = ImmutableArray.CreateBuilder<DeclaredValue>(attribute.NamedArguments.Length);
            foreach (var pair in attribute.NamedArguments)
            {
                named.Add(new DeclaredValue(pair.Key, pair.Value, NamedLocation(syntax, pair.Key) ?? attributeLocation));
            }

            return new OwnershipDeclaration(attributeName, attributeLocation, team, named.MoveToImmutable());
        }

        private static Location? PositionalLocation(AttributeSyntax? syntax)
        {
            if (syntax?.ArgumentList == null)
            {
                return null;
            }

            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals == null)
                {
                    return argument.Expression.GetLocation();
                }
            }

            return null;
        }

        private static Location? NamedLocation(AttributeSyntax? syntax, string name)
        {
            if (syntax?.ArgumentList == null)
            {
                return null;
            }

            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.Expression.GetLocation();
                }
            }

            return null;
        }
    }
}
