using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Integration.Tests.Docker;

/// <summary>Labels for containers a test makes directly, owned by the test process so a crashed test run is reaped too.</summary>
internal static class TestLabels
{
    public static IReadOnlyDictionary<string, string> ForTest(string name) =>
        SandboxLabels.For($"test-{Guid.NewGuid():N}", name, OwnerIdentity.Current());
}
