using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>Steps: each item a single-key mapping, defaults filled in, and an order that makes sense.</summary>
public sealed class StepTests
{
    private const string Header = """
        version: 1
        name: demo
        target:
          command: ["python3", "app.py"]
        sandbox:
          network: none
          honeytokens: false
        steps:

        """;

    private ScenarioWorkspace _workspace = null!;
    private string _file = null!;

    [SetUp]
    public void CreateWorkspace()
    {
        _workspace = new ScenarioWorkspace();
        _file = _workspace.PathOf("demo.yaml");
    }

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void Omitted_step_fields_get_their_defaults()
    {
        var steps = LoadSteps("""
              - start:
              - wait_for: { port: 8080 }
              - stop: {}
              - run:
            """);

        Assert.That(steps, Is.EqualTo(new ScenarioStep[]
        {
            new StartStep(At(9)),
            new WaitForStep(At(10), 8080, StepDefaults.WaitForTimeout),
            new StopStep(At(11), StepDefaults.StopSignal, StepDefaults.StopGrace),
            new RunStep(At(12), ExpectExit: null, Stdin: null, StdoutContains: null),
        }));
    }

    [Test]
    public void Stop_signal_is_normalised_and_durations_combine_units()
    {
        var steps = LoadSteps("""
              - start: {}
              - sleep: 1m30s
              - sleep: 500ms
              - stop: { signal: sigint, grace: 0s }
            """);

        Assert.That(((SleepStep)steps[1]).Duration, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(((SleepStep)steps[2]).Duration, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(steps[3], Is.EqualTo(new StopStep(At(12), "INT", TimeSpan.Zero)));
    }

    [Test]
    public void No_steps_is_an_error()
    {
        var message = LoadError(Header.Replace("steps:\n", "steps: []\n", StringComparison.Ordinal));

        Assert.That(message, Does.StartWith($"{_file}:8:8: steps: found an empty list; expected a list of at least one step"));
    }

    [Test]
    public void Step_with_two_keys_is_an_error()
    {
        var message = LoadError(Header + """
              - start: {}
                sleep: 2s
            """);

        Assert.That(message, Does.StartWith($"{_file}:9:5: steps[0]: found 2 keys ('start', 'sleep'); expected a mapping with one key naming the step"));
    }

    [Test]
    public void Bare_step_name_suggests_the_mapping_form()
    {
        var message = LoadError(Header + "  - start\n");

        Assert.That(message, Does.StartWith($"{_file}:9:5: steps[0]: found 'start'; expected a mapping with one key naming the step"));
        Assert.That(message, Does.EndWith("like '- start: {}'"));
    }

    [Test]
    public void Start_takes_no_fields()
    {
        var message = LoadError(Header + "  - start: { detach: true }\n");

        Assert.That(message, Is.EqualTo($"{_file}:9:14: steps[0].start.detach: unknown field; expected no fields here"));
    }

    [Test]
    public void Empty_exec_is_an_error()
    {
        var message = LoadError(Header + "  - exec: []\n");

        Assert.That(message, Does.StartWith($"{_file}:9:11: steps[0].exec: found an empty list; expected a non-empty list"));
    }

    [Test]
    public void Out_of_range_port_and_exit_code_are_errors()
    {
        var message = LoadError(Header + """
              - start: {}
              - wait_for: { port: 70000 }
              - stop: { signal: STOP }
              - run: { expect_exit: 256 }
            """);

        Assert.That(message.Split('\n'), Is.EqualTo(new[]
        {
            $"{_file}:10:23: steps[1].wait_for.port: found '70000'; expected a whole number from 1 to 65535",
            $"{_file}:11:21: steps[2].stop.signal: found 'STOP'; expected a signal name: HUP, INT, QUIT, ABRT, KILL, USR1, USR2, PIPE, ALRM, TERM",
            $"{_file}:12:25: steps[3].run.expect_exit: found '256'; expected a whole number from 0 to 255",
        }));
    }

    [Test]
    public void Wait_for_and_stop_need_a_started_target()
    {
        var message = LoadError(Header + """
              - wait_for: { port: 8080 }
              - start: {}
              - stop: {}
              - stop: {}
            """);

        Assert.That(message.Split('\n'), Is.EqualTo(new[]
        {
            $"{_file}:9:5: steps[0].wait_for: the target has not been started; expected a '- start: {{}}' step before it",
            $"{_file}:12:5: steps[3].stop: the target was stopped at line 11; expected a '- start: {{}}' step before it",
        }));
    }

    [Test]
    public void Starting_a_running_target_again_is_an_error_but_restarting_is_not()
    {
        var message = LoadError(Header + """
              - start: {}
              - stop: {}
              - start: {}
              - start: {}
            """);

        Assert.That(message, Is.EqualTo(
            $"{_file}:12:5: steps[3].start: the target is already running (started at line 11); expected a '- stop: {{}}' step before starting it again"));
    }

    private IReadOnlyList<ScenarioStep> LoadSteps(string steps)
    {
        _workspace.Write("demo.yaml", Header + steps);
        return ScenarioLoader.Load(_file).Steps;
    }

    private string LoadError(string yaml)
    {
        _workspace.Write("demo.yaml", yaml);
        return Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file)).Message;
    }

    private SourceLocation At(int line) => new(_file, line, 5);
}
