namespace OpsReady.Analyzers.Tests.Ownership;

/// <summary>The project the ownership tests compile: a web service (an executable) on .NET 8 only, with the OpsReady attributes.</summary>
public static class OwnershipProjects
{
    public static readonly TestProject Service = TestProject.Default.WithFramework(TestFramework.Base);
}
