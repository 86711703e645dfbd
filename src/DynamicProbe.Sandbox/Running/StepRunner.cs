using System.Diagnostics;
using System.Globalization;
using System.Text;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Carries out one scenario step in a started sandbox. Every process a step runs is exec'd into the same container
/// (same namespaces, same cgroup, so the monitor sees it); the checks the runner makes for itself (is a port open, did
/// a process end) are made from the host and add nothing to the recording, and so are <c>http</c> requests (made by
/// the host process over a socket in the sandbox's network namespace).
/// </summary>
internal sealed class StepRunner(int outputLimit)
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The step's outcome; throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<StepOutcome> RunAsync(ScenarioStep step, RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        try
        {
            return step switch
            {
                RunStep run => await RunTargetAsync(run, sandbox, cancellationToken),
                ExecStep exec => await ExecAsync(exec, sandbox, cancellationToken),
                StartStep start => await StartAsync(start, sandbox, cancellationToken),
                StopStep stop => await StopAsync(stop, sandbox, cancellationToken),
                SleepStep sleep => await SleepAsync(sleep, cancellationToken),
                WaitForStep wait => await WaitForAsync(wait, sandbox, cancellationToken),
                HttpStep http => await SandboxHttpClient.RunAsync(http, sandbox.InitPid, cancellationToken),
                _ => new StepOutcome(step, false, $"the '{step.Kind}' step is not supported by the Docker sandbox runner yet"),
            };
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(step, false, $"the {step.Kind} step could not be carried out: {error.Message}");
        }
    }

    private async Task<StepOutcome> RunTargetAsync(RunStep step, RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        var stdin = step.Stdin is null ? null : Encoding.UTF8.GetBytes(step.Stdin);
        var (result, usage) = await RunToExitAsync(step, sandbox, sandbox.TargetArgv, stdin, cancellationToken);
        var failures = new List<string>();
        // A limit reached is a finding of its own (ResourceAbuseAnalyzer), so it fails no step: expect_exit: 137
        // states that an OOM kill is the point, and the finding is still made.
        if (step.ExpectExit is { } expected && result.ExitCode != expected)
        {
            failures.Add($"expected exit code {expected}");
        }

        if (step.StdoutContains is { } wanted && !result.Stdout.Text.Contains(wanted, StringComparison.Ordinal))
        {
            failures.Add(result.Stdout.Truncated
                ? $"stdout does not contain \"{wanted}\" in the first {result.Stdout.Limit} bytes kept of {result.Stdout.TotalBytes}"
                : $"stdout does not contain \"{wanted}\"");
        }

        return Outcome(step, failures.Count == 0, $"the target exited with code {result.ExitCode}", [.. failures, .. usage.Notes], result);
    }

    private async Task<StepOutcome> ExecAsync(ExecStep step, RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        var (result, usage) = await RunToExitAsync(step, sandbox, step.Argv, stdin: null, cancellationToken);
        var failures = result.ExitCode == 0
            ? []
            : new List<string> { "an exec step fails unless its command exits 0; end it with '|| true' in a shell to ignore its status" };
        return Outcome(step, failures.Count == 0, $"{step.Argv[0]} exited with code {result.ExitCode}", [.. failures, .. usage.Notes], result);
    }

    private async Task<StepOutcome> StartAsync(StartStep step, RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        var process = await sandbox.Container.ExecAsync(new ExecRequest(sandbox.TargetArgv, sandbox.User, sandbox.WorkingDirectory, Environment: sandbox.TargetEnvironment), outputLimit, cancellationToken);
        var pid = await process.GetHostPidAsync(cancellationToken);
        sandbox.Background.Add((process, pid));
        return new StepOutcome(step, true, pid is null
            ? "started the target in the background; it ended at once"
            : $"started the target in the background (host pid {pid})");
    }

    private async Task<StepOutcome> StopAsync(StopStep step, RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        if (sandbox.Background.Count == 0)
        {
            return new StepOutcome(step, false, "nothing runs in the background to stop: a stop step needs a start step before it");
        }

        if (SignalNames.TryParse(step.Signal) is not { } signal)
        {
            return new StepOutcome(step, false, $"'{step.Signal}' is not a signal name; use TERM, INT, HUP, KILL or another Linux signal");
        }

        var details = new List<string>();
        ExecResult? main = null;
        var before = Usage.Read(sandbox);
        foreach (var (process, pid) in Enumerable.Reverse(sandbox.Background))
        {
            var result = await StopOneAsync(process, pid, signal, step, details, cancellationToken);
            sandbox.Resources.AddOutput(Label(step), "stdout", result.Stdout);
            sandbox.Resources.AddOutput(Label(step), "stderr", result.Stderr);
            main = result;
            await process.DisposeAsync();
        }

        sandbox.Background.Clear();
        var usage = before.Since(sandbox);
        return Outcome(step, true, string.Join("; ", details), usage.Notes, main!);
    }

    private static async Task<ExecResult> StopOneAsync(
        SandboxProcess process, int? pid, int signal, StopStep step, List<string> details, CancellationToken cancellationToken)
    {
        if (await process.TryGetExitCodeAsync(cancellationToken) is not null || pid is null)
        {
            var ended = await process.WaitForExitAsync(cancellationToken);
            details.Add($"the target had already exited with code {ended.ExitCode}");
            return ended;
        }

        HostProcesses.Signal(pid.Value, signal);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(step.Grace);
        try
        {
            var stopped = await process.WaitForExitAsync(grace.Token);
            details.Add($"the target exited with code {stopped.ExitCode} after {step.Signal}");
            return stopped;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Children first: once the parent dies they are re-parented and no longer found under it.
            foreach (var child in HostProcesses.Descendants(pid.Value).Append(pid.Value))
            {
                HostProcesses.Signal(child, SignalNames.Kill);
            }

            var killed = await process.WaitForExitAsync(cancellationToken);
            details.Add($"the target ignored {step.Signal} for {Seconds(step.Grace)}: killed with KILL (exit code {killed.ExitCode})");
            return killed;
        }
    }

    private static async Task<StepOutcome> SleepAsync(SleepStep step, CancellationToken cancellationToken)
    {
        await Task.Delay(step.Duration, cancellationToken);
        return new StepOutcome(step, true, $"slept {Seconds(step.Duration)}");
    }

    private static async Task<StepOutcome> WaitForAsync(WaitForStep step, RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(step.Timeout);
        while (true)
        {
            if (ListeningSockets.IsListening(sandbox.InitPid, step.Port))
            {
                return new StepOutcome(step, true, $"port {step.Port} was listening after {Seconds(clock.Elapsed)}");
            }

            foreach (var (process, _) in sandbox.Background)
            {
                if (await process.TryGetExitCodeAsync(cancellationToken) is { } code)
                {
                    return new StepOutcome(step, false, $"the background target exited with code {code} before anything listened on port {step.Port}",
                        (int)code, process.Stdout.Report(), process.Stderr.Report());
                }
            }

            try
            {
                await Task.Delay(PollInterval, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new StepOutcome(step, false, $"nothing listened on TCP port {step.Port} within {Seconds(step.Timeout)}");
            }
        }
    }

    private async Task<(ExecResult Result, Usage Usage)> RunToExitAsync(
        ScenarioStep step, RunningSandbox sandbox, IReadOnlyList<string> argv, byte[]? stdin, CancellationToken cancellationToken)
    {
        var before = Usage.Read(sandbox);
        await using var process = await sandbox.Container.ExecAsync(
            new ExecRequest(argv, sandbox.User, sandbox.WorkingDirectory, stdin, sandbox.TargetEnvironment), outputLimit, cancellationToken);
        var result = await process.WaitForExitAsync(cancellationToken);
        sandbox.Resources.AddOutput(Label(step), "stdout", result.Stdout);
        sandbox.Resources.AddOutput(Label(step), "stderr", result.Stderr);
        return (result, before.Since(sandbox));
    }

    /// <summary>How findings name a step: its kind and where it is in the scenario file.</summary>
    public static string Label(ScenarioStep step) => $"{step.Kind} step at {step.Location}";

    private static StepOutcome Outcome(ScenarioStep step, bool succeeded, string what, IEnumerable<string> more, ExecResult result) =>
        new(step, succeeded, string.Join("; ", more.Prepend(what)), (int)result.ExitCode, result.Stdout.Report(), result.Stderr.Report());

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";

    /// <summary>What the kernel refused or killed in the sandbox during a step, in words for its outcome.</summary>
    private sealed record Usage(long OomKills, long PidsLimitHits, long MemoryBytes, long PidsLimit)
    {
        public static Usage Read(RunningSandbox sandbox) =>
            new(sandbox.Cgroup.OomKills() ?? 0, sandbox.Cgroup.PidsLimitHits() ?? 0, sandbox.MemoryBytes, sandbox.PidsLimit);

        public Usage Since(RunningSandbox sandbox)
        {
            var now = Read(sandbox);
            return this with { OomKills = now.OomKills - OomKills, PidsLimitHits = now.PidsLimitHits - PidsLimitHits };
        }

        public IEnumerable<string> Notes
        {
            get
            {
                if (OomKills > 0)
                {
                    yield return $"the OOM killer ended {OomKills} process(es): the memory limit of {MemoryBytes / MiB} MiB was reached";
                }

                if (PidsLimitHits > 0)
                {
                    yield return $"the pids limit of {PidsLimit} refused {PidsLimitHits} fork(s)";
                }
            }
        }
    }
}
