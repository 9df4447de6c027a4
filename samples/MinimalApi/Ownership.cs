// Who builds this service and who runs it: compiled into the assembly and written to
// bin/.../MinimalApi.ownership.json on every build.
using OpsReady;

[assembly: ServiceOwner("payments-team",
    Contact = "payments@contoso.example",
    OnCall = "https://oncall.contoso.example/schedules/payments",
    Runbook = "samples/docs/payments-runbook.md",
    Lifecycle = ServiceLifecycle.Maintenance)]
[assembly: OperationsHandoff("appops", Contact = "#appops", Since = "2026-09-01")]
