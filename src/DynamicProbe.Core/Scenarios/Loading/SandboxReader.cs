using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Reads the sandbox fields of a mapping over inherited values: the defaults for <c>sandbox</c>, the scenario's
/// sandbox for a variant. <c>env</c> is merged over the inherited variables; every other field replaces its value.
/// </summary>
internal static partial class SandboxReader
{
    public static readonly string[] Fields =
        ["image", "network", "timeout", "memory", "cpus", "pids", "user", "env", "hostname", "clock", "honeytokens"];

    // Docker refuses smaller memory limits; saying so here beats a Docker error at run time.
    private const long MinimumMemoryBytes = 6L * 1024 * 1024;

    public static SandboxSpec Defaults { get; } = new(
        Image: null,
        Network: NetworkMode.Sinkhole,
        Timeout: SandboxSpec.DefaultTimeout,
        MemoryBytes: SandboxSpec.DefaultMemoryBytes,
        Cpus: SandboxSpec.DefaultCpus,
        Pids: SandboxSpec.DefaultPids,
        User: SandboxSpec.DefaultUser,
        Env: new Dictionary<string, string>(),
        Hostname: null,
        Clock: null,
        Honeytokens: true);

    /// <summary>Reads the <c>sandbox</c> section; absent, it is all defaults.</summary>
    public static SandboxSpec Read(YamlNode? node, NodeReader reader)
    {
        if (node is null || reader.Mapping(node, "sandbox", Fields) is not { } fields)
        {
            return Defaults;
        }

        return ReadOver(fields, Defaults);
    }

    /// <summary>The sandbox fields written in <paramref name="fields"/> applied over <paramref name="inherited"/>.</summary>
    public static SandboxSpec ReadOver(MappingReader fields, SandboxSpec inherited)
    {
        var reader = fields.Reader;
        return new SandboxSpec(
            Image: Read(fields, "image", node => reader.Matching(node, fields.Path("image"), ImagePattern(), "an image name, like dynamicprobe/dotnet"))
                ?? inherited.Image,
            Network: ReadNetwork(fields) ?? inherited.Network,
            Timeout: fields.Duration("timeout", allowZero: false) ?? inherited.Timeout,
            MemoryBytes: Read(fields, "memory", node => reader.ByteSize(node, fields.Path("memory"), MinimumMemoryBytes, "6m"))
                ?? inherited.MemoryBytes,
            Cpus: Read(fields, "cpus", node => reader.PositiveNumber(node, fields.Path("cpus"))) ?? inherited.Cpus,
            Pids: fields.Integer("pids", 1, int.MaxValue) ?? inherited.Pids,
            User: Read(fields, "user", node => reader.Matching(node, fields.Path("user"), UserPattern(), "a user name or id, like probe or 1000:1000"))
                ?? inherited.User,
            Env: ReadEnv(fields, inherited.Env),
            Hostname: Read(fields, "hostname", node => reader.Matching(node, fields.Path("hostname"), HostnamePattern(), ExpectedHostname))
                ?? inherited.Hostname,
            Clock: Read(fields, "clock", node => reader.Timestamp(node, fields.Path("clock"))) ?? inherited.Clock,
            Honeytokens: fields.Boolean("honeytokens") ?? inherited.Honeytokens);
    }

    private const string ExpectedHostname =
        "a host name of letters, digits and '-' (dots between labels allowed), at most 63 characters, like payments-prod-01";

    private static T? Read<T>(MappingReader fields, string name, Func<YamlNode, T?> read) =>
        fields[name] is { } node ? read(node) : default;

    private static NetworkMode? ReadNetwork(MappingReader fields)
    {
        if (fields["network"] is not { } node)
        {
            return null;
        }

        const string expected = "none or sinkhole";
        return fields.Reader.Scalar(node, fields.Path("network"), expected) switch
        {
            null => null,
            "none" => NetworkMode.None,
            "sinkhole" => NetworkMode.Sinkhole,
            var other => Unknown(node, other),
        };

        NetworkMode? Unknown(YamlNode node, string text)
        {
            fields.Reader.Error(node, fields.Path("network"), $"found {NodeReader.Quote(text)}; expected {expected}");
            return null;
        }
    }

    private static IReadOnlyDictionary<string, string> ReadEnv(MappingReader fields, IReadOnlyDictionary<string, string> inherited)
    {
        if (fields["env"] is not { } node)
        {
            return inherited;
        }

        var written = fields.Reader.StringMap(
            node,
            fields.Path("env"),
            isValidName: name => name.Length > 0 && !name.Any(character => character == '=' || char.IsWhiteSpace(character) || char.IsControl(character)),
            expectedName: "an environment variable name, without '=' or spaces",
            isValidValue: value => !value.Contains('\0', StringComparison.Ordinal),
            expectedValue: "a string without NUL characters");
        if (written is null)
        {
            return inherited;
        }

        var merged = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
        foreach (var (name, value) in written)
        {
            merged[name] = value;
        }

        return merged;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/:@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*(:[A-Za-z0-9_][A-Za-z0-9._-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(?=.{1,63}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostnamePattern();
}
