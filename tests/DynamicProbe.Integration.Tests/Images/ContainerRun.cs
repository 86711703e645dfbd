using Docker.DotNet.Models;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Integration.Tests.Images;

/// <summary>Runs one container to completion and returns its exit code and output; the container is always removed.</summary>
internal sealed record ContainerRun(long ExitCode, string Stdout, string Stderr)
{
    public static async Task<ContainerRun> RunAsync(DockerEngine engine, CreateContainerParameters parameters, TimeSpan timeout)
    {
        var client = engine.Client;
        var created = await client.Containers.CreateContainerAsync(parameters);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            using var deadline = new CancellationTokenSource(timeout);
            var exit = await client.Containers.WaitContainerAsync(created.ID, deadline.Token);
            using var logs = await client.Containers.GetContainerLogsAsync(
                created.ID, tty: false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, CancellationToken.None);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return new ContainerRun(exit.StatusCode, stdout, stderr);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    /// <summary>The lock-down every sandbox gets (DESIGN.md decision 3), with an init as PID 1.</summary>
    public static HostConfig LockedDown(IList<string> binds, string tmpSize) => new()
    {
        NetworkMode = "none",
        ReadonlyRootfs = true,
        CapDrop = ["ALL"],
        SecurityOpt = ["no-new-privileges"],
        Init = true,
        PidsLimit = 256,
        Memory = 1024L * 1024 * 1024,
        NanoCPUs = 1_000_000_000,
        Tmpfs = new Dictionary<string, string>
        {
            ["/tmp"] = $"rw,noexec,nosuid,nodev,size={tmpSize}",
            ["/home/probe"] = "rw,noexec,nosuid,nodev,size=16m,uid=1000,gid=1000",
        },
        Binds = binds,
    };
}
