using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// One locked-down container with a clear lifetime: <see cref="CreateAsync"/>, then (after a monitor is attached)
/// <see cref="StartAsync"/>, then <see cref="ExecAsync"/> as often as needed; <see cref="DisposeAsync"/> removes it
/// with everything running in it, even after cancellation, within the builder's clean-up timeout.
/// </summary>
public sealed class SandboxContainer : IAsyncDisposable
{
    private readonly IDockerClient docker;
    private readonly CreateContainerParameters parameters;
    private readonly TimeSpan cleanupTimeout;
    private string? id;
    private bool removed;

    internal SandboxContainer(IDockerClient docker, CreateContainerParameters parameters, TimeSpan cleanupTimeout)
    {
        this.docker = docker;
        this.parameters = parameters;
        this.cleanupTimeout = cleanupTimeout;
    }

    /// <summary>The full container id, once created.</summary>
    public string Id => id ?? throw new InvalidOperationException("the container has not been created yet");

    public string Image => parameters.Image;

    public string Hostname => parameters.Hostname;

    /// <summary>Creates the container and removes <c>/.dockerenv</c> from its init layer; nothing runs yet.</summary>
    /// <exception cref="UserErrorException">The image is missing, or the engine is not local.</exception>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            throw new InvalidOperationException($"container {id} was already created");
        }

        await EnsureImageAsync(cancellationToken);
        try
        {
            id = (await docker.Containers.CreateContainerAsync(parameters, cancellationToken)).ID;
        }
        catch (OperationCanceledException) when (parameters.Name is not null)
        {
            // The engine may have created it before the cancellation reached us: the name still finds it.
            id = parameters.Name;
            throw;
        }

        DockerEnvironmentFile.RemoveFromInitLayer(await InspectAsync(cancellationToken));
    }

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await docker.Containers.StartContainerAsync(Id, new ContainerStartParameters(), cancellationToken);

    public Task<ContainerInspectResponse> InspectAsync(CancellationToken cancellationToken) =>
        docker.Containers.InspectContainerAsync(Id, cancellationToken);

    /// <summary>Starts <paramref name="request"/> inside the running container; its output is kept up to <paramref name="outputLimit"/> bytes per stream.</summary>
    public Task<SandboxProcess> ExecAsync(ExecRequest request, int outputLimit, CancellationToken cancellationToken) =>
        SandboxProcess.StartAsync(docker, Id, request, outputLimit, cancellationToken);

    /// <summary>The host pid of the container's PID 1 (the init), while it runs.</summary>
    public async Task<int> GetInitHostPidAsync(CancellationToken cancellationToken)
    {
        var state = (await InspectAsync(cancellationToken)).State;
        return state is { Running: true, Pid: > 0 }
            ? (int)state.Pid
            : throw new InvalidOperationException($"container {Id} is not running ({state?.Status}: {state?.Error})");
    }

    /// <summary>Kills and removes the container. Safe to call twice and after a failed create.</summary>
    public async ValueTask DisposeAsync()
    {
        if (id is null || removed)
        {
            return;
        }

        using var cleanup = new CancellationTokenSource(cleanupTimeout);
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cleanup.Token);
        }
        catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone (or never made it to the engine).
        }

        removed = true;
    }

    private async Task EnsureImageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(parameters.Image, cancellationToken);
        }
        catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            throw new UserErrorException(
                $"the sandbox image '{parameters.Image}' does not exist in the Docker engine; build the images first (see sandbox-images/README.md), or set sandbox.image to an image that exists.",
                error);
        }
    }
}
