using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Running;

/// <summary>Children and command lines read from a /proc laid out as the kernel does.</summary>
[TestFixture]
public sealed class HostProcessesTests
{
    private DirectoryInfo proc = null!;

    [SetUp]
    public void CreateFakeProc() => proc = Directory.CreateTempSubdirectory("dynamicprobe-proc-");

    [TearDown]
    public void RemoveFakeProc() => proc.Delete(recursive: true);

    [Test]
    public void Children_are_read_from_every_thread_and_zombies_and_vanished_ones_are_left_out()
    {
        Write("1/task/1/children", "708 709 ");
        Write("1/task/2/children", "710 ");
        Write("708/stat", "708 (sh) S 1 708 708 0 -1");
        Write("709/stat", "709 (a) Z) Z 1 709 709 0 -1");
        Write("710/stat", "710 (sleep) R 1 710 710 0 -1");

        Assert.That(HostProcesses.Children(1, proc.FullName), Is.EquivalentTo(new[] { 708, 710 }), "709 is a zombie");
    }

    [Test]
    public void A_command_line_has_its_arguments_separated_by_spaces()
    {
        Write("708/cmdline", "/bin/sh\0-c\0sleep 3; cat x\0");

        Assert.That(HostProcesses.CommandLineOf(708, proc.FullName), Is.EqualTo("/bin/sh -c sleep 3; cat x"));
        Assert.That(HostProcesses.CommandLineOf(999, proc.FullName), Is.Empty);
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(proc.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
