namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>
/// The projects the logging tests compile: .NET 8 without ASP.NET Core, with the real logging libraries
/// (Microsoft.Extensions.Logging.Abstractions 8.0.0 and Serilog 4.3.0) as package references.
/// </summary>
public static class LoggingProjects
{
    /// <summary>A web service (an executable) that logs through both libraries.</summary>
    public static readonly TestProject Service = TestProject.Default
        .WithFramework(TestFramework.Base)
        .WithPackage(TestPackages.LoggingAbstractions)
        .WithPackage(TestPackages.Serilog);

    /// <summary>A class library (service kind "none") that logs through both libraries.</summary>
    public static readonly TestProject Library = Service.WithServiceKind("none").AsLibrary();

    /// <summary>A class library without any logging library.</summary>
    public static readonly TestProject LibraryWithoutLogging = TestProject.Default.WithFramework(TestFramework.Base).WithServiceKind("none").AsLibrary();
}
