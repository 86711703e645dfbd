using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Integration.Tests.Docker;

/// <summary>Labels for containers a test makes directly, owned by the test process so a crashed test run is reaped too.</summary>
internal static class TestLabels
{
    public static IReadOnlyDictionary<string, string> ForTest(string name) =>
        SandboxLabels.For($"test-{Guid.NewGuid():N}", name, OwnerIdentity.Current());

    /// <summary>Every container, running or not, that this test process owns: after a test, none may be left.</summary>
    public static async Task<IList<ContainerListResponse>> ContainersOfThisProcessAsync(IDockerClient docker) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Owner}={OwnerIdentity.Current()}"] = true } },
        });
}
