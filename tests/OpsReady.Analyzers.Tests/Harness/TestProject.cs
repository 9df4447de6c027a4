// The one test harness of the analyzer tests: a TestProject states the project a test compiles, and runs the
// analyzer, the code fix or the generator over it.
//
// Defaults (TestProject.Default): a web service (build_property.OpsReadyServiceKind = web), an executable
// (OutputKind.ConsoleApplication), compiled against .NET 8 plus the ASP.NET Core 8 shared framework, with the
// OpsReady attributes the package adds (build/OpsReady.Attributes.cs), no extra packages, no settings files.
// Every other project says what differs:
//
//   TestProject.Default
//       .WithServiceKind("worker")                      // "web" | "worker" | "none" | null (property not set)
//       .AsLibrary()                                    // OutputKind.DynamicallyLinkedLibrary
//       .WithFramework(TestFramework.Extensions)        // Base | AspNetCore | Extensions | Hosting
//       .WithPackage(TestPackages.Serilog)              // a NuGet package, resolved offline with its dependencies
//       .WithReferences(TestReferences.Grpc)            // DLLs: package folders, projects built by the test
//       .WithSettingsFile("/0/appsettings.json", json)  // an AdditionalFiles item
//       .WithBuildProperty("OpsReadyKnownTeamList", "payments")
//       .Test<TAnalyzer, TFix>(source, fixedSource)     // or .Analyzer<T>(source), .VerifyAsync<T>(source),
//                                                       // .RunGenerator(...), .Compile(...), .PassesAsync(...)
//
// Layout: a rule's tests are found by its id, in the class named after its analyzer (the summary names the ids):
//   OPS001-OPS004  Ownership/OwnershipAnalyzerTests, fix: Ownership/AddServiceOwnerCodeFixTests
//   OPS100-OPS103  Health/HealthEndpointAnalyzerTests, Health/AspireServiceDefaultsTests (helpers in another project),
//                  fixes: Health/HealthCodeFixTests; facts: Health/HealthFactsGeneratorTests
//   OPS200-OPS203, OPS206  Logging/LogTemplateAnalyzerTests, fixes: Logging/LoggingCodeFixTests,
//                  suppressor: Logging/DuplicateLoggingDiagnosticSuppressorTests
//   OPS204         Logging/ConsoleOutputAnalyzerTests
//   OPS205         Logging/StructuredLogOutputAnalyzerTests; facts: Logging/LoggingFactsGeneratorTests
//   OPS207         Logging/SettingsFileAnalyzerTests
//   OPS400-OPS401  Patching/RuntimeSupportAnalyzerTests (the judgement: OpsReady.Tasks.Tests/ResolveRuntimeSupportTests)
//   OPS402         Patching/VulnerabilityAnalyzerTests (reading NuGet audit: OpsReady.Tasks.Tests/ReadNuGetAuditTests)
//   every rule     RuleRegistryTests (ids, pages, releases), CodeFixRegistryTests, Robustness/AnalyzerFuzzTests
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using NuGet.Configuration;

namespace OpsReady.Analyzers.Tests;

/// <summary>The shared framework a test project compiles against, on top of .NET 8.</summary>
public enum TestFramework
{
    /// <summary>.NET 8 only (Microsoft.NETCore.App): a console tool or a plain library.</summary>
    Base,

    /// <summary>.NET 8 and Microsoft.AspNetCore.App 8.0.0: what a Microsoft.NET.Sdk.Web project compiles against.</summary>
    AspNetCore,

    /// <summary>.NET 8 and only the Microsoft.Extensions.* part of the ASP.NET Core shared framework: a worker's hosting, DI and health checks.</summary>
    Extensions,

    /// <summary>.NET 8 and what the `dotnet new worker` template compiles against: hosting without the health checks package.</summary>
    Hosting,
}

/// <summary>NuGet packages a test project references; restored by the test project's PackageDownload items, so tests never download.</summary>
public static class TestPackages
{
    public static readonly PackageIdentity LoggingAbstractions = new("Microsoft.Extensions.Logging.Abstractions", "8.0.0");

    public static readonly PackageIdentity Serilog = new("Serilog", "4.3.0");
}

/// <summary>Reference sets read from the NuGet package folder the test project's restore filled (PackageDownload).</summary>
public static class TestReferences
{
    /// <summary>.NET 8 reference assemblies (Microsoft.NETCore.App.Ref 8.0.0).</summary>
    public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

    private static readonly string PackageRoot = SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(root: null));

    public static readonly ImmutableArray<MetadataReference> AspNetCore = FromPackage("microsoft.aspnetcore.app.ref", "8.0.0", Path.Combine("ref", "net8.0"), _ => true);

    public static readonly ImmutableArray<MetadataReference> ExtensionsOnly = FromPackage(
        "microsoft.aspnetcore.app.ref", "8.0.0", Path.Combine("ref", "net8.0"), name => name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));

    public static readonly ImmutableArray<MetadataReference> HostingOnly = FromPackage(
        "microsoft.aspnetcore.app.ref", "8.0.0", Path.Combine("ref", "net8.0"),
        name => name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && !name.Contains("HealthChecks", StringComparison.Ordinal));

    /// <summary>Grpc.AspNetCore.Server without Grpc.AspNetCore.HealthChecks: the `dotnet new grpc` template.</summary>
    public static readonly ImmutableArray<MetadataReference> GrpcServerOnly = FromPackage("grpc.aspnetcore.server", "2.65.0", Path.Combine("lib", "net8.0"), _ => true)
        .AddRange(FromPackage("grpc.core.api", "2.65.0", Path.Combine("lib", "netstandard2.1"), _ => true))
        .AddRange(FromPackage("google.protobuf", "3.27.0", Path.Combine("lib", "net5.0"), _ => true));

    /// <summary>The gRPC server with the gRPC health service (Grpc.AspNetCore.HealthChecks).</summary>
    public static readonly ImmutableArray<MetadataReference> Grpc = FromPackage("grpc.aspnetcore.healthchecks", "2.65.0", Path.Combine("lib", "net8.0"), _ => true)
        .AddRange(FromPackage("grpc.aspnetcore.server", "2.65.0", Path.Combine("lib", "net8.0"), _ => true))
        .AddRange(FromPackage("grpc.healthcheck", "2.65.0", Path.Combine("lib", "net8.0"), _ => true))
        .AddRange(FromPackage("grpc.core.api", "2.65.0", Path.Combine("lib", "netstandard2.1"), _ => true))
        .AddRange(FromPackage("google.protobuf", "3.27.0", Path.Combine("lib", "net5.0"), _ => true));

    /// <summary>The .NET 8 metadata references, for compilations built by hand.</summary>
    public static ImmutableArray<MetadataReference> ResolveNet80()
        => Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The shared framework's references beyond .NET 8.</summary>
    public static ImmutableArray<MetadataReference> Of(TestFramework framework) => framework switch
    {
        TestFramework.Base => ImmutableArray<MetadataReference>.Empty,
        TestFramework.AspNetCore => AspNetCore,
        TestFramework.Extensions => ExtensionsOnly,
        TestFramework.Hosting => HostingOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(framework)),
    };

    private static ImmutableArray<MetadataReference> FromPackage(string id, string version, string folder, Func<string, bool> include)
    {
        var directory = Path.Combine(PackageRoot, id, version, folder);
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"{directory} is missing: restore the test project (PackageDownload of {id} {version}).");
        }

        return Directory.GetFiles(directory, "*.dll")
            .Where(file => include(Path.GetFileNameWithoutExtension(file)))
            .OrderBy(file => file, StringComparer.Ordinal)
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .ToImmutableArray();
    }
}

/// <summary>The project a test compiles: service kind, output kind, references, settings files and build properties, each stated.</summary>
public sealed record TestProject
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The attribute source the package adds to every project (build/OpsReady.Attributes.cs).</summary>
    public static readonly string AttributesSource = ReadAttributes();

    /// <summary>A web service compiled against .NET 8 and ASP.NET Core 8, with the OpsReady attributes.</summary>
    public static TestProject Default { get; } = new();

    /// <summary>build_property.OpsReadyServiceKind: "web", "worker", "none", or null when the targets did not set it.</summary>
    public string? ServiceKind { get; init; } = "web";

    public bool Executable { get; init; } = true;

    public TestFramework Framework { get; init; } = TestFramework.AspNetCore;

    public bool Attributes { get; init; } = true;

    public ImmutableArray<PackageIdentity> Packages { get; init; } = ImmutableArray<PackageIdentity>.Empty;

    public ImmutableArray<MetadataReference> References { get; init; } = ImmutableArray<MetadataReference>.Empty;

    public ImmutableArray<(string Path, string Text)> SettingsFiles { get; init; } = ImmutableArray<(string, string)>.Empty;

    /// <summary>Build properties beyond the service kind, without the build_property. prefix.</summary>
    public ImmutableArray<KeyValuePair<string, string>> BuildProperties { get; init; } = ImmutableArray<KeyValuePair<string, string>>.Empty;

    public TestProject WithServiceKind(string? kind) => this with { ServiceKind = kind };

    public TestProject AsLibrary() => this with { Executable = false };

    public TestProject AsExecutable(bool executable = true) => this with { Executable = executable };

    public TestProject WithFramework(TestFramework framework) => this with { Framework = framework };

    public TestProject WithoutAttributes() => this with { Attributes = false };

    public TestProject WithPackage(PackageIdentity package) => this with { Packages = Packages.Add(package) };

    public TestProject WithReferences(IEnumerable<MetadataReference> references) => this with { References = References.AddRange(references) };

    public TestProject WithReferences(params MetadataReference[] references) => WithReferences((IEnumerable<MetadataReference>)references);

    public TestProject WithSettingsFile(string path, string text) => this with { SettingsFiles = SettingsFiles.Add((path, text)) };

    public TestProject WithBuildProperty(string name, string value) => this with { BuildProperties = BuildProperties.Add(new(name, value)) };

    public TestProject WithBuildProperties(IEnumerable<KeyValuePair<string, string>>? properties)
        => properties == null ? this : this with { BuildProperties = BuildProperties.AddRange(properties) };

    public OutputKind OutputKind => Executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;

    /// <summary>.NET 8 and the packages, as the testing library resolves them.</summary>
    public ReferenceAssemblies ReferenceAssemblies
        => Packages.IsEmpty ? TestReferences.Net80 : TestReferences.Net80.AddPackages(Packages);

    /// <summary>The build_property.* values the package's targets would pass, in order: the service kind first.</summary>
    public ImmutableArray<KeyValuePair<string, string>> GlobalOptions
        => (ServiceKind == null ? ImmutableArray<KeyValuePair<string, string>>.Empty : ImmutableArray.Create(new KeyValuePair<string, string>(ServiceInfo.ServiceKindProperty, ServiceKind)))
            .AddRange(BuildProperties.Select(pair => new KeyValuePair<string, string>("build_property." + pair.Key, pair.Value)));

    /// <summary>The same values as a global analyzer config file, for the testing library.</summary>
    public string GlobalConfig
        => string.Join("\n", GlobalOptions.Select(pair => $"{pair.Key} = {pair.Value}").Prepend("is_global = true")) + "\n";

    /// <summary>The build properties for compilations built by hand (generators, CompilationWithAnalyzers).</summary>
    public AnalyzerConfigOptionsProvider Options => new BuildPropertiesProvider(GlobalOptions);

    /// <summary>The analyzer and its fix over <paramref name="source"/> (Test0.cs); the test may add expectations, files and projects.</summary>
    public OpsReadyTest<TAnalyzer, TFix> Test<TAnalyzer, TFix>(string source, string? fixedSource = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new OpsReadyTest<TAnalyzer, TFix>(this) { TestCode = source };
        if (fixedSource != null)
        {
            test.FixedCode = fixedSource;
        }

        return test;
    }

    /// <summary>The analyzer alone.</summary>
    public OpsReadyTest<TAnalyzer, EmptyCodeFixProvider> Analyzer<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => Test<TAnalyzer, EmptyCodeFixProvider>(source);

    /// <summary>Runs the analyzer alone; the markup in <paramref name="source"/> is what it must report.</summary>
    public Task VerifyAsync<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => Analyzer<TAnalyzer>(source).RunAsync();

    /// <summary>Makes <paramref name="project"/> (another project of a test's solution, in <paramref name="folder"/>) this project.</summary>
    public ProjectState Configure(ProjectState project, string folder)
    {
        if (Attributes)
        {
            project.Sources.Add(($"{folder}OpsReady.Attributes.cs", AttributesSource));
        }

        project.AdditionalReferences.AddRange(TestReferences.Of(Framework));
        project.AdditionalReferences.AddRange(References);
        project.AnalyzerConfigFiles.Add(($"{folder}.globalconfig", GlobalConfig));
        foreach (var file in SettingsFiles)
        {
            project.AdditionalFiles.Add(file);
        }

        return project;
    }

    /// <summary>Another project of a test's solution, named <paramref name="name"/>, in /<paramref name="name"/>/, with its sources first.</summary>
    public ProjectState Project(string name, params (string Path, string Source)[] sources)
    {
        var project = new ProjectState(name, LanguageNames.CSharp, $"/{name}/", "cs") { OutputKind = OutputKind };
        foreach (var source in sources)
        {
            project.Sources.Add(source);
        }

        return Configure(project, $"/{name}/");
    }

    /// <summary>Every metadata reference: .NET 8, the packages (with their dependencies), the framework and the DLLs.</summary>
    public async Task<ImmutableArray<MetadataReference>> ResolveReferencesAsync()
        => (await ReferenceAssemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None))
            .AddRange(TestReferences.Of(Framework)).AddRange(References);

    /// <summary>The project compiled by hand, as a build would (nullable enabled), with the attributes in /<paramref name="assemblyName"/>/.</summary>
    public CSharpCompilation Compile(string assemblyName, params (string Path, string Source)[] files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, path: f.Path)).ToList();
        if (Attributes)
        {
            trees.Add(CSharpSyntaxTree.ParseText(AttributesSource, ParseOptions, path: $"/{assemblyName}/OpsReady.Attributes.cs"));
        }

        return CSharpCompilation.Create(
            assemblyName,
            trees,
            ResolveReferencesAsync().GetAwaiter().GetResult(),
            new CSharpCompilationOptions(OutputKind, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// Runs <paramref name="generator"/> as a build would (the build properties, the settings files as additional texts)
    /// over the sources (/<paramref name="assemblyName"/>/File0.cs, …). Returns the source it added under
    /// <paramref name="hintName"/> ("" when it recorded nothing) and the compilation that includes it.
    /// </summary>
    public (string Generated, Compilation Output) RunGenerator(
        IIncrementalGenerator generator, string hintName, string assemblyName, bool allowErrors = false, params string[] sources)
    {
        var compilation = Compile(assemblyName, sources.Select((s, i) => ($"/{assemblyName}/File{i}.cs", s)).ToArray());
        var driver = CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            additionalTexts: SettingsFiles.Select(s => (AdditionalText)new SettingsFile(s.Path, s.Text)),
            parseOptions: ParseOptions,
            optionsProvider: Options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(allowErrors || errors.Count == 0, "the project does not compile: " + string.Join("\n", errors));

        var generated = output.SyntaxTrees.FirstOrDefault(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal));
        return (generated?.ToString() ?? "", output);
    }

    /// <summary>The project as a built DLL another project references.</summary>
    public static MetadataReference Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    public sealed record PassesResult(ImmutableArray<Diagnostic> Syntax, ImmutableArray<Diagnostic> Semantic, ImmutableArray<Diagnostic> All);

    /// <summary>
    /// Runs one analyzer the way the IDE does, pass by pass: the syntax pass of every document (cached by the IDE per
    /// document text), the semantic pass of the document at <paramref name="semanticPath"/> (rerun when any document of
    /// the project changes), and a whole run.
    /// </summary>
    public async Task<PassesResult> PassesAsync(DiagnosticAnalyzer analyzer, string semanticPath, params (string Path, string Source)[] sources)
    {
        var trees = (Attributes ? sources.Append(("/0/OpsReady.Attributes.cs", AttributesSource)) : sources)
            .Select(s => CSharpSyntaxTree.ParseText(s.Item2, ParseOptions, s.Item1))
            .ToList();
        var compilation = CSharpCompilation.Create("Service", trees, await ResolveReferencesAsync(), new CSharpCompilationOptions(OutputKind));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, Options);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        var syntax = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var tree in trees)
        {
            syntax.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None));
        }

        var target = trees.Single(t => t.FilePath == semanticPath);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(target), null, CancellationToken.None);
        var all = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        return new PassesResult(syntax.ToImmutable(), semantic, all);
    }

    private static string ReadAttributes()
    {
        using var stream = typeof(TestProject).Assembly.GetManifestResourceStream("OpsReady.Attributes.cs")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Build properties as the compiler passes a global analyzer config: the same values for every file.</summary>
    private sealed class BuildPropertiesProvider(IEnumerable<KeyValuePair<string, string>> values) : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions options = new Values(values.Aggregate(ImmutableDictionary<string, string>.Empty, (all, pair) => all.SetItem(pair.Key, pair.Value)));

        public override AnalyzerConfigOptions GlobalOptions => options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => options;

        private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
                => values.TryGetValue(key, out value);
        }
    }

    /// <summary>An AdditionalFiles item.</summary>
    public sealed class SettingsFile(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}

/// <summary>Runs one analyzer (and optionally its fix) over a <see cref="TestProject"/>; made by <see cref="TestProject.Test{TAnalyzer,TFix}"/>.</summary>
public sealed class OpsReadyTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    private readonly bool attributes;

    public OpsReadyTest(TestProject project)
    {
        attributes = project.Attributes;
        // {|OPS206:…|} markup names a rule; a rule with a second condition has a second descriptor (a variant, same id):
        // markup stands for the rule, and a test that cares which condition fired says so with an explicit result.
        MarkupOptions = MarkupOptions.UseFirstDescriptor;
        ReferenceAssemblies = project.ReferenceAssemblies;
        TestState.AdditionalReferences.AddRange(TestReferences.Of(project.Framework));
        TestState.AdditionalReferences.AddRange(project.References);
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", project.GlobalConfig));
        foreach (var file in project.SettingsFiles)
        {
            TestState.AdditionalFiles.Add(file);
        }

        if (project.Executable)
        {
            TestState.OutputKind = OutputKind.ConsoleApplication;
            FixedState.OutputKind = OutputKind.ConsoleApplication;
        }
    }

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        // The attributes come last so the test's own files keep their default names (Test0.cs, …);
        // only a test with fixed code has a fixed state.
        if (attributes)
        {
            AddAttributes(TestState);
            if (FixedState.Sources.Count > 0)
            {
                AddAttributes(FixedState);
            }
        }

        return base.RunImplAsync(cancellationToken);
    }

    private static void AddAttributes(SolutionState state)
    {
        if (!state.Sources.Any(s => s.filename.EndsWith("OpsReady.Attributes.cs", StringComparison.Ordinal)))
        {
            state.Sources.Add(("/0/OpsReady.Attributes.cs", SourceText.From(TestProject.AttributesSource)));
        }
    }
}
