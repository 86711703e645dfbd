using DynamicProbe.Cli.Progress;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Sharding;
using DynamicProbe.Sandbox.Build;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Policy;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Cli.Commands;

/// <summary>
/// The composition root of a run: loads every scenario first (a bad file stops the run before anything starts),
/// reaps what dead runs left, then takes the scenarios through build → run → analysis and writes the reports. A run
/// interrupted by a signal still writes every report: the finished scenarios as they came out, the others marked
/// interrupted (inconclusive).
/// </summary>
public static class RunPipeline
{
    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter output, InterruptSignals interrupt, CancellationToken cancellationToken)
    {
        var loaded = ScenarioLoader.LoadAll(options.Paths);
        foreach (var skipped in loaded.Skipped)
        {
            await output.WriteLineAsync(InertText.Escape(skipped.SkipLine));
        }

        var suite = loaded.Scenarios;

        var shard = options.Shard is { } spec ? SuiteSplit.Split(suite, spec) : null;
        var scenarios = shard?.Scenarios ?? suite;
        await options.Mode.CheckAsync(scenarios, cancellationToken);
        if (shard is { Scenarios.Count: 0 })
        {
            // More shards than scenarios: no error, and an empty report, so merge sees every shard accounted for.
            await output.WriteLineAsync($"shard {options.Shard}: none of the suite's {suite.Count} scenario(s) falls to this shard.");
            var now = DateTimeOffset.UtcNow;
            var empty = JsonReportWriter.ToDocument(new RunReport([], options.FailOn, now, now)) with { Shard = shard.Document };
            await ReportFiles.WriteAllAsync(empty, options.Reports, output, cancellationToken);
            return (int)ExitCode.Clean;
        }

        RootCheck.Require("dynamicprobe run");
        var startedAt = DateTimeOffset.UtcNow;
        var ledger = new RunLedger(scenarios);
        await using var console = RunConsole.Start(options.Console, output, options.FailOn);
        foreach (var scenario in scenarios)
        {
            console.ScenarioQueued(scenario);
        }

        using var engine = DockerEngine.FromEnvironment();
        await using var monitor = new BpftraceMonitor(docker: engine.Client);
        // Runs return before their sandboxes are gone; the process never ends before they are (nor the monitor
        // before their sessions, which the removals dispose).
        var removals = new SandboxRemovals();
        try
        {
            var interrupted = false;
            try
            {
                await PrepareAsync(engine, monitor, cancellationToken);
                await RunScenariosAsync(options, ledger, engine, monitor, removals, console, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }

            // Reported before the sandboxes and the tracer are taken down, which takes seconds: a CI job's SIGKILL
            // may follow its SIGTERM soon.
            return await ReportAsync(options, ledger, shard?.Document, console, output, startedAt, interrupted ? interrupt.Received ?? "a signal" : null);
        }
        finally
        {
            await removals.WhenAllRemovedAsync();
        }
    }

    /// <summary>The tracer compiles and attaches while the engine is checked and dead runs are reaped.</summary>
    private static async Task PrepareAsync(DockerEngine engine, BpftraceMonitor monitor, CancellationToken cancellationToken)
    {
        var monitorStarted = monitor.StartAsync(cancellationToken);
        try
        {
            await engine.EnsureReachableAsync(cancellationToken);
            await new Reaper(engine.Client).ReapAsync(cancellationToken);
        }
        finally
        {
            await monitorStarted.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await monitorStarted;
    }

    private static async Task RunScenariosAsync(
        RunOptions options, RunLedger ledger, DockerEngine engine, BpftraceMonitor monitor, SandboxRemovals removals, RunConsole console,
        CancellationToken cancellationToken)
    {
        var executor = new ScenarioExecutor(
            new SandboxedBuilder(engine.Client, monitor, BuildCache.Default()),
            new SandboxRunner(engine.Client, monitor, removals: removals),
            new ImageAllowanceSource(engine.Client),
            new BehaviourAnalyzer(RuleBook.BuiltIn()),
            new SandboxSlots(options.Parallelism),
            console);

        var scenarios = ledger.Scenarios;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, scenarios.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                ledger.Started(index);
                console.ScenarioStarted(scenarios[index]);
                var result = await options.Mode.ExecuteAsync(executor, scenarios[index], token);
                ledger.Finished(index, result);
                console.ScenarioFinished(scenarios[index], result);
            });
    }

    /// <param name="shard">Under <c>--shard</c>: which shard of the suite the report holds, for <c>merge</c>.</param>
    /// <param name="interruption">The signal that stopped the run; null when every scenario finished.</param>
    private static async Task<int> ReportAsync(
        RunOptions options, RunLedger ledger, ShardDocument? shard, RunConsole console, TextWriter output, DateTimeOffset startedAt, string? interruption)
    {
        await console.StopAsync();
        var results = interruption is null ? ledger.Results() : ledger.ResultsInterruptedBy(interruption);
        var report = new RunReport(results, options.FailOn, startedAt, DateTimeOffset.UtcNow);
        foreach (var result in results.Where(r => r.Interrupted))
        {
            console.WriteScenario(result);
        }

        new ConsoleReportWriter(output).WriteSummary(report);
        if (interruption is not null)
        {
            await output.WriteLineAsync($"Interrupted by {interruption}: {results.Count(r => !r.Interrupted)} of {results.Count} scenario(s) finished; the others are reported as interrupted (inconclusive).");
        }

        // The run's token is cancelled after a signal: writing the reports is what it must not stop.
        await ReportFiles.WriteAllAsync(JsonReportWriter.ToDocument(report) with { Shard = shard }, options.Reports, output, CancellationToken.None);
        return await options.Mode.FinishAsync(report, output, CancellationToken.None);
    }
}
