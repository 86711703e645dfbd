using System.Text;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Host files mounted over <c>/etc/hosts</c>, <c>/etc/hostname</c> and <c>/etc/resolv.conf</c>. Docker's generated ones
/// come from <c>/var/lib/docker/containers/&lt;id&gt;/</c> and copy the host's resolver; ours look like a plain server's.
/// </summary>
public sealed record IdentityFiles(string HostsPath, string HostnamePath, string ResolvConfPath)
{
    /// <summary>
    /// A resolver no packet can reach from an isolated sandbox (so every lookup is recorded as an attempt) and that the
    /// sinkhole redirects like any outside address; a loopback resolver would be neither realistic nor redirected.
    /// </summary>
    public const string DefaultResolvConf = "nameserver 10.0.0.2\noptions timeout:2 attempts:2\n";

    /// <summary>Writes the three files into <paramref name="folder"/>, readable by the sandbox user.</summary>
    public static async Task<IdentityFiles> WriteAsync(string folder, string hostname, string resolvConf, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var files = new IdentityFiles(Path.Combine(folder, "hosts"), Path.Combine(folder, "hostname"), Path.Combine(folder, "resolv.conf"));
        await WriteReadableAsync(files.HostsPath, HostsFor(hostname), cancellationToken);
        await WriteReadableAsync(files.HostnamePath, hostname + "\n", cancellationToken);
        await WriteReadableAsync(files.ResolvConfPath, resolvConf, cancellationToken);
        return files;
    }

    internal static string HostsFor(string hostname) =>
        $"127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    /// <summary>Writes a file the sandbox user can read through a read-only bind mount (mode 0644).</summary>
    internal static async Task WriteReadableAsync(string path, string content, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false), cancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
