using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpsReady.Analyzers.Health;
using OpsReady.Contract;

namespace OpsReady.Analyzers.Ownership
{
    /// <summary>
    /// OPS001-OPS004: who owns a service and who runs it. Everything is decided once per compilation
    /// from the assembly's attributes and reported from the semantic pass, so the diagnostics show live
    /// in the file that holds the attribute (or the entry point, for a missing owner), and adding the owner
    /// in Ownership.cs clears OPS001 on Program.cs (<see cref="PerCompilationDiagnostics"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OwnershipAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Rules.OwnerMissing, Rules.OwnershipValueInvalid, Rules.OwnerNotKnownTeam, Rules.MaintenanceWithoutHandoff);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var compilation = context.Compilation;
            if (!ServiceInfo.From(context.Options).IsService)
            {
                return;
            }

            var options = context.Options;
            PerCompilationDiagnostics.ReportFromSemanticPass(context, ct => Analyze(compilation, options, ct));
        }

        private static List<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var (owner, handoff) = OwnershipDeclaration.Find(compilation.Assembly, cancellationToken);
            var diagnostics = new List<Diagnostic>();
            if (owner == null)
            {
                var anchor = FindOwnerAnchor(compilation, cancellationToken);
                if (anchor != null)
                {
                    diagnostics.Add(Diagnostic.Create(Rules.OwnerMissing, anchor, compilation.AssemblyName ?? "service"));
                }
            }
            else
            {
                var settings = OwnershipSettings.From(options, cancellationToken);
                CheckOwner(owner, handoff, settings, diagnostics);
                if (handoff != null)
                {
                    CheckHandoff(handoff, settings, diagnostics);
                }
            }

            return diagnostics;
        }

        private static void CheckOwner(OwnershipDeclaration owner, OwnershipDeclaration? handoff, OwnershipSettings settings, List<Diagnostic> diagnostics)
        {
            CheckTeam(owner, settings, diagnostics);
            Check(owner, AttributeNames.ServiceOwner.Contact, ValueForms.CheckContact, ValueForms.ContactExpectation, diagnostics);
            Check(owner, AttributeNames.ServiceOwner.OnCall, ValueForms.CheckOnCall, ValueForms.OnCallExpectation, diagnostics);
            Check(owner, AttributeNames.ServiceOwner.Runbook, v => ValueForms.CheckRunbook(v, settings.RepositoryRoot, settings.RecordedRunbook), ValueForms.RunbookExpectation, diagnostics);

            if (owner.Get(AttributeNames.ServiceOwner.Lifecycle) is DeclaredValue lifecycle && lifecycle.Constant.Value is int value)
            {
                if (!ServiceLifecycles.IsDefined(value))
                {
                    diagnostics.Add(Diagnostic.Create(
                        Rules.OwnershipValueInvalid, lifecycle.Location, owner.AttributeName + " " + lifecycle.Name, $"{value} is not a defined {ServiceLifecycles.TypeName}",
                        ServiceLifecycles.Choices()));
                }
                else if (value == (int)ServiceLifecycle.Maintenance && handoff == null)
                {
                    diagnostics.Add(Diagnostic.Create(Rules.MaintenanceWithoutHandoff, lifecycle.Location));
                }
            }

            // Written, it must be a tier: 0 is the attribute's "not set", never a tier one declares.
            if (owner.Get(AttributeNames.ServiceOwner.Tier) is DeclaredValue tier && tier.Constant.Value is int level
                && (level < AttributeNames.ServiceOwner.MostCriticalTier || level > AttributeNames.ServiceOwner.LeastCriticalTier))
            {
                diagnostics.Add(Diagnostic.Create(
                    Rules.OwnershipValueInvalid, tier.Location, owner.AttributeName + " " + tier.Name, $"{level.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a tier",
                    $"a tier from {AttributeNames.ServiceOwner.MostCriticalTier} (most critical) to {AttributeNames.ServiceOwner.LeastCriticalTier}, or leave it unset"));
            }
        }

        private static void CheckHandoff(OwnershipDeclaration handoff, OwnershipSettings settings, List<Diagnostic> diagnostics)
        {
            CheckTeam(handoff, settings, diagnostics);
            Check(handoff, AttributeNames.OperationsHandoff.Contact, ValueForms.CheckContact, ValueForms.ContactExpectation, diagnostics);
            Check(handoff, AttributeNames.OperationsHandoff.Since, ValueForms.CheckSince, ValueForms.SinceExpectation, diagnostics);
        }

        private static void CheckTeam(OwnershipDeclaration declaration, OwnershipSettings settings, List<Diagnostic> diagnostics)
        {
            if (declaration.Team is not DeclaredValue team || team.Constant.Kind == TypedConstantKind.Error)
            {
                return;
            }

            var problem = ValueForms.CheckTeam(team.Text);
            if (problem != null)
            {
                diagnostics.Add(Diagnostic.Create(Rules.OwnershipValueInvalid, team.Location, declaration.AttributeName + " team", problem, ValueForms.TeamExpectation));
                return;
            }

            if (!settings.KnownTeams.IsDefaultOrEmpty && !settings.KnownTeams.Contains(team.Text!.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                diagnostics.Add(Diagnostic.Create(
                    Rules.OwnerNotKnownTeam, team.Location,
                    declaration.AttributeName == AttributeNames.ServiceOwner.Name ? "Owning team" : "Operations team",
                    team.Text, string.Join(", ", settings.KnownTeams)));
            }
        }

        private static void Check(OwnershipDeclaration declaration, string name, Func<string?, string?> check, string expectation, List<Diagnostic> diagnostics)
        {
            if (declaration.Get(name) is not DeclaredValue value || value.Constant.Kind == TypedConstantKind.Error)
            {
                return;
            }

            var problem = check(value.Text);
            if (problem != null)
            {
                diagnostics.Add(Diagnostic.Create(Rules.OwnershipValueInvalid, value.Location, declaration.AttributeName + " " + name, problem, expectation));
            }
        }

        /// <summary>
        /// Where a missing owner is reported: the entry point (Main's name, or the first top-level
        /// statement), else the start of the first user file, so the IDE shows it in Program.cs.
        /// </summary>
        private static Location? FindOwnerAnchor(Compilation compilation, CancellationToken cancellationToken)
        {
            if (EntryPointLocation.Of(compilation.GetEntryPoint(cancellationToken), cancellationToken) is { } entryPoint)
            {
                return entryPoint;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                var token = tree.GetRoot(cancellationToken).GetFirstToken();
                if (!IsOpsReadyAttributesFile(tree) && token.RawKind != 0)
                {
                    // The first token, not offset 0: a #pragma at the top of the file can then suppress it.
                    return token.GetLocation();
                }
            }

            return null;
        }

        private static bool IsOpsReadyAttributesFile(SyntaxTree tree)
            => Path.GetFileName(tree.FilePath).Equals(AttributeNames.SourceFileName, StringComparison.OrdinalIgnoreCase);
    }
}
