using System.Formats.Tar;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Looks a user up in an image's own <c>/etc/passwd</c>, read through the archive API from a container that is created
/// and never started (nothing runs, nothing is traced), so the home mount can be made for the right uid and path.
/// </summary>
public sealed class ImageAccounts(IDockerClient docker, TimeSpan cleanupTimeout)
{
    /// <exception cref="UserErrorException">The image has no such user.</exception>
    public async Task<UserAccount> ResolveAsync(string image, string user, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var accounts = PasswdFile.Parse(await ReadPasswdAsync(image, labels, cancellationToken));
        return PasswdFile.Find(accounts, user)
               ?? throw new UserErrorException(
                   $"sandbox.user '{user}' does not exist in image '{image}' (its /etc/passwd names: {string.Join(", ", accounts.Select(a => a.Name))}); use the default 'probe' or a user the image defines.");
    }

    private async Task<string> ReadPasswdAsync(string image, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var container = new SandboxContainerBuilder(docker)
            .WithImage(image)
            .WithName($"dynamicprobe-passwd-{Guid.NewGuid():N}")
            .WithLabels(labels)
            .WithCleanupTimeout(cleanupTimeout)
            .Build();
        await using (container)
        {
            await container.CreateAsync(cancellationToken);
            GetArchiveFromContainerResponse archive;
            try
            {
                archive = await docker.Containers.GetArchiveFromContainerAsync(
                    container.Id, new GetArchiveFromContainerParameters { Path = "/etc/passwd" }, statOnly: false, cancellationToken);
            }
            catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
            {
                throw new UserErrorException($"image '{image}' has no /etc/passwd, so it has no unprivileged user to run the target as; use an image built from sandbox-images/.", error);
            }

            // Docker's chunked stream fails reads past its end, which the tar reader makes; a passwd file is small.
            using var buffered = new MemoryStream();
            await using (archive.Stream)
            {
                await archive.Stream.CopyToAsync(buffered, cancellationToken);
            }

            buffered.Position = 0;
            await using var tar = new TarReader(buffered);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data, Encoding.UTF8);
                    return await reader.ReadToEndAsync(cancellationToken);
                }
            }

            throw new UserErrorException($"image '{image}' has an empty or unreadable /etc/passwd; use an image built from sandbox-images/.");
        }
    }
}
