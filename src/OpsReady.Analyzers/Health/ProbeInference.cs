using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    using static OperationValues;

    /// <summary>Which probe (liveness or readiness) a health endpoint serves, read from its HealthCheckOptions predicate or its path.</summary>
    internal static class ProbeInference
    {
        /// <summary>Whether HealthCheckOptions select checks (Predicate), and the probe the selection names.</summary>
        public static (bool Filtered, string Probe) FromOptions(IOperation? options)
        {
            var value = Unwrap(options);
            if (value == null)
            {
                return (false, "");
            }

            if (value is not IObjectCreationOperation creation)
            {
                // Options built elsewhere: assume they filter, so OPS102 stays quiet rather than wrong.
                return (true, "");
            }

            IOperation? predicate = null;
            foreach (var initializer in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Predicate" } } assignment)
                {
                    predicate = assignment.Value;
                }
            }

            if (predicate == null)
            {
                return (false, "");
            }

            var function = (Unwrap(predicate) as IDelegateCreationOperation)?.Target as IAnonymousFunctionOperation;
            if (function == null)
            {
                return (true, "");
            }

            var returned = function.Body.Operations.Length == 1 && function.Body.Operations[0] is IReturnOperation { ReturnedValue: { } result }
                ? result.ConstantValue
                : default;
            if (returned.HasValue && returned.Value is bool constant)
            {
                // _ => false runs no check: the process answering is the liveness signal. _ => true filters nothing.
                return constant ? (false, "") : (true, Probes.Liveness);
            }

            var words = string.Join(" ", function.Body.Descendants()
                .Where(o => o.ConstantValue.HasValue && o.ConstantValue.Value is string)
                .Select(o => (string)o.ConstantValue.Value!));
            return (true, FromWords(words));
        }

        public static string FromWords(string words)
        {
            var lower = words.ToLowerInvariant();
            var live = lower.Contains("live");
            var ready = lower.Contains("ready") || lower.Contains("readiness");
            return live == ready ? "" : live ? Probes.Liveness : Probes.Readiness;
        }
    }
}
