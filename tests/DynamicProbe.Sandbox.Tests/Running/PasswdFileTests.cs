using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class PasswdFileTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\n# comment\nbroken line\nprobe:x:1000:1000:probe:/home/probe:/bin/sh\nsvc:x:998:997::/var/lib/svc:/usr/sbin/nologin\n";

    [Test]
    public void Accounts_are_read_with_uid_gid_and_home() =>
        Assert.That(PasswdFile.Parse(Passwd), Is.EqualTo(new[]
        {
            new UserAccount("root", 0, 0, "/root"), new UserAccount("probe", 1000, 1000, "/home/probe"), new UserAccount("svc", 998, 997, "/var/lib/svc"),
        }));

    [TestCase("probe", "probe")]
    [TestCase("998", "svc")]
    [TestCase("nobody", null)]
    [TestCase("4242", null)]
    public void Users_are_found_by_name_or_uid(string user, string? expected) =>
        Assert.That(PasswdFile.Find(PasswdFile.Parse(Passwd), user)?.Name, Is.EqualTo(expected));
}
