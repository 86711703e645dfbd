using System.Globalization;
using Docker.DotNet;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Timing;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// Builds a scenario's project without running any of its build logic on the host: MSBuild evaluates it here
/// (properties and items only), the packages it references are fetched into the host's NuGet folder through a project
/// of our own (<see cref="PackagePrefetcher"/>), then restore, build and publish run in a locked-down, monitored container with no
/// network, the SDK and the host's NuGet packages mounted read-only and a copy of the sources (the layout of
/// sandbox-images/sdk/README.md; the image itself sets the environment that keeps the SDK inside /tmp). Unchanged
/// sources reuse the earlier build, recording included.
/// </summary>
public sealed class SandboxedBuilder(IDockerClient docker, IProcessMonitor monitor, BuildCache cache, SandboxedBuilderOptions? options = null) : ITargetBuilder
{
    private const string SourceMount = "/src";
    private const string OutputMount = "/out";
    private const string PackagesMount = "/nuget/packages";
    private const string SdkMount = "/usr/share/dotnet";

    /// <summary>Bump when the build command or mounts change, so earlier cache entries stop matching.</summary>
    private const string RecipeVersion = "build-recipe-2";


    private readonly SandboxedBuilderOptions _options = options ?? SandboxedBuilderOptions.Default;
    private readonly ProjectEvaluator _evaluator = new();
    private readonly OwnerIdentity _owner = OwnerIdentity.Current();

    public async Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var stages = new StageClock();
        var projectPath = scenario.Target.ProjectPath ?? throw new ArgumentException("the scenario has no project target", nameof(scenario));
        var facts = await stages.TimeAsync("project-evaluation", () => Task.Run(() => _evaluator.Evaluate(projectPath, scenario.Target.Configuration), cancellationToken));
        var snapshot = stages.Time("source-snapshot", () => SourceSnapshot.Of(facts.SourceRoot));
        var imageId = (await stages.TimeAsync("image-inspect", () => docker.Images.InspectImageAsync(_options.Image, cancellationToken))).ID;
        var relativeProject = Path.GetRelativePath(facts.SourceRoot, facts.ProjectPath).Replace('\\', '/');
        // The tool's own build is part of the key: a newer monitor may see what an older one missed.
        var toolBuild = typeof(SandboxedBuilder).Assembly.ManifestModule.ModuleVersionId.ToString();
        var key = await stages.TimeAsync("source-hash", () => snapshot.HashAsync(
            [RecipeVersion, toolBuild, imageId, _options.SdkFolder, scenario.Target.Configuration, relativeProject], cancellationToken));

        if (await stages.TimeAsync("cache-lookup", () => cache.TryGetAsync(key, cancellationToken)) is { } reused)
        {
            return reused with { Timings = stages.Read() };
        }

        await stages.TimeAsync("package-prefetch", () => new PackagePrefetcher(_options.PackagesFolder, _options.Timeout).EnsureAsync(facts, cancellationToken));

        var runId = $"build-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}";
        var labels = SandboxLabels.For(runId, scenario.Name, _owner);
        await using var scratch = ScratchFolder.Create(_options.ScratchRoot, runId, _owner);
        var user = await stages.TimeAsync("user-lookup", () => new ImageAccounts(docker, _options.CleanupTimeout)
            .ResolveAsync(_options.Image, SandboxSpec.DefaultUser, labels, cancellationToken));
        var sources = Path.Combine(scratch.Path, "src");
        var output = Path.Combine(scratch.Path, "out");
        stages.Time("source-copy", () =>
        {
            snapshot.CopyTo(sources, user.Uid, user.Gid);
            Directory.CreateDirectory(output);
            Ownership.Change(output, user.Uid, user.Gid);
        });

        var builder = new SandboxContainerBuilder(docker)
            .WithImage(_options.Image)
            .WithName($"dynamicprobe-{runId}")
            .WithLabels(labels)
            .WithUser(UserAccount.Root)
            // From the project, which is part of the cache key: a reused build was recorded under the same name.
            .WithHostname(HostnameGenerator.For(relativeProject))
            .WithHome(user, _options.TmpBytes)
            .WithTmpSize(_options.TmpBytes)
            .WithMemory(_options.MemoryBytes)
            .WithCpus(_options.Cpus)
            .WithPidsLimit(_options.Pids)
            .WithIsolatedNetwork()
            .WithReadOnlyBind(_options.SdkFolder, SdkMount)
            .WithWritableBind(sources, SourceMount)
            .WithWritableBind(output, OutputMount)
            .WithWorkingDirectory(SourceMount)
            .WithReadOnlyBind(Directory.CreateDirectory(_options.PackagesFolder).FullName, PackagesMount)
            .WithCleanupTimeout(_options.CleanupTimeout);

        var container = builder.Build();
        IMonitorSession? session = null;
        try
        {
            await stages.TimeAsync("container-create", () => container.CreateAsync(cancellationToken));
            session = await stages.TimeAsync("monitor-attach", () => monitor.AttachAsync(container.Id, Phase.Build, cancellationToken));
            var initPid = await stages.TimeAsync("container-start", async () =>
            {
                await container.StartAsync(cancellationToken);
                return await container.GetInitHostPidAsync(cancellationToken);
            });
            var (exitCode, log) = await stages.TimeAsync("dotnet-publish", () => PublishAsync(container, user, relativeProject, scenario.Target.Configuration, cancellationToken));
            var recording = InfrastructureEvents.Without(await stages.TimeAsync("monitor-stop", () => session.StopAsync(cancellationToken)), initPid);
            var outcome = new BuildOutcome(null, recording, _options.Image, LogTail(log), Reused: false);
            var executable = Path.Combine(output, facts.AssemblyName);
            if (exitCode != 0 || !File.Exists(executable))
            {
                var why = exitCode switch
                {
                    null => $"the build did not finish within {_options.Timeout.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes and was killed",
                    0 => $"the build succeeded but produced no executable {facts.AssemblyName}",
                    _ => $"dotnet publish exited with code {exitCode}",
                };
                return outcome with { LogTail = $"{why}\n{outcome.LogTail}", Timings = stages.Read() };
            }

            var target = await stages.TimeAsync("publish-store", () => recording.Health.IsComplete
                ? cache.StoreAsync(key, output, facts.AssemblyName, outcome, cancellationToken)
                : KeepOutsideCacheAsync(output, facts.AssemblyName, cancellationToken));
            return outcome with { Target = target, Timings = stages.Read() };
        }
        finally
        {
            await container.DisposeAsync();
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <returns>The exit code (null when the build timed out) and the combined output.</returns>
    private async Task<(long? ExitCode, string Log)> PublishAsync(
        SandboxContainer container, UserAccount user, string relativeProject, string configuration, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> argv =
        [
            $"{SdkMount}/dotnet", "publish", $"{SourceMount}/{relativeProject}",
            "-c", configuration, "-o", OutputMount,
            "--source", PackagesMount, $"-p:RestoreFallbackFolders={PackagesMount}", "-p:UseSharedCompilation=false", "-nodeReuse:false", "-nologo",
        ];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        await using var process = await container.ExecAsync(new ExecRequest(argv, user, SourceMount), _options.LogLimitBytes, timeout.Token);
        try
        {
            var result = await process.WaitForExitAsync(timeout.Token);
            return (result.ExitCode, result.Stdout.Text + result.Stderr.Text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, process.Stdout.Text + process.Stderr.Text);
        }
    }

    /// <summary>An incompletely observed build may be used for this run, but is never reused as if it had been seen whole.</summary>
    private async Task<BuiltTarget> KeepOutsideCacheAsync(string output, string assemblyName, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_options.ScratchRoot, $"unobserved-build-{Guid.NewGuid():N}");
        await Task.Run(() => Directory.Move(output, folder), cancellationToken);
        return new BuiltTarget(folder, assemblyName);
    }

    private static string LogTail(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.TakeLast(30));
    }
}
