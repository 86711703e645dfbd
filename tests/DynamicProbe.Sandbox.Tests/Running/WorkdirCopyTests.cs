using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class WorkdirCopyTests
{
    private DirectoryInfo source = null!;
    private DirectoryInfo destination = null!;

    [SetUp]
    public void CreateFolders()
    {
        source = Directory.CreateTempSubdirectory("dynamicprobe-workdir-");
        destination = Directory.CreateTempSubdirectory("dynamicprobe-copy-");
    }

    [TearDown]
    public void RemoveFolders()
    {
        source.Delete(recursive: true);
        destination.Delete(recursive: true);
    }

    [Test]
    public void Files_folders_and_links_are_copied_readable_by_everyone()
    {
        var odd = "a \"quoted\"\nname";
        File.WriteAllText(Path.Combine(source.FullName, odd), "data");
        File.SetUnixFileMode(Path.Combine(source.FullName, odd), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(Path.Combine(source.FullName, "bin"));
        File.WriteAllText(Path.Combine(source.FullName, "bin", "run.sh"), "echo hi");
        File.SetUnixFileMode(Path.Combine(source.FullName, "bin", "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(source.FullName, "empty"), string.Empty);
        File.CreateSymbolicLink(Path.Combine(source.FullName, "secrets"), "/etc/shadow");
        var target = Path.Combine(destination.FullName, "work");

        WorkdirCopy.Copy(source.FullName, target, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(target, odd)), Is.EqualTo("data"));
        Assert.That(File.GetUnixFileMode(Path.Combine(target, odd)) & UnixFileMode.OtherRead, Is.EqualTo(UnixFileMode.OtherRead));
        Assert.That(File.GetUnixFileMode(Path.Combine(target, "bin", "run.sh")) & UnixFileMode.OtherExecute, Is.EqualTo(UnixFileMode.OtherExecute));
        Assert.That(new FileInfo(Path.Combine(target, "empty")).Length, Is.Zero);
        Assert.That(new FileInfo(Path.Combine(target, "secrets")).LinkTarget, Is.EqualTo("/etc/shadow"));
    }
}
