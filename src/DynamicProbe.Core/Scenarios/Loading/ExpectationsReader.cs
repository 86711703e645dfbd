using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Reads the <c>expect</c> shape (files.read/write, processes, network.dns/connect/listen), wherever it appears:
/// a scenario's <c>expect</c> and <c>build.expect</c>, or a whole allowances file.
/// </summary>
internal static class ExpectationsReader
{
    private static readonly string[] TopFields = ["files", "processes", "network"];
    private static readonly string[] FileFields = ["read", "write"];
    private static readonly string[] NetworkFields = ["dns", "connect", "listen"];

    private const string PathGlob = "an absolute path glob, like '/app/**' or '**/python3'";
    private const string NameGlob = "a DNS name glob, like 'api.example.com' or '*.example.com'";
    private const string EndpointGlob = "a host:port glob, like '127.0.0.1:8080' or '*:443', or a Unix socket path glob, like '/tmp/app-*.sock'";

    /// <returns>The expectations; <see cref="Expectations.Empty"/> for a null node; null when something was wrong.</returns>
    public static Expectations? Read(YamlNode? node, string fieldPath, NodeReader reader)
    {
        if (node is null || NodeReader.IsNull(node))
        {
            return Expectations.Empty;
        }

        var fields = reader.Mapping(node, fieldPath, TopFields);
        if (fields is null)
        {
            return null;
        }

        var files = fields["files"] is { } filesNode ? reader.Mapping(filesNode, fields.Path("files"), FileFields) : null;
        var network = fields["network"] is { } networkNode ? reader.Mapping(networkNode, fields.Path("network"), NetworkFields) : null;

        var read = Globs(files, "read", PathGlob, IsPathGlob);
        var write = Globs(files, "write", PathGlob, IsPathGlob);
        var processes = Globs(fields, "processes", PathGlob, IsPathGlob);
        var dns = Globs(network, "dns", NameGlob, IsNameGlob);
        var connect = Globs(network, "connect", EndpointGlob, IsEndpointGlob);
        var listen = Globs(network, "listen", EndpointGlob, IsEndpointGlob);

        return reader.Errors.AnyAt(fieldPath)
            ? null
            : new Expectations(read!, write!, processes!, dns!, connect!, listen!);
    }

    private static IReadOnlyList<string>? Globs(MappingReader? mapping, string name, string expectedItem, Func<string, bool> isValid)
    {
        if (mapping?[name] is not { } node)
        {
            return [];
        }

        return mapping.Reader.StringList(node, mapping.Path(name), $"a list of globs, each {expectedItem}", isValid, expectedItem);
    }

    // Events carry resolved absolute paths: a relative glob could never match, so it is surely a mistake.
    private static bool IsPathGlob(string glob) => glob.StartsWith('/') || glob.StartsWith('*');

    private static bool IsNameGlob(string glob) => glob.Length > 0 && !glob.Any(char.IsWhiteSpace);

    // Unix sockets are named by their path: /var/run/nscd/socket, /tmp/dotnet-diagnostic-*.
    private static bool IsEndpointGlob(string glob) =>
        glob is "*" or "**" || ((glob.Contains(':', StringComparison.Ordinal) || glob.StartsWith('/')) && !glob.Any(char.IsWhiteSpace));
}
