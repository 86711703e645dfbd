using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Docker;

namespace DynamicProbe.Integration.Tests.Honeytokens;

/// <summary>
/// Command scenarios in the base image with honeytokens on, made in code: the scenario loader still refuses
/// <c>honeytokens: true</c> until the whole feature is released.
/// </summary>
internal static class HoneytokenScenarios
{
    public static Scenario Shell(string script, IReadOnlyDictionary<string, string>? env = null) => new(
        "honeytokens-test",
        null,
        "/tests/honeytokens.yaml",
        new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/sh", "-c", script], null),
        new SandboxSpec(
            SandboxTestImages.Base,
            NetworkMode.None,
            TimeSpan.FromSeconds(60),
            256L * 1024 * 1024,
            1,
            64,
            SandboxSpec.DefaultUser,
            env ?? new Dictionary<string, string>(),
            null,
            null,
            Honeytokens: true),
        [new RunStep(new SourceLocation("/tests/honeytokens.yaml", 12, 5), 0, null, null)],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));
}
