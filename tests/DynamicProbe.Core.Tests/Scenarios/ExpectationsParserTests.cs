using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>The expect: shape parsed from a standalone text, as an image's default allowances file is.</summary>
public sealed class ExpectationsParserTests
{
    private const string Source = "sandbox-images/dotnet/allowances.yaml";

    [Test]
    public void Allowances_file_parses_into_expectations()
    {
        using var workspace = new ScenarioWorkspace();
        var file = workspace.CopyFixture("image-allowances.yaml", "allowances.yaml");

        var expectations = ExpectationsParser.Parse(File.ReadAllText(file), file);

        Assert.That(expectations.FilesRead, Is.EqualTo(new[] { "/usr/share/dotnet/**", "/proc/**", "/etc/ssl/**" }));
        Assert.That(expectations.FilesWrite, Is.EqualTo(new[] { "/tmp/clr-debug-pipe-*", "/tmp/dotnet-diagnostic-*" }));
        Assert.That(expectations.Processes, Is.EqualTo(new[] { "/usr/bin/sh" }));
        Assert.That(expectations.Dns, Is.Empty);
        Assert.That(expectations.Connect, Is.Empty);
        Assert.That(expectations.Listen, Is.Empty);
    }

    [TestCase("")]
    [TestCase("# no allowances\n")]
    [TestCase("{}")]
    public void Empty_text_allows_nothing(string text)
    {
        var expectations = ExpectationsParser.Parse(text, Source);

        Assert.That(
            new[] { expectations.FilesRead, expectations.FilesWrite, expectations.Processes, expectations.Dns, expectations.Connect, expectations.Listen },
            Has.All.Empty);
    }

    [Test]
    public void Parts_left_out_are_empty()
    {
        var expectations = ExpectationsParser.Parse("network:\n  dns: [\"*.example.com\"]\n", Source);

        Assert.That(expectations.Dns, Is.EqualTo(new[] { "*.example.com" }));
        Assert.That(expectations.FilesRead, Is.Empty);
        Assert.That(expectations.Connect, Is.Empty);
    }

    [Test]
    public void Every_problem_is_reported_with_its_location_and_field_path()
    {
        var error = Assert.Throws<UserErrorException>(() => ExpectationsParser.Parse("""
            files:
              raed: ["/x"]
              write: "/tmp/**"
            processes: [dotnet]
            network:
              connect: ["example.com"]
            """, Source));

        Assert.That(error.Message.Split('\n'), Is.EqualTo(new[]
        {
            $"{Source}:2:3: files.raed: unknown field; did you mean 'read'?",
            $"{Source}:3:10: files.write: found '/tmp/**'; expected a list of globs, each an absolute path glob, like '/app/**' or '**/python3'",
            $"{Source}:4:13: processes[0]: found 'dotnet'; expected an absolute path glob, like '/app/**' or '**/python3'",
            $"{Source}:6:13: network.connect[0]: found 'example.com'; expected a host:port glob, like '127.0.0.1:8080' or '*:443', or a Unix socket path glob, like '/tmp/app-*.sock'",
        }));
    }

    [Test]
    public void Yaml_errors_carry_the_source_name()
    {
        var error = Assert.Throws<UserErrorException>(() => ExpectationsParser.Parse("files:\n  read: [\"/a\"]\n  read: []\n", Source));

        Assert.That(error.Message, Does.StartWith($"{Source}:3:3: files.read: duplicate key"));
    }
}
