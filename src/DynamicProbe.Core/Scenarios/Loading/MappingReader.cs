using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// One YAML mapping read against the fields it may hold. Unknown fields are reported at once, with the closest known
/// name as a suggestion; every written field's location is recorded for later checks.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _writtenFields = [];

    public MappingReader(NodeReader reader, YamlMappingNode node, string fieldPath, IReadOnlyList<string> knownFields)
    {
        Reader = reader;
        FieldPath = fieldPath;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || NodeReader.IsNull(key))
            {
                reader.Error(key, fieldPath, $"found {NodeReader.Describe(key)} as a key; expected a field name ({string.Join(", ", knownFields)})");
                continue;
            }

            var path = Path(name);
            reader.Locations.Record(path, reader.At(key));
            if (!knownFields.Contains(name, StringComparer.Ordinal))
            {
                reader.Error(key, path, $"unknown field; {FieldNameSuggestion.For(name, knownFields)}");
                continue;
            }

            _fields[name] = (key, value);
            _writtenFields.Add(name);
        }
    }

    public NodeReader Reader { get; }

    public string FieldPath { get; }

    /// <summary>The known fields present in the mapping, in file order, including those written as null.</summary>
    public IReadOnlyList<string> WrittenFields => _writtenFields;

    /// <summary>The field's value; null when it is absent or written as YAML null (both mean "use the default").</summary>
    public YamlNode? this[string name] =>
        _fields.TryGetValue(name, out var field) && !NodeReader.IsNull(field.Value) ? field.Value : null;

    public YamlNode KeyNode(string name) => _fields[name].Key;

    public string Path(string name) => FieldPaths.Field(FieldPath, name);

    /// <summary>The field's value, or a "missing" report and null.</summary>
    public YamlNode? Required(string name, string expected)
    {
        var value = this[name];
        if (value is null)
        {
            Reader.Missing(Path(name), expected);
        }

        return value;
    }

    public string? String(string name) => this[name] is { } node ? Reader.Scalar(node, Path(name), "a string") : null;

    public bool? Boolean(string name) => this[name] is { } node ? Reader.Boolean(node, Path(name)) : null;

    public int? Integer(string name, int minimum, int maximum) =>
        this[name] is { } node ? Reader.Integer(node, Path(name), minimum, maximum) : null;

    public TimeSpan? Duration(string name, bool allowZero) =>
        this[name] is { } node ? Reader.Duration(node, Path(name), allowZero) : null;
}
