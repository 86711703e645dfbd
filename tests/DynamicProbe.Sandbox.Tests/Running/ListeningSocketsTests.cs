using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class ListeningSocketsTests
{
    // Recorded from /proc/<pid>/net/tcp inside a sandbox: 127.0.0.1:8080 listening, an established connection to 9090.
    private const string Tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123 1 0000000000000000 100 0 0 10 0
           1: 0100007F:B5C2 0100007F:2382 01 00000000:00000000 00:00000000 00000000  1000        0 124 1 0000000000000000 20 4 30 10 -1
        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:1BB9 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 200 1 0000000000000000 100 0 0 10 0
        """;

    [TestCase(8080, true)]
    [TestCase(9090, false)]
    [TestCase(46530, false)]
    public void Only_sockets_in_listen_state_count(int port, bool listening) =>
        Assert.That(ListeningSockets.ListensIn(Tcp, port), Is.EqualTo(listening));

    [Test]
    public void Ipv6_listeners_count() => Assert.That(ListeningSockets.ListensIn(Tcp6, 7097), Is.True);

    [Test]
    public void The_tables_are_read_from_the_process_namespace_view()
    {
        var proc = Directory.CreateTempSubdirectory("dynamicprobe-proc-");
        try
        {
            Directory.CreateDirectory(Path.Combine(proc.FullName, "77", "net"));
            File.WriteAllText(Path.Combine(proc.FullName, "77", "net", "tcp6"), Tcp6);

            Assert.That(ListeningSockets.IsListening(77, 7097, proc.FullName), Is.True);
            Assert.That(ListeningSockets.IsListening(77, 8080, proc.FullName), Is.False);
            Assert.That(ListeningSockets.IsListening(78, 7097, proc.FullName), Is.False);
        }
        finally
        {
            proc.Delete(recursive: true);
        }
    }
}
