using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace DynamicProbe.Repository.Tests;

/// <summary>
/// The Kubernetes manifest, read by the official client as a cluster would: an Indexed Job of privileged pods, one
/// per shard, whose N agrees everywhere, writing its reports to the shared claim; and the README shows this very file.
/// </summary>
public sealed partial class KubernetesJobTests
{
    private const string ManifestPath = ".ci/kubernetes/nightly-job.yaml";

    private static string Text => File.ReadAllText(RepositoryRoot.File(ManifestPath));

    private static List<object> Objects => KubernetesYaml.LoadAllFromString(Text);

    private static V1Job Job => Objects.OfType<V1Job>().Single();

    private static V1Container Container => Job.Spec.Template.Spec.Containers.Single();

    private static string Script => string.Join("\n", Container.Args);

    [Test]
    public void IsAnIndexedJobWithOnePodPerShardAllAtOnce()
    {
        var shard = ShardFlag().Match(Script);

        Assert.That(Job.Spec.CompletionMode, Is.EqualTo("Indexed"));
        Assert.That(shard.Success, Is.True, "the pod runs dynamicprobe run --shard \"$((JOB_COMPLETION_INDEX + 1))/N\"");
        var count = int.Parse(shard.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Job.Spec.Completions, Is.EqualTo(count));
        Assert.That(Job.Spec.Parallelism, Is.EqualTo(count));
        Assert.That(Job.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Never"));
        Assert.That(Container.Command, Is.EqualTo(new[] { "bash", "-c" }));
        Assert.That(Script, Does.Contain("./dynamicprobe run scenarios/examples --shard"));
    }

    [Test]
    public void EveryPodIsPrivilegedAndSeesHostPids()
    {
        Assert.That(Container.SecurityContext.Privileged, Is.True);
        Assert.That(Job.Spec.Template.Spec.HostPID, Is.True);
    }

    [Test]
    public void EachShardWritesItsOwnReportOnTheSharedClaim()
    {
        var report = JsonFlag().Match(Script).Groups["path"].Value;
        var mount = Container.VolumeMounts.Single(m => report.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var volume = Job.Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name);
        var claim = Objects.OfType<V1PersistentVolumeClaim>().Single();

        Assert.That(report, Does.Contain("$shard"), "one report file per shard");
        Assert.That(Script, Does.Contain("shard=$((JOB_COMPLETION_INDEX + 1))"));
        Assert.That(volume.PersistentVolumeClaim.ClaimName, Is.EqualTo(claim.Metadata.Name));
        Assert.That(claim.Spec.AccessModes, Is.EqualTo(new[] { "ReadWriteMany" }));
    }

    [Test]
    public void TheReadmeShowsTheShippedManifest()
    {
        Assert.That(ReadmeListing.Of(ManifestPath), Is.EqualTo(Text));
    }

    [GeneratedRegex(@"--shard ""\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/(?<n>\d+)""")]
    private static partial Regex ShardFlag();

    [GeneratedRegex(@"--json ""(?<path>[^""]+)""")]
    private static partial Regex JsonFlag();
}
