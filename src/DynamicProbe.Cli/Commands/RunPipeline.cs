using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Findings;
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
/// reaps what dead runs left, then takes the scenarios through build → run → analysis and writes the reports.
/// </summary>
public static class RunPipeline
{
    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var suite = ScenarioLoader.LoadAll(options.Paths);
        if (suite.Count == 0)
        {
            throw new UserErrorException($"no scenario files (*.yaml, *.yml) in {string.Join(", ", options.Paths)}.");
        }

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
        using var engine = DockerEngine.FromEnvironment();
        await using var monitor = new BpftraceMonitor(docker: engine.Client);
        // The tracer compiles and attaches while the engine is checked and dead runs are reaped.
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
        // Runs return before their sandboxes are gone; the process never ends before they are (nor the monitor
        // before their sessions, which the removals dispose).
        var removals = new SandboxRemovals();
        try
        {
            return await RunScenariosAsync(options, scenarios, shard?.Document, engine, monitor, removals, output, cancellationToken);
        }
        finally
        {
            await removals.WhenAllRemovedAsync();
        }
    }

    private static async Task<int> RunScenariosAsync(
        RunOptions options, IReadOnlyList<Scenario> scenarios, ShardDocument? shard, DockerEngine engine, BpftraceMonitor monitor, SandboxRemovals removals,
        TextWriter output, CancellationToken cancellationToken)
    {
        var executor = new ScenarioExecutor(
            new SandboxedBuilder(engine.Client, monitor, BuildCache.Default()),
            new SandboxRunner(engine.Client, monitor, removals: removals),
            new ImageAllowanceSource(engine.Client),
            new BehaviourAnalyzer(RuleBook.BuiltIn()),
            new SandboxSlots(options.Parallelism));

        var startedAt = DateTimeOffset.UtcNow;
        var console = new ConsoleReportWriter(output);
        var results = new ScenarioResult?[scenarios.Count];
        var printLock = new SemaphoreSlim(1, 1);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, scenarios.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var result = await options.Mode.ExecuteAsync(executor, scenarios[index], token);
                results[index] = result;
                await printLock.WaitAsync(token);
                try
                {
                    console.WriteScenario(result, new RunReport([result], options.FailOn, startedAt, startedAt));
                }
                finally
                {
                    printLock.Release();
                }
            });

        var report = new RunReport([.. results.OfType<ScenarioResult>()], options.FailOn, startedAt, DateTimeOffset.UtcNow);
        console.WriteSummary(report);
        await ReportFiles.WriteAllAsync(JsonReportWriter.ToDocument(report) with { Shard = shard }, options.Reports, output, cancellationToken);

        return await options.Mode.FinishAsync(report, output, cancellationToken);
    }
}
