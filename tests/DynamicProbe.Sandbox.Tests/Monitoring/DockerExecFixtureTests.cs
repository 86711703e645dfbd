using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>`docker exec -w /etc` into a running container: the exec'd command is tracked like the entrypoint.</summary>
public class DockerExecFixtureTests
{
    [Test]
    public void An_exec_d_command_is_tracked_from_its_exec_with_the_working_directory_it_asked_for()
    {
        var assembler = MonitorFixtures.Assemble("docker-exec.jsonl", "/tmp");
        var execs = assembler.OfType<ProcessExecEvent>().Select(e => string.Join(' ', e.Argv));
        var reads = assembler.OfType<FileEvent>().Where(f => f.Operation == FileOperation.Read).Select(f => f.Path);

        Assert.That(execs, Is.EqualTo(new[] { "sleep 4", "sh -c cat hostname > /dev/null; cd /; cat etc/hostname >/dev/null", "cat hostname", "cat etc/hostname" }));
        Assert.That(reads, Is.EqualTo(new[] { "/etc/hostname", "/etc/hostname" }));
        Assert.That(assembler.Problems.Describe(), Is.Null);
    }
}
