using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class ScratchFolderTests
{
    private DirectoryInfo root = null!;

    [SetUp]
    public void CreateRoot() => root = Directory.CreateTempSubdirectory("dynamicprobe-scratch-");

    [TearDown]
    public void RemoveRoot() => root.Delete(recursive: true);

    [Test]
    public async Task A_folder_names_its_owner_and_is_deleted_on_dispose()
    {
        var owner = new OwnerIdentity(12, 34);
        var folder = ScratchFolder.Create(root.FullName, "run-1", owner);
        File.WriteAllText(Path.Combine(folder.Path, "leftover"), "x");

        Assert.That(ScratchFolder.ReadOwner(folder.Path), Is.EqualTo(owner));
        Assert.That(Directory.GetDirectories(root.FullName), Is.EqualTo(new[] { folder.Path }));

        await folder.DisposeAsync();

        Assert.That(Directory.Exists(folder.Path), Is.False);
    }

    [Test]
    public void A_folder_without_owner_file_has_no_owner() =>
        Assert.That(ScratchFolder.ReadOwner(root.CreateSubdirectory("stray").FullName), Is.Null);
}
