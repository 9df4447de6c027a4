using System;
using System.Threading;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// A value computed once per compilation on first use, by whichever action needs it first. Unlike
    /// Lazy&lt;T&gt;, a cancelled computation is not cached: the next caller computes it again.
    /// </summary>
    internal sealed class PerCompilation<T>
        where T : class
    {
        private readonly Func<CancellationToken, T> compute;
        private readonly object gate = new object();
        private T? value;

        public PerCompilation(Func<CancellationToken, T> compute) => this.compute = compute;

        public T Get(CancellationToken cancellationToken)
        {
            lock (gate)
            {
                return value ??= compute(cancellationToken);
            }
        }
    }
}
