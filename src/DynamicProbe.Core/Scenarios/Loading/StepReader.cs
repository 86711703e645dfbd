using System.Net;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>Reads <c>steps</c>: a list whose items are single-key mappings naming the step kind.</summary>
internal static partial class StepReader
{
    private const string FieldPath = "steps";
    private const string ExpectedSteps = "a list of at least one step, like '- run: {}' or '- start: {}'";
    private static readonly string[] Kinds = ["start", "wait_for", "http", "exec", "sleep", "stop", "run"];
    private static readonly string[] Signals = ["HUP", "INT", "QUIT", "ABRT", "KILL", "USR1", "USR2", "PIPE", "ALRM", "TERM"];

    /// <returns>Every step, or null when any of them was wrong (reported).</returns>
    public static IReadOnlyList<ScenarioStep>? ReadAll(YamlNode? node, NodeReader reader)
    {
        if (node is null)
        {
            reader.Missing(FieldPath, ExpectedSteps);
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            var found = node is YamlSequenceNode ? "an empty list" : NodeReader.Describe(node);
            reader.Error(node, FieldPath, $"found {found}; expected {ExpectedSteps}");
            return null;
        }

        var steps = new List<ScenarioStep>(sequence.Children.Count);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            if (ReadOne(sequence.Children[index], FieldPaths.Item(FieldPath, index), reader) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps.Count == sequence.Children.Count ? steps : null;
    }

    private static ScenarioStep? ReadOne(YamlNode item, string itemPath, NodeReader reader)
    {
        var expected = $"a mapping with one key naming the step ({string.Join(", ", Kinds)})";
        if (item is YamlScalarNode { Value: { } bare } && Kinds.Contains(bare, StringComparer.Ordinal))
        {
            reader.Error(item, itemPath, $"found {NodeReader.Quote(bare)}; expected {expected}, like '- {bare}: {{}}'");
            return null;
        }

        if (item is not YamlMappingNode mapping)
        {
            reader.Error(item, itemPath, $"found {NodeReader.Describe(item)}; expected {expected}");
            return null;
        }

        if (mapping.Children.Count != 1)
        {
            var keys = string.Join(", ", mapping.Children.Keys.Select(NodeReader.Describe));
            var found = mapping.Children.Count == 0 ? "an empty mapping" : $"{mapping.Children.Count} keys ({keys})";
            reader.Error(item, itemPath, $"found {found}; expected {expected}. Start each step with its own '-' and indent its fields under it");
            return null;
        }

        var fields = new MappingReader(reader, mapping, itemPath, Kinds);
        if (fields.WrittenFields.Count == 0)
        {
            return null;
        }

        var kind = fields.WrittenFields[0];
        var location = reader.At(item);
        var value = fields[kind];
        var path = fields.Path(kind);
        return kind switch
        {
            "start" => Start(value, path, location, reader),
            "wait_for" => WaitFor(value, path, location, reader),
            "http" => Http(value, path, location, reader),
            "exec" => Exec(value, path, location, reader),
            "sleep" => Sleep(value, path, location, reader),
            "stop" => Stop(value, path, location, reader),
            _ => Run(value, path, location, reader),
        };
    }

    private static StartStep? Start(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        if (value is not null && reader.Mapping(value, path, []) is null)
        {
            return null;
        }

        return reader.Errors.AnyAt(path) ? null : new StartStep(location);
    }

    private static WaitForStep? WaitFor(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        if (Fields(value, path, ["port", "timeout"], "a mapping with 'port' (and optionally 'timeout'), like { port: 8080, timeout: 20s }", reader) is not { } fields)
        {
            return null;
        }

        var port = fields.Required("port", "the TCP port to wait for, like 8080") is { } portNode
            ? reader.Integer(portNode, fields.Path("port"), 1, 65535)
            : null;
        var timeout = fields.Duration("timeout", allowZero: false) ?? StepDefaults.WaitForTimeout;
        return reader.Errors.AnyAt(path) || port is null ? null : new WaitForStep(location, port.Value, timeout);
    }

    private static HttpStep? Http(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        const string expected = "a mapping with 'url' (and optionally method, body, headers, expect_status, expect_body_contains, timeout)";
        if (Fields(value, path, ["method", "url", "body", "headers", "expect_status", "expect_body_contains", "timeout"], expected, reader) is not { } fields)
        {
            return null;
        }

        var method = fields["method"] is { } methodNode
            ? reader.Matching(methodNode, fields.Path("method"), HttpMethodPattern(), "an HTTP method, like GET or POST")?.ToUpperInvariant()
            : StepDefaults.HttpMethod;
        var url = fields.Required("url", "an absolute http:// or https:// URL") is { } urlNode ? Url(urlNode, fields.Path("url"), reader) : null;
        var body = fields.String("body");
        var headers = fields["headers"] is { } headersNode
            ? reader.StringMap(
                headersNode,
                fields.Path("headers"),
                isValidName: HeaderNamePattern().IsMatch,
                expectedName: "an HTTP header name, like Content-Type",
                isValidValue: headerValue => !headerValue.Any(char.IsControl),
                expectedValue: "a header value on one line")
            : new Dictionary<string, string>();
        var status = fields.Integer("expect_status", 100, 599);
        var bodyContains = fields["expect_body_contains"] is { } containsNode
            ? reader.NonEmptyString(containsNode, fields.Path("expect_body_contains"))
            : null;
        var timeout = fields.Duration("timeout", allowZero: false) ?? StepDefaults.HttpTimeout;

        return reader.Errors.AnyAt(path) || method is null || url is null || headers is null
            ? null
            : new HttpStep(location, method, url, body, headers, status, bodyContains, timeout);
    }

    private static Uri? Url(YamlNode node, string path, NodeReader reader)
    {
        const string expected = "an absolute http:// or https:// URL, like \"http://127.0.0.1:8080/health\"";
        var text = reader.Scalar(node, path, expected);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            reader.Error(node, path, $"found {NodeReader.Quote(text)}; expected {expected}");
            return null;
        }

        if (!IsLoopback(url))
        {
            reader.Error(
                node,
                path,
                $"found {NodeReader.Quote(text)}, whose host {url.Host} is not on the sandbox's loopback; expected a URL on 127.0.0.1 "
                + "(or another 127.x.y.z), [::1] or localhost: the request is made inside the sandbox's own network namespace, "
                + "where only loopback reaches the target");
            return null;
        }

        return url;
    }

    /// <summary>Only loopback hosts: <c>localhost</c> is taken to mean 127.0.0.1, never looked up.</summary>
    private static bool IsLoopback(Uri url) =>
        url.HostNameType switch
        {
            UriHostNameType.Dns => url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase),
            UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address),
            _ => false,
        };

    private static ExecStep? Exec(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        const string expected = "a non-empty list: the program and its arguments, like [\"sh\", \"-c\", \"ls /tmp\"]";
        if (value is null)
        {
            reader.MissingValue(path, expected);
            return null;
        }

        var argv = reader.StringList(value, path, expected);
        if (argv is null)
        {
            return null;
        }

        if (argv.Count == 0 || argv[0].Length == 0)
        {
            reader.Error(value, path, $"found {(argv.Count == 0 ? "an empty list" : "an empty program name")}; expected {expected}");
            return null;
        }

        return new ExecStep(location, argv);
    }

    private static SleepStep? Sleep(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        if (value is null)
        {
            reader.MissingValue(path, DurationFormat.Expected);
            return null;
        }

        return reader.Duration(value, path, allowZero: true) is { } duration ? new SleepStep(location, duration) : null;
    }

    private static StopStep? Stop(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        var fields = value is null ? null : reader.Mapping(value, path, ["signal", "grace"]);
        if (value is not null && fields is null)
        {
            return null;
        }

        var signal = fields?["signal"] is { } signalNode ? Signal(signalNode, fields.Path("signal"), reader) : StepDefaults.StopSignal;
        var grace = fields?.Duration("grace", allowZero: true) ?? StepDefaults.StopGrace;
        return reader.Errors.AnyAt(path) || signal is null ? null : new StopStep(location, signal, grace);
    }

    /// <summary>A signal name, with or without <c>SIG</c>, in any case; kept as the bare upper-case name.</summary>
    private static string? Signal(YamlNode node, string path, NodeReader reader)
    {
        var expected = $"a signal name: {string.Join(", ", Signals)}";
        var text = reader.Scalar(node, path, expected);
        if (text is null)
        {
            return null;
        }

        var name = text.ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        if (Signals.Contains(name, StringComparer.Ordinal))
        {
            return name;
        }

        reader.Error(node, path, $"found {NodeReader.Quote(text)}; expected {expected}");
        return null;
    }

    private static RunStep? Run(YamlNode? value, string path, SourceLocation location, NodeReader reader)
    {
        var fields = value is null ? null : reader.Mapping(value, path, ["expect_exit", "stdin", "stdout_contains"]);
        if (value is not null && fields is null)
        {
            return null;
        }

        var expectExit = fields?.Integer("expect_exit", 0, 255);
        var stdin = fields?.String("stdin");
        var stdoutContains = fields?["stdout_contains"] is { } containsNode
            ? reader.NonEmptyString(containsNode, fields.Path("stdout_contains"))
            : null;
        return reader.Errors.AnyAt(path) ? null : new RunStep(location, expectExit, stdin, stdoutContains);
    }

    /// <summary>The step's mapping; a step written with nothing after its colon is reported as missing its fields.</summary>
    private static MappingReader? Fields(YamlNode? value, string path, string[] known, string expected, NodeReader reader)
    {
        if (value is null)
        {
            reader.MissingValue(path, expected);
            return null;
        }

        return reader.Mapping(value, path, known);
    }

    [GeneratedRegex("^[A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HttpMethodPattern();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();
}
