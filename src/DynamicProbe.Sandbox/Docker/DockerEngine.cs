using Docker.DotNet;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// The connection to the Docker engine, at <c>DOCKER_HOST</c> when set, else the local socket. Requests use Engine
/// API 1.41 (docker 20.10, the oldest engine this tool supports), which newer engines still serve.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The Engine API version every request names.</summary>
    public static readonly Version ApiVersion = new(1, 41);

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    private readonly DockerClientConfiguration _configuration;

    /// <param name="host">A Docker host URI (<c>unix:///path</c>, <c>tcp://host:port</c>); null or empty means the default socket.</param>
    /// <exception cref="UserErrorException">The host is not a URI.</exception>
    public DockerEngine(string? host)
    {
        var address = string.IsNullOrWhiteSpace(host) ? DefaultHost : host.Trim();
        if (!Uri.TryCreate(address, UriKind.Absolute, out var endpoint))
        {
            throw new UserErrorException(
                $"DOCKER_HOST '{address}' is not a Docker host address: use unix:///path/to/docker.sock or tcp://host:port, or unset it.");
        }

        Endpoint = endpoint;
        _configuration = new DockerClientConfiguration(endpoint);
        Client = _configuration.CreateClient(ApiVersion);
    }

    public Uri Endpoint { get; }

    public DockerClient Client { get; }

    /// <summary>The engine that <c>DOCKER_HOST</c> names, or the local one.</summary>
    public static DockerEngine FromEnvironment() => new(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>Pings the engine and checks it serves <see cref="ApiVersion"/>.</summary>
    /// <exception cref="UserErrorException">No engine answers, or it is too old; the message says how to start one.</exception>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        if (Endpoint.Scheme == "unix" && !File.Exists(Endpoint.LocalPath))
        {
            throw new UserErrorException(
                $"Docker engine not reachable at {Endpoint}: there is no socket at {Endpoint.LocalPath}. Start one with `make engine` (as root) or set DOCKER_HOST.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        string engineApi;
        try
        {
            await Client.System.PingAsync(timeout.Token);
            engineApi = (await Client.System.GetVersionAsync(timeout.Token)).APIVersion;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not UserErrorException)
        {
            var reason = e is OperationCanceledException ? $"no answer within {PingTimeout.TotalSeconds:0} s" : Innermost(e).Message;
            throw new UserErrorException(
                $"Docker engine not reachable at {Endpoint}: {reason}. Start one with `make engine` (as root) or set DOCKER_HOST.",
                e);
        }

        if (!Version.TryParse(engineApi, out var served) || served < ApiVersion)
        {
            throw new UserErrorException(
                $"The Docker engine at {Endpoint} serves Engine API {engineApi}; DynamicProbe needs {ApiVersion} (docker 20.10) or newer.");
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _configuration.Dispose();
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
