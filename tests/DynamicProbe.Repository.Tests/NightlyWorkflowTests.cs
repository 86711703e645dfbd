using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Repository.Tests;

/// <summary>The nightly GitHub Actions workflow: its shard matrix and <c>--shard K/N</c> agree, every shard's report reaches the merge, and the README shows this very file.</summary>
public sealed partial class NightlyWorkflowTests
{
    private const string WorkflowPath = ".github/workflows/nightly.yml";

    private static string Text => File.ReadAllText(RepositoryRoot.File(WorkflowPath));

    private static YamlMappingNode Workflow
    {
        get
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(Text));
            return (YamlMappingNode)stream.Documents.Single().RootNode;
        }
    }

    [Test]
    public void RunsNightlyAndOnDemand()
    {
        var on = Map(Workflow, "on");

        Assert.That(Scalar(Map(Seq(on, "schedule").Single(), null), "cron"), Does.Match(@"^\S+ \S+ \* \* \*$"));
        Assert.That(on.Children.ContainsKey("workflow_dispatch"), Is.True);
    }

    [Test]
    public void TheMatrixAndTheShardCountAgree()
    {
        var job = Map(Map(Workflow, "jobs"), "shard");
        var shards = Seq(Map(Map(job, "strategy"), "matrix"), "shard").Select(n => int.Parse(((YamlScalarNode)n).Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var run = ShardFlag().Match(RunScripts(job).Single(s => s.Contains("./dynamicprobe run", StringComparison.Ordinal)));

        Assert.That(run.Success, Is.True, "the shard job runs dynamicprobe run --shard ${{ matrix.shard }}/N");
        var count = int.Parse(run.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(shards, Is.EqualTo(Enumerable.Range(1, count)));
        Assert.That(Scalar(Map(job, "strategy"), "fail-fast"), Is.EqualTo("false"));
    }

    [Test]
    public void EveryShardKeepsItsReportEvenWhenItFails()
    {
        var job = Map(Map(Workflow, "jobs"), "shard");
        var report = JsonFlag().Match(RunScripts(job).Single(s => s.Contains("./dynamicprobe run", StringComparison.Ordinal))).Groups["path"].Value;
        var upload = Steps(job).Single(s => Uses(s).StartsWith("actions/upload-artifact@", StringComparison.Ordinal));

        Assert.That(report, Is.EqualTo("reports/shard-${{ matrix.shard }}.json"));
        Assert.That(Scalar(upload, "if"), Is.EqualTo("always()"));
        Assert.That(Scalar(Map(upload, "with"), "path"), Is.EqualTo(report));
        Assert.That(Scalar(Map(upload, "with"), "name"), Is.EqualTo("shard-${{ matrix.shard }}"));
    }

    [Test]
    public void TheMergeJobJoinsEveryShardUploadsTheSarifAndFailsWithMergesExitCode()
    {
        var job = Map(Map(Workflow, "jobs"), "merge");
        var steps = Steps(job);
        var merge = steps.Single(s => Scalar(s, "id") == "merge");
        var command = Scalar(merge, "run");
        var sarif = steps.Single(s => Uses(s).StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal));
        var download = steps.Single(s => Uses(s).StartsWith("actions/download-artifact@", StringComparison.Ordinal));

        Assert.That(Scalar(job, "needs"), Is.EqualTo("shard"));
        Assert.That(Scalar(job, "if"), Is.EqualTo("${{ !cancelled() }}"));
        Assert.That(Scalar(Map(job, "permissions"), "security-events"), Is.EqualTo("write"));
        Assert.That(Scalar(Map(download, "with"), "pattern"), Is.EqualTo("shard-*"));
        Assert.That(command, Does.Contain("./dynamicprobe merge reports/shard-*.json"));
        foreach (var flag in new[] { "--json", "--sarif", "--junit", "--html" })
        {
            Assert.That(command, Does.Contain($"{flag} reports/nightly."), flag);
        }

        Assert.That(command, Does.Contain("--sarif " + Scalar(Map(sarif, "with"), "sarif_file")));
        Assert.That(Scalar(steps[^1], "run"), Is.EqualTo("exit ${{ steps.merge.outputs.status }}"));
    }

    [Test]
    public void TheReadmeShowsTheShippedWorkflow()
    {
        Assert.That(ReadmeListing.Of(WorkflowPath), Is.EqualTo(Text));
    }

    [GeneratedRegex(@"--shard \$\{\{ matrix\.shard \}\}/(?<n>\d+)\b")]
    private static partial Regex ShardFlag();

    [GeneratedRegex(@"--json (?<path>\S.*?\.json)")]
    private static partial Regex JsonFlag();

    private static List<YamlMappingNode> Steps(YamlMappingNode job) => [.. Seq(job, "steps").Cast<YamlMappingNode>()];

    private static IEnumerable<string> RunScripts(YamlMappingNode job) => Steps(job).Select(s => Scalar(s, "run")).OfType<string>();

    private static string Uses(YamlMappingNode step) => Scalar(step, "uses") ?? string.Empty;

    private static YamlMappingNode Map(YamlNode node, string? key) =>
        key is null ? (YamlMappingNode)node : (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
