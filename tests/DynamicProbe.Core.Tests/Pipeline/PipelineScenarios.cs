using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Pipeline;

/// <summary>The smallest scenarios the executor takes: one <c>run</c> step written at <see cref="Here"/>.</summary>
internal static class PipelineScenarios
{
    public static readonly SourceLocation Here = new("/s/x.yaml", 9, 5);

    public static Scenario Command() => Scenario(new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/true"], null));

    public static Scenario Project() => Scenario(new TargetSpec("/s/App/App.csproj", TargetSpec.DefaultConfiguration, [], null, null));

    private static Scenario Scenario(TargetSpec target) => new(
        "x",
        null,
        "/s/x.yaml",
        target,
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, false),
        [new RunStep(Here, 0, null, null)],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));
}
