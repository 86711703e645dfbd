using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DynamicProbe.Integration.Tests.Monitoring;

/// <summary>
/// A tiny image made here without any registry: the host's static busybox (Debian package busybox-static) and its
/// applet links, imported as a root filesystem tarball.
/// </summary>
internal static class BusyboxImage
{
    public const string Name = "dynamicprobe-test/busybox:monitor";
    private const string HostBusybox = "/bin/busybox";
    private static readonly string[] Applets = ["sh", "cat", "echo", "mkdir", "mv", "rm", "rmdir", "nc", "sleep", "true", "ls"];

    public static async Task EnsureAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var existing = await docker.Images.ListImagesAsync(
            new ImagesListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [Name] = true } } },
            cancellationToken);
        if (existing.Count > 0)
        {
            return;
        }

        if (!File.Exists(HostBusybox))
        {
            Assert.Fail($"{HostBusybox} is missing: install the static busybox with `apt-get install busybox-static`");
        }

        using var tarball = new MemoryStream();
        await using (var writer = new TarWriter(tarball, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var directory in (string[])["bin/", "tmp/", "etc/"])
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory) { Mode = (UnixFileMode)0x1ff }, cancellationToken);
            }

            await writer.WriteEntryAsync(HostBusybox, "bin/busybox", cancellationToken);
            foreach (var applet in Applets)
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" }, cancellationToken);
            }
        }

        tarball.Position = 0;
        var (repository, tag) = (Name[..Name.IndexOf(':', StringComparison.Ordinal)], Name[(Name.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        await docker.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag }, tarball, null, null, new Progress<JSONMessage>(), cancellationToken);
    }
}
