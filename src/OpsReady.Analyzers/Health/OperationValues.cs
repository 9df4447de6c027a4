using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    /// <summary>Reading constant values and arguments out of bound operations, shared by the route, probe and environment readers.</summary>
    internal static class OperationValues
    {
        public static IOperation? Argument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        public static IOperation? Argument(IInvocationOperation invocation, int ordinal)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        public static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        public static string? ConstantString(IOperation? operation)
            => operation != null && operation.ConstantValue.HasValue && operation.ConstantValue.Value is string text ? text : null;

        /// <summary>"/health" written as a string (implicit PathString conversion) or as new PathString("/health").</summary>
        public static string? PathStringConstant(IOperation? operation)
        {
            if (ConstantString(operation) is { } direct)
            {
                return direct;
            }

            var value = Unwrap(operation);
            if (ConstantString(value) is { } converted)
            {
                return converted;
            }

            return value is IObjectCreationOperation creation && creation.Arguments.Length == 1 ? ConstantString(creation.Arguments[0].Value) : null;
        }
    }
}
