using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    using static OperationValues;

    /// <summary>
    /// The environments code runs in, read from the guards around it: if (env.IsDevelopment()), IsEnvironment("x"),
    /// env.EnvironmentName == "x", conditional expressions and early returns, as an <see cref="EnvironmentSet"/>.
    /// </summary>
    internal sealed class EnvironmentConditions
    {
        private readonly HealthApi api;
        private readonly Func<SyntaxTree, SemanticModel?> modelFor;
        private readonly CancellationToken cancellationToken;

        public EnvironmentConditions(HealthApi api, Func<SyntaxTree, SemanticModel?> modelFor, CancellationToken cancellationToken)
        {
            this.api = api;
            this.modelFor = modelFor;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>The environments the statements around <paramref name="node"/> (in its own method) restrict it to.</summary>
        public EnvironmentSet Around(SyntaxNode node)
        {
            var model = modelFor(node.SyntaxTree);
            if (model == null)
            {
                return EnvironmentSet.All;
            }

            var result = EnvironmentSet.All;
            var child = node;
            for (var parent = node.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                        result = result.And(Condition(ifStatement.Condition, model));
                        break;
                    case ElseClauseSyntax elseClause when elseClause.Parent is IfStatementSyntax owner:
                        result = result.And(Condition(owner.Condition, model).Negate());
                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue:
                        result = result.And(Condition(conditional.Condition, model));
                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse:
                        result = result.And(Condition(conditional.Condition, model).Negate());
                        break;
                    case BlockSyntax block when child is StatementSyntax statement:
                        result = result.And(EarlyExits(block.Statements.TakeWhile(s => s != statement), model));
                        break;
                    case CompilationUnitSyntax unit when child is GlobalStatementSyntax global:
                        result = result.And(EarlyExits(unit.Members.TakeWhile(m => m != global).OfType<GlobalStatementSyntax>().Select(g => g.Statement), model));
                        break;
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return result;
                }
            }

            return result;
        }

        /// <summary>Code after <c>if (!env.IsDevelopment()) return;</c> runs only in Development.</summary>
        private EnvironmentSet EarlyExits(IEnumerable<StatementSyntax> preceding, SemanticModel model)
        {
            var result = EnvironmentSet.All;
            foreach (var statement in preceding)
            {
                if (statement is IfStatementSyntax { Else: null } ifStatement && AlwaysExits(ifStatement.Statement))
                {
                    result = result.And(Condition(ifStatement.Condition, model).Negate());
                }
            }

            return result;
        }

        private static bool AlwaysExits(StatementSyntax statement)
            => statement switch
            {
                ReturnStatementSyntax => true,
                ThrowStatementSyntax => true,
                BlockSyntax block => block.Statements.Count > 0 && AlwaysExits(block.Statements[block.Statements.Count - 1]),
                _ => false,
            };

        private EnvironmentSet Condition(ExpressionSyntax condition, SemanticModel model)
            => Condition(model.GetOperation(condition, cancellationToken));

        /// <summary>The environments an if condition selects, e.g. Only(Development) for env.IsDevelopment().</summary>
        public EnvironmentSet ConditionOf(ExpressionSyntax condition)
            => modelFor(condition.SyntaxTree) is { } model ? Condition(condition, model) : EnvironmentSet.All;

        private EnvironmentSet Condition(IOperation? operation)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    return Condition(conversion.Operand);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Condition(not.Operand).Negate();
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    return Condition(and.LeftOperand).And(Condition(and.RightOperand));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                    return Condition(or.LeftOperand).Or(Condition(or.RightOperand));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    var name = EnvironmentNameComparedTo(comparison.LeftOperand, comparison.RightOperand)
                        ?? EnvironmentNameComparedTo(comparison.RightOperand, comparison.LeftOperand);
                    if (name == null)
                    {
                        return EnvironmentSet.All;
                    }

                    return comparison.OperatorKind == BinaryOperatorKind.Equals ? EnvironmentSet.Only(name) : EnvironmentSet.Except(name);
                case IInvocationOperation invocation when api.IsEnvironmentTest(invocation.TargetMethod):
                    switch (invocation.TargetMethod.Name)
                    {
                        case "IsDevelopment":
                            return EnvironmentSet.Only(EnvironmentSet.DevelopmentName);
                        case "IsStaging":
                            return EnvironmentSet.Only("Staging");
                        case "IsProduction":
                            return EnvironmentSet.Only("Production");
                        case "IsEnvironment":
                            var environment = ConstantString(Argument(invocation, "environmentName"))
                                ?? (invocation.Arguments.Length == 2 ? ConstantString(invocation.Arguments[1].Value) : null);
                            return environment == null ? EnvironmentSet.All : EnvironmentSet.Only(environment);
                    }

                    return EnvironmentSet.All;
                default:
                    return EnvironmentSet.All;
            }
        }

        private string? EnvironmentNameComparedTo(IOperation side, IOperation other)
            => Unwrap(side) is IPropertyReferenceOperation property && api.IsEnvironmentName(property.Property) ? ConstantString(other) : null;
    }
}
