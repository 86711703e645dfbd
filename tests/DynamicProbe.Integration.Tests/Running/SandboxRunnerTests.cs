using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>The runner against the real Docker engine: steps, timeout, clean-up. The monitor is a stand-in (see <see cref="ObservingMonitor"/>).</summary>
[TestFixture]
[NonParallelizable]
public sealed class SandboxRunnerTests
{
    private const string Listener =
        "$s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die \"listen: $!\"; "
        + "$| = 1; $SIG{TERM} = sub { print \"bye\\n\"; exit 0 }; print \"up\\n\"; while (1) { sleep 1 }";

    private DockerEngine engine = null!;
    private ObservingMonitor monitor = null!;
    private SandboxRunner runner = null!;

    [SetUp]
    public void CreateRunner()
    {
        engine = DockerEngine.FromEnvironment();
        monitor = new ObservingMonitor(engine.Client);
        runner = new SandboxRunner(engine.Client, monitor, new SandboxRunnerOptions(OutputLimitBytes: 64 * 1024, TmpBytes: 8L * 1024 * 1024));
    }

    [TearDown]
    public async Task NothingOfThisRunIsLeft()
    {
        var owner = OwnerIdentity.Current().ToString();
        var left = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Owner}={owner}"] = true } },
        });
        var folders = Directory.Exists(ScratchFolder.DefaultRoot)
            ? Directory.GetDirectories(ScratchFolder.DefaultRoot)
                .Where(f => ScratchFolder.ReadOwner(f)?.ToString() == owner && !SharedMonitor.OwnsScratchFolder(f))
                .ToList()
            : [];
        engine.Dispose();
        Assert.That(left.Select(c => c.Names.FirstOrDefault()), Is.Empty, "containers of this test run left behind");
        Assert.That(folders, Is.Empty, "scratch folders of this test run left behind");
    }

    [Test]
    public async Task Run_feeds_stdin_captures_stdout_and_checks_the_exit_code()
    {
        var scenario = Command(["/bin/sh", "-c", "read x; echo \"got-$x in $(pwd) as $(id -un)\"; echo oops >&2; exit 3"],
            [new RunStep(At(10), 3, "hello\n", "got-hello")]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        var step = outcome.Steps.Single();
        Assert.That(step.Succeeded, Is.True, step.Detail);
        Assert.That(step.ExitCode, Is.EqualTo(3));
        Assert.That(step.Stdout, Is.EqualTo("got-hello in /home/probe as probe\n"));
        Assert.That(step.Stderr, Is.EqualTo("oops\n"));
        Assert.That(outcome.TimedOut, Is.False);
        Assert.That(outcome.ImageName, Is.EqualTo(SandboxTestImages.Base));
    }

    [Test]
    public async Task A_project_target_runs_its_built_program_from_app_with_its_args()
    {
        var publish = Directory.CreateTempSubdirectory("dynamicprobe-test-publish-");
        try
        {
            // A publish folder is mounted as it is: the sandbox user must be able to read it.
            File.SetUnixFileMode(publish.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var program = Path.Combine(publish.FullName, "Payments");
            await File.WriteAllTextAsync(program, "#!/bin/sh\necho \"$0 $* in $(pwd)\"\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var command = Command(["/unused"], [new RunStep(At(10), 0, null, null)]);
            var scenario = command with { Target = new TargetSpec("/src/Payments.csproj", "Release", ["--urls", "http://127.0.0.1:8080"], null, null) };

            var step = (await runner.RunAsync(scenario, new BuiltTarget(publish.FullName, "Payments"), NoProgress.Instance, CancellationToken.None)).Steps.Single();

            Assert.That(step.Stdout, Is.EqualTo("/app/Payments --urls http://127.0.0.1:8080 in /app\n"), step.Detail);
        }
        finally
        {
            publish.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_monitor_is_attached_before_the_container_starts_and_freed_after_it_is_removed()
    {
        var scenario = Command(["/bin/true"], [new RunStep(At(10), 0, null, null)]);

        await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(monitor.StatesAtAttach, Is.EqualTo(new[] { "created" }));
        Assert.That(monitor.Calls, Is.EqualTo(new[] { "attach", "stop", "dispose" }));
    }

    [Test]
    public async Task The_home_is_lived_in_owned_by_the_user_and_private()
    {
        var scenario = Command(["/bin/sh", "-c", "cd && ls -A && stat -c '%U %a' . .bashrc Documents/notes.txt"], [new RunStep(At(10), 0, null, null)]);

        var step = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps.Single();

        Assert.That(step.Stdout, Does.Contain(".bashrc\n").And.Contain("Documents\n").And.Contain("probe 700\nprobe 600\nprobe 600\n"), step.Detail);
    }

    [Test]
    public async Task A_wrong_exit_code_or_missing_output_fails_the_run_step()
    {
        var scenario = Command(["/bin/sh", "-c", "echo hi; exit 1"], [new RunStep(At(10), 0, null, "bye")]);

        var step = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps.Single();

        Assert.That(step.Succeeded, Is.False);
        Assert.That(step.Detail, Does.Contain("exited with code 1").And.Contain("expected exit code 0").And.Contain("does not contain \"bye\""));
    }

    [Test]
    public async Task A_failing_exec_step_stops_the_remaining_steps()
    {
        var scenario = Command(["/bin/true"],
            [new ExecStep(At(10), ["/bin/sh", "-c", "exit 4"]), new RunStep(At(11), 0, null, null)]);

        var steps = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps;

        Assert.That(steps, Has.Count.EqualTo(1));
        Assert.That(steps[0].Succeeded, Is.False);
        Assert.That(steps[0].ExitCode, Is.EqualTo(4));
    }

    [Test]
    public async Task Start_wait_for_and_stop_drive_a_background_server()
    {
        var scenario = Command(["/usr/bin/perl", "-MIO::Socket::INET", "-e", Listener],
            [new StartStep(At(10)), new WaitForStep(At(11), 8080, TimeSpan.FromSeconds(20)), new ExecStep(At(12), ["/bin/true"]),
             new StopStep(At(13), "TERM", TimeSpan.FromSeconds(5))]);

        var steps = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps;

        Assert.That(steps.Select(s => s.Succeeded), Is.All.True, string.Join("\n", steps.Select(s => s.Detail)));
        Assert.That(steps[1].Detail, Does.Contain("port 8080 was listening"));
        Assert.That(steps[3].ExitCode, Is.EqualTo(0));
        Assert.That(steps[3].Stdout, Is.EqualTo("up\nbye\n"));
    }

    [Test]
    public async Task Stop_kills_a_target_that_ignores_the_signal_after_the_grace()
    {
        var scenario = Command(["/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"],
            [new StartStep(At(10)), new SleepStep(At(11), TimeSpan.FromMilliseconds(500)), new StopStep(At(12), "TERM", TimeSpan.FromSeconds(1))]);

        var stop = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps[2];

        Assert.That(stop.Succeeded, Is.True, stop.Detail);
        Assert.That(stop.Detail, Does.Contain("killed with KILL"));
        Assert.That(stop.ExitCode, Is.EqualTo(137));
    }

    [Test]
    public async Task Wait_for_fails_when_nothing_listens_in_time()
    {
        var scenario = Command(["/bin/sh", "-c", "sleep 30"],
            [new StartStep(At(10)), new WaitForStep(At(11), 9999, TimeSpan.FromSeconds(1))]);

        var wait = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps[1];

        Assert.That(wait.Succeeded, Is.False);
        Assert.That(wait.Detail, Does.Contain("nothing listened on TCP port 9999 within 1s"));
    }

    [Test]
    public async Task The_workdir_is_a_read_only_copy_and_the_working_directory()
    {
        var workdir = Directory.CreateTempSubdirectory("dynamicprobe-test-workdir-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(workdir.FullName, "app.sh"), "echo \"in $(pwd)\"; touch /work/x 2>/dev/null && echo writable || echo read-only\n");
            var scenario = Command(["/bin/sh", "app.sh"], [new RunStep(At(10), 0, null, null)], workdir: workdir.FullName);

            var step = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps.Single();

            Assert.That(step.Stdout, Is.EqualTo("in /work\nread-only\n"), step.Detail);
        }
        finally
        {
            workdir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_timeout_ends_the_run_with_the_steps_so_far()
    {
        var scenario = Command(["/bin/sleep", "60"],
            [new ExecStep(At(10), ["/bin/true"]), new RunStep(At(11), 0, null, null), new ExecStep(At(12), ["/bin/true"])],
            timeout: TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.TimedOut, Is.True);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        Assert.That(outcome.Steps.Select(s => s.Succeeded), Is.EqualTo(new[] { true, false }));
        Assert.That(outcome.Steps[1].Detail, Does.Contain("timeout of 3s struck"));
    }

    [Test]
    public async Task Cancelling_removes_everything_and_throws()
    {
        var scenario = Command(["/bin/sleep", "60"], [new RunStep(At(10), 0, null, null)]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        Assert.That(async () => await runner.RunAsync(scenario, null, NoProgress.Instance, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_missing_image_is_a_user_error()
    {
        var scenario = Command(["/bin/true"], [new RunStep(At(10), 0, null, null)]);
        scenario = scenario with { Sandbox = scenario.Sandbox with { Image = "dynamicprobe/does-not-exist" } };

        var error = Assert.ThrowsAsync<UserErrorException>(async () => await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("dynamicprobe/does-not-exist"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task An_unknown_user_is_a_user_error()
    {
        var scenario = Command(["/bin/true"], [new RunStep(At(10), 0, null, null)]);
        scenario = scenario with { Sandbox = scenario.Sandbox with { User = "mallory" } };

        var error = Assert.ThrowsAsync<UserErrorException>(async () => await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("sandbox.user 'mallory'"));
        await Task.CompletedTask;
    }
}
