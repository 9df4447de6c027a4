using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OpsReady.Analyzers.Health
{
    /// <summary>
    /// Where a service is put together: the entry point (Main or top-level statements) and the methods
    /// ASP.NET Core calls by convention on a Startup class (Configure[Environment][Services]). Also finds
    /// the builder and app locals of minimal hosting, for fixes that add a registration or a mapping.
    /// </summary>
    internal sealed class CompositionRoot
    {
        private static readonly string[] ConventionEnvironments = { "Development", "Staging", "Production" };

        /// <summary>Configure, ConfigureServices and their Configure{Environment}[Services] forms.</summary>
        internal static readonly string[] StartupNames = new[] { "" }.Concat(ConventionEnvironments)
            .SelectMany(environment => new[] { "Configure" + environment, "Configure" + environment + "Services" })
            .ToArray();

        private CompositionRoot(IMethodSymbol? entryPoint, List<(IMethodSymbol Method, EnvironmentSet Environments)> startup)
        {
            EntryPoint = entryPoint;
            Startup = startup;
        }

        public IMethodSymbol? EntryPoint { get; }

        public IReadOnlyList<(IMethodSymbol Method, EnvironmentSet Environments)> Startup { get; }

        /// <summary>Where "missing" diagnostics go: the app.Run() call, else Main's name or the first top-level statement.</summary>
        public Location? Anchor { get; private set; }

        /// <summary>The local holding WebApplication.CreateBuilder()/Host.CreateApplicationBuilder(), when the fix can use it.</summary>
        public string? BuilderName { get; private set; }

        /// <summary>The local holding builder.Build(), when the fix can use it.</summary>
        public string? AppName { get; private set; }

        public bool IsWebBuilder { get; private set; }

        public static CompositionRoot? Find(Compilation compilation, HealthWiringWalker walker, CancellationToken cancellationToken)
        {
            var entryPoint = compilation.GetEntryPoint(cancellationToken);
            if (entryPoint != null && entryPoint.DeclaringSyntaxReferences.IsEmpty)
            {
                entryPoint = null;
            }

            var startup = new List<(IMethodSymbol, EnvironmentSet)>();
            foreach (var name in StartupNames)
            {
                // By exact name: the compiler answers from its name table without creating a symbol when no
                // type declares it (a predicate over every member name cost 0.1-0.7 s at 5,000 files).
                foreach (var symbol in compilation.GetSymbolsWithName(name, SymbolFilter.Member, cancellationToken))
                {
                    if (symbol is IMethodSymbol { IsAbstract: false } method && StartupEnvironments(method, walker.Api) is { } environments)
                    {
                        startup.Add((method, environments));
                    }
                }
            }

            if (entryPoint == null && startup.Count == 0)
            {
                return null;
            }

            // Deterministic order: the generator's output must not depend on the declaration table's order.
            startup.Sort((a, b) => string.CompareOrdinal(SortKey(a.Item1), SortKey(b.Item1)));
            var root = new CompositionRoot(entryPoint, startup);
            root.FindAnchor(walker, cancellationToken);
            return root;
        }

        public void WalkInto(HealthWiringWalker walker, HealthWiring wiring)
        {
            if (EntryPoint != null)
            {
                walker.Walk(EntryPoint, EnvironmentSet.All, wiring);
            }

            foreach (var (method, environments) in Startup)
            {
                walker.Walk(method, environments, wiring);
            }
        }

        private static string SortKey(IMethodSymbol method)
        {
            var location = method.Locations.FirstOrDefault();
            return (location?.SourceTree?.FilePath ?? "") + ":" + (location?.SourceSpan.Start ?? 0).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Configure(IApplicationBuilder…)/ConfigureServices(IServiceCollection) and their Configure{Environment} forms.</summary>
        private static EnvironmentSet? StartupEnvironments(IMethodSymbol method, HealthApi api)
        {
            var name = method.Name;
            var services = name.EndsWith("Services", System.StringComparison.Ordinal);
            var environment = name.Substring("Configure".Length, name.Length - "Configure".Length - (services ? "Services".Length : 0));
            if (environment.Length > 0 && !ConventionEnvironments.Contains(environment))
            {
                return null;
            }

            var expected = services ? WellKnownTypes.ServiceCollection : WellKnownTypes.ApplicationBuilder;
            if (!method.Parameters.Any(p => p.Type is INamedTypeSymbol type && type.ToDisplayString() == expected))
            {
                return null;
            }

            return environment.Length == 0 ? EnvironmentSet.All : EnvironmentSet.Only(environment);
        }

        private void FindAnchor(HealthWiringWalker walker, CancellationToken cancellationToken)
        {
            if (EntryPoint == null)
            {
                var first = Startup[0].Method.Locations.FirstOrDefault();
                Anchor = first != null && first.IsInSource ? first : null;
                return;
            }

            IInvocationOperation? run = null;
            foreach (var body in walker.Bodies(EntryPoint))
            {
                foreach (var operation in body.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation invocation && walker.Api.IsHostRun(invocation))
                    {
                        run = invocation;
                    }
                }
            }

            if (run != null)
            {
                Anchor = run.Syntax.GetLocation();
                FindBuilder(run, walker, cancellationToken);
                return;
            }

            Anchor = EntryPointLocation.Of(EntryPoint, cancellationToken) ?? EntryPoint.Locations.FirstOrDefault(l => l.IsInSource);
        }

        /// <summary>var app = builder.Build(); … app.Run(); in one statement list, builder from CreateBuilder/CreateApplicationBuilder.</summary>
        private void FindBuilder(IInvocationOperation run, HealthWiringWalker walker, CancellationToken cancellationToken)
        {
            var appReference = Unwrap(run.Instance ?? (run.Arguments.Length > 0 ? run.Arguments[0].Value : null)) as ILocalReferenceOperation;
            var appDeclarator = appReference?.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
            if (appDeclarator?.Initializer == null
                || walker.ModelFor(appDeclarator.SyntaxTree)?.GetOperation(appDeclarator.Initializer.Value, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "Build" } build
                || Unwrap(build.Instance) is not ILocalReferenceOperation builderReference)
            {
                return;
            }

            var builderDeclarator = builderReference.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
            if (builderDeclarator?.Initializer == null
                || walker.ModelFor(builderDeclarator.SyntaxTree)?.GetOperation(builderDeclarator.Initializer.Value, cancellationToken) is not IInvocationOperation create)
            {
                return;
            }

            var factory = create.TargetMethod.ContainingType?.ToDisplayString();
            var web = factory == WellKnownTypes.AspNetCoreWebApplication && create.TargetMethod.Name.StartsWith("Create", System.StringComparison.Ordinal);
            var host = factory == WellKnownTypes.HostFactory && create.TargetMethod.Name.EndsWith("ApplicationBuilder", System.StringComparison.Ordinal);
            if (!web && !host)
            {
                return;
            }

            // The fix inserts statements before `var app = builder.Build();` and before `app.Run();`: they must share a list.
            var buildStatement = appDeclarator.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
            var runStatement = run.Syntax.Parent as ExpressionStatementSyntax;
            if (buildStatement == null || runStatement == null || !SameStatementList(buildStatement, runStatement))
            {
                return;
            }

            BuilderName = builderReference.Local.Name;
            AppName = appReference!.Local.Name;
            IsWebBuilder = web;
        }

        private static bool SameStatementList(StatementSyntax first, StatementSyntax second)
        {
            var firstList = first.Parent is GlobalStatementSyntax g1 ? g1.Parent : first.Parent;
            var secondList = second.Parent is GlobalStatementSyntax g2 ? g2.Parent : second.Parent;
            return firstList != null && firstList == secondList && first.SpanStart < second.SpanStart;
        }

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
