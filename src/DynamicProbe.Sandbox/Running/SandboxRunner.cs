using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Resources;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Timing;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;
using DynamicProbe.Sandbox.Network;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Runs one scenario's steps in one locked-down container, watched by the monitor from before its first instruction.
/// <para>
/// The container's main process is its init (the images' busybox init as <c>/sbin/init</c>, root without any
/// capability, starting nothing); every step's process (<c>run</c>, <c>start</c>, <c>exec</c>) is exec'd beside it as
/// the unprivileged user, so all of them share the container's namespaces, limits and cgroup, and a background target
/// survives between steps. The init's own events are removed from the recording by host pid
/// (<see cref="InfrastructureEvents"/>); the runner's checks (ports, exits, signals) are made from the host.
/// </para>
/// <para>
/// The scenario's timeout bounds everything from the container's start to the last step; when it strikes, the
/// steps so far are returned with <see cref="RunOutcome.TimedOut"/>. The container, the tracer and the scratch folder
/// are removed in every case, also on cancellation (<see cref="RunTeardown"/>): after a run that produced its outcome,
/// off the critical path when the runner was given <see cref="SandboxRemovals"/> (<see cref="RunOutcome.Removed"/>
/// says when); a run killed outright is cleaned up by the <see cref="Reaper"/> that the next run starts with.
/// </para>
/// </summary>
public sealed class SandboxRunner : ISandboxRunner
{
    private readonly IDockerClient docker;
    private readonly IProcessMonitor monitor;
    private readonly SandboxRunnerOptions options;
    private readonly OwnerIdentity owner;
    private readonly SandboxRemovals? removals;

    /// <param name="removals">Where to hand each finished run's removal, off the critical path; without it, a run
    /// returns only once everything of it is removed.</param>
    public SandboxRunner(IDockerClient docker, IProcessMonitor monitor, SandboxRunnerOptions? options = null, SandboxRemovals? removals = null)
    {
        this.docker = docker;
        this.monitor = monitor;
        this.options = options ?? SandboxRunnerOptions.Default;
        this.removals = removals;
        owner = OwnerIdentity.Current();
    }

    public async Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken)
    {
        var runId = NewRunId();
        var teardown = new RunTeardown(ScratchFolder.Create(options.ScratchRoot, runId, owner), cancellationToken);
        RunOutcome outcome;
        try
        {
            outcome = await RunInSandboxAsync(scenario, target, runId, teardown, progress, cancellationToken);
        }
        catch
        {
            await teardown.RemoveAsync();
            throw;
        }

        if (removals is null)
        {
            await teardown.RemoveAsync();
            return outcome;
        }

        return outcome with { Removed = removals.Defer(teardown.RemoveAsync) };
    }

    private async Task<RunOutcome> RunInSandboxAsync(
        Scenario scenario, BuiltTarget? target, string runId, RunTeardown teardown, IStepProgress progress, CancellationToken cancellationToken)
    {
        var stages = new StageClock();
        var image = scenario.Sandbox.Image ?? (scenario.Target.IsProject ? options.ProjectImage : options.CommandImage);
        var labels = SandboxLabels.For(runId, scenario.Name, owner);
        var hostname = scenario.Sandbox.Hostname ?? HostnameGenerator.For(scenario.Name);
        var scratch = teardown.Scratch;
        // network: sinkhole: the target joins the pod's net container. The catcher starts while the target's sandbox
        // is prepared and the monitor attaches; the target starts only once it listens.
        var pod = teardown.Pod = scenario.Sandbox.Network == NetworkMode.Sinkhole
            ? await stages.TimeAsync("sinkhole-pod-create", () => SinkholePod.CreateAsync(
                docker, $"dynamicprobe-{runId}-net", labels, hostname, Path.Combine(scratch.Path, "sinkhole"), options.SinkholeOrDefault, cancellationToken))
            : null;
        var podStarted = teardown.PodStarted = pod is null
            ? Task.CompletedTask
            : stages.TimeAsync("sinkhole-pod-start", () => pod.StartCatcherAsync(teardown.PodStartToken));
        var user = await stages.TimeAsync("user-lookup", () => new ImageAccounts(docker, options.CleanupTimeoutOrDefault)
            .ResolveAsync(image, scenario.Sandbox.User, labels, cancellationToken));
        var canaries = stages.Time("honeytoken-generation", () => HoneytokenPlanting.For(scenario, user, new HoneytokenGenerator()));
        var identity = await stages.TimeAsync("identity-files", () => IdentityFiles.WriteAsync(
            Path.Combine(scratch.Path, "etc"), hostname, SandboxResolver.ResolvConfFor(scenario.Sandbox.Network), cancellationToken));

        var builder = new SandboxContainerBuilder(docker)
            .WithImage(image)
            .WithName($"dynamicprobe-{runId}")
            .WithLabels(labels)
            .WithUser(UserAccount.Root)
            .WithHome(user, options.HomeBytes)
            .WithTmpSize(options.TmpBytes)
            .WithHostname(hostname)
            .WithIdentityFiles(identity)
            .WithEnvironment(scenario.Sandbox.Env)
            .WithMemory(scenario.Sandbox.MemoryBytes)
            .WithCpus(scenario.Sandbox.Cpus)
            .WithPidsLimit(scenario.Sandbox.Pids)
            .WithIsolatedNetwork()
            .WithCleanupTimeout(options.CleanupTimeoutOrDefault);
        var workingDirectory = user.Home;
        if (target is not null)
        {
            builder.WithReadOnlyBind(target.PublishFolder, BuiltTarget.MountPoint);
            workingDirectory = BuiltTarget.MountPoint;
        }

        if (scenario.Target.WorkdirPath is { } workdir)
        {
            var copy = Path.Combine(scratch.Path, "work");
            stages.Time("workdir-copy", () => WorkdirCopy.Copy(workdir, copy, cancellationToken));
            builder.WithReadOnlyBind(copy, WorkdirMountPoint);
            workingDirectory = WorkdirMountPoint;
        }

        builder.WithWorkingDirectory(workingDirectory);
        var clock = scenario.Sandbox.Clock is { } fakeTime
            ? await stages.TimeAsync("clock-files", () => SandboxClock.WriteAsync(Path.Combine(scratch.Path, "clock"), fakeTime, cancellationToken))
            : null;
        clock?.MountInto(builder);
        if (pod is not null)
        {
            builder.WithNetworkOf(pod.NetContainerId);
        }

        var container = teardown.Container = builder.Build();
        await stages.TimeAsync("container-create", () => container.CreateAsync(cancellationToken));
        var session = teardown.Session = await stages.TimeAsync("monitor-attach", () => monitor.AttachAsync(container.Id, Phase.Run, cancellationToken));
        await podStarted;
        var (steps, timedOut, initPid, resources) = await RunStepsAsync(
            scenario, container, session, user, workingDirectory, TargetArgv(scenario, target), canaries, stages, progress, cancellationToken);
        var clockCheck = clock is not null && initPid is not null && !timedOut
            ? await stages.TimeAsync("clock-check", () => clock.CheckAsync(container, user, cancellationToken))
            : null;
        var filesLeft = initPid is { } running && canaries.Tokens.Count > 0
            ? await stages.TimeAsync("files-left-snapshot", () => WrittenFilesSnapshot.TakeAsync(running, user, canaries, WrittenFilesSnapshot.Limits.Default, cancellationToken))
            : null;
        var recording = await stages.TimeAsync("monitor-stop", () => session.StopAsync(cancellationToken));
        recording = filesLeft?.AddTo(recording) ?? recording;
        if (pod is not null)
        {
            recording = await stages.TimeAsync("capture-collection", () => pod.AddCapturesAsync(recording, cancellationToken));
        }

        recording = clockCheck?.Without(recording) ?? recording;
        return new RunOutcome(initPid is { } pid ? InfrastructureEvents.Without(recording, pid) : recording, steps, timedOut, image)
        {
            Honeytokens = canaries.Tokens,
            ClockProblem = clockCheck?.Problem,
            Resources = resources,
            Timings = stages.Read(),
        };
    }

    private const string WorkdirMountPoint = "/work";

    private async Task<(List<StepOutcome> Steps, bool TimedOut, int? InitPid, ResourceUsage Resources)> RunStepsAsync(
        Scenario scenario, SandboxContainer container, IMonitorSession session, UserAccount user, string workingDirectory, IReadOnlyList<string> targetArgv,
        HoneytokenSet canaries, StageClock stages, IStepProgress progress, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(scenario.Sandbox.Timeout);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var steps = new List<StepOutcome>();
        int? initPid = null;
        var stepRunner = new StepRunner(options.OutputLimitBytes);
        var current = scenario.Steps.FirstOrDefault();
        DateTimeOffset? started = null;
        ResourceWatch? watch = null;
        var lingering = false;
        try
        {
            initPid = await stages.TimeAsync("container-start", async () =>
            {
                await container.StartAsync(bounded.Token);
                return await container.GetInitHostPidAsync(bounded.Token);
            });
            await stages.TimeAsync("home-seeding", () => HomeSeeding.SeedAsync(initPid.Value, user, bounded.Token));
            await stages.TimeAsync("honeytoken-planting", () => HoneytokenPlanting.PlantAsync(initPid.Value, user, canaries, bounded.Token));
            watch = new ResourceWatch(new ContainerCgroup(container.Id), initPid.Value, [TmpMountPoint, user.Home], LimitsOf(scenario.Sandbox));
            await using var sandbox = new RunningSandbox(
                container, user, workingDirectory, targetArgv, initPid.Value, scenario.Sandbox.Pids, scenario.Sandbox.MemoryBytes)
            {
                TargetEnvironment = canaries.Environment,
                Resources = watch,
            };
            foreach (var (step, index) in scenario.Steps.Select((s, i) => (s, i)))
            {
                current = step;
                started = session.Now();
                watch.Enter(StepRunner.Label(step), runsInForeground: step is RunStep or ExecStep or StopStep or HttpStep);
                progress.StepStarted(index, step);
                var outcome = await stages.TimeAsync($"steps[{index}] {step.Kind}", () => stepRunner.RunAsync(step, sandbox, bounded.Token));
                steps.Add(outcome with { Started = started, Ended = session.Now() });
                progress.StepEnded(index, steps[^1]);
                watch.FindEscapees(StepRunner.Label(step));
                if (!outcome.Succeeded)
                {
                    break;
                }
            }

            // Escaped processes are watched to their end, so what they do after the steps is recorded too.
            lingering = true;
            watch.Enter(ResourceWatch.AfterLastStep, runsInForeground: false);
            var lingerStarted = Stopwatch.GetTimestamp();
            while (current is not null && watch.FindEscapees(StepRunner.Label(current)))
            {
                await Task.Delay(LingerPollInterval, bounded.Token);
            }

            stages.Record("escapee-wait", lingerStarted);

            return (steps, false, initPid, watch.Usage());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (current is not null)
            {
                watch?.FindEscapees(StepRunner.Label(current));
                if (!lingering)
                {
                    steps.Add(new StepOutcome(current, false,
                        $"the scenario timeout of {scenario.Sandbox.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s struck during this step; everything in the sandbox was killed")
                    {
                        Started = started,
                        Ended = started is null ? null : session.Now(),
                    });
                    progress.StepEnded(steps.Count - 1, steps[^1]);
                }
            }

            watch?.MarkSurvivorsKilled();
            return (steps, true, initPid, watch?.Usage() ?? ResourceUsage.Unknown);
        }
        finally
        {
            if (watch is not null)
            {
                await watch.DisposeAsync();
            }
        }
    }

    private const string TmpMountPoint = "/tmp";

    private static readonly TimeSpan LingerPollInterval = TimeSpan.FromMilliseconds(200);

    private static ResourceUsage LimitsOf(SandboxSpec sandbox) =>
        ResourceUsage.Unknown with { MemoryLimitBytes = sandbox.MemoryBytes, PidsLimit = sandbox.Pids, CpuLimit = sandbox.Cpus };

    /// <summary>The program that <c>run</c> and <c>start</c> exec: the built program for project targets, else the command.</summary>
    private static IReadOnlyList<string> TargetArgv(Scenario scenario, BuiltTarget? target)
    {
        if (scenario.Target.IsProject)
        {
            return target is null
                ? throw new ArgumentException($"scenario {scenario.Name} has a project target but no built target was given", nameof(target))
                : [target.ExecutablePath, .. scenario.Target.Args];
        }

        return scenario.Target.Command is { Count: > 0 } command
            ? [.. command, .. scenario.Target.Args]
            : throw new ArgumentException($"scenario {scenario.Name} has neither a project nor a command", nameof(scenario));
    }

    /// <summary>Sortable by time, unique by its random tail; only [a-z0-9-], so it is safe in names, labels and paths.</summary>
    private static string NewRunId() =>
        $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}";
}
