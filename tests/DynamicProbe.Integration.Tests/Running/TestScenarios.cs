using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Docker;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>Scenarios made in code, as the loader would produce them, for a command target in the base image.</summary>
internal static class TestScenarios
{
    public static SourceLocation At(int line) => new("/tests/scenario.yaml", line, 3);

    public static Scenario Command(
        IReadOnlyList<string> command,
        IReadOnlyList<ScenarioStep> steps,
        TimeSpan? timeout = null,
        long memoryBytes = 256L * 1024 * 1024,
        int pids = 64,
        string? workdir = null,
        IReadOnlyDictionary<string, string>? env = null,
        double cpus = 1) => new(
        "sandbox-runner-test",
        null,
        "/tests/scenario.yaml",
        new TargetSpec(null, TargetSpec.DefaultConfiguration, [], command, workdir),
        new SandboxSpec(
            SandboxTestImages.Base,
            NetworkMode.None,
            timeout ?? TimeSpan.FromSeconds(60),
            memoryBytes,
            cpus,
            pids,
            SandboxSpec.DefaultUser,
            env ?? new Dictionary<string, string>(),
            null,
            null,
            false),
        steps,
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));
}
