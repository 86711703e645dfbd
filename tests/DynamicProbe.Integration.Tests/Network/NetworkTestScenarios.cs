using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Running;

namespace DynamicProbe.Integration.Tests.Network;

/// <summary>Scenarios made in code for the network tests (the loader still refuses <c>network: sinkhole</c>).</summary>
internal static class NetworkTestScenarios
{
    /// <summary>A shell script run to completion by the base image's shell, under <paramref name="network"/>.</summary>
    public static Scenario Script(string script, NetworkMode network, Expectations? expect = null)
    {
        var scenario = TestScenarios.Command(["/bin/sh", "-c", script], [new RunStep(TestScenarios.At(10), 0, null, null)]);
        return scenario with
        {
            Name = "network-test",
            Sandbox = scenario.Sandbox with { Network = network },
            Expect = expect ?? Expectations.Empty,
        };
    }
}
