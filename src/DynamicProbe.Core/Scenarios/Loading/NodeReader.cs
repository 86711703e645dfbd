using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Reads typed values out of YAML nodes by hand. A value of the wrong shape is reported (where it is, what was found,
/// what was expected) and read as null, so the caller can go on and report the file's other problems too.
/// </summary>
internal sealed partial class NodeReader(string file, ScenarioErrors errors, FieldLocations locations)
{
    private const int MaxQuotedLength = 60;

    public ScenarioErrors Errors => errors;

    public FieldLocations Locations => locations;

    public SourceLocation At(YamlNode node) => YamlDocumentReader.Locate(file, node.Start);

    public void Error(YamlNode node, string fieldPath, string message) => errors.Add(At(node), fieldPath, message);

    /// <summary>Reports a field that is required but absent, where its enclosing field was written.</summary>
    public void Missing(string fieldPath, string expected) =>
        errors.Add(locations.Nearest(FieldPaths.Parent(fieldPath)), fieldPath, $"missing; expected {expected}");

    /// <summary>Reports a field written with nothing after its colon where a value is required.</summary>
    public void MissingValue(string fieldPath, string expected) =>
        errors.Add(locations.Nearest(fieldPath), fieldPath, $"found nothing; expected {expected}");

    /// <summary>YAML's null: nothing after the colon, <c>~</c> or <c>null</c>, unquoted. Fields treat it as not given.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>What a node is, for "found …" in messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => Quote(scalar.Value ?? string.Empty),
        _ => "an alias",
    };

    public static string Quote(string text)
    {
        var shown = text.Length > MaxQuotedLength ? text[..(MaxQuotedLength - 1)] + "…" : text;
        return $"'{shown.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)}'";
    }

    public MappingReader? Mapping(YamlNode node, string fieldPath, IReadOnlyList<string> knownFields)
    {
        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(this, mapping, fieldPath, knownFields);
        }

        Error(node, fieldPath, $"found {Describe(node)}; expected a mapping with the fields {string.Join(", ", knownFields)}");
        return null;
    }

    /// <summary>The text of a scalar; anything else is reported.</summary>
    public string? Scalar(YamlNode node, string fieldPath, string expected)
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node, fieldPath, $"found {Describe(node)}; expected {expected}");
        return null;
    }

    public string? NonEmptyString(YamlNode node, string fieldPath, string expected = "a non-empty string")
    {
        var text = Scalar(node, fieldPath, expected);
        if (text is { Length: 0 })
        {
            Error(node, fieldPath, $"found an empty string; expected {expected}");
            return null;
        }

        return text;
    }

    public string? Matching(YamlNode node, string fieldPath, Regex pattern, string expected)
    {
        var text = Scalar(node, fieldPath, expected);
        return text is null ? null : Check(text, pattern.IsMatch(text), node, fieldPath, expected);
    }

    public int? Integer(YamlNode node, string fieldPath, int minimum, int maximum)
    {
        var expected = maximum == int.MaxValue
            ? $"a whole number of at least {minimum}"
            : $"a whole number from {minimum} to {maximum}";
        var text = Scalar(node, fieldPath, expected);
        if (text is null)
        {
            return null;
        }

        var valid = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= minimum && value <= maximum;
        return Check<int?>(value, valid, text, node, fieldPath, expected);
    }

    public double? PositiveNumber(YamlNode node, string fieldPath)
    {
        const string expected = "a number greater than 0, like 1 or 0.5";
        var text = Scalar(node, fieldPath, expected);
        if (text is null)
        {
            return null;
        }

        var valid = double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value > 0;
        return Check<double?>(value, valid, text, node, fieldPath, expected);
    }

    public bool? Boolean(YamlNode node, string fieldPath)
    {
        const string expected = "true or false";
        var text = Scalar(node, fieldPath, expected);
        return text?.ToUpperInvariant() switch
        {
            null => null,
            "TRUE" => true,
            "FALSE" => false,
            _ => Check<bool?>(null, false, text, node, fieldPath, expected),
        };
    }

    public TimeSpan? Duration(YamlNode node, string fieldPath, bool allowZero)
    {
        var expected = allowZero ? DurationFormat.Expected : DurationFormat.Expected + ", greater than 0";
        var text = Scalar(node, fieldPath, expected);
        if (text is null)
        {
            return null;
        }

        var valid = DurationFormat.TryParse(text, out var duration) && (allowZero || duration > TimeSpan.Zero);
        if (!valid && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            expected += $" (a bare number has no unit: write {text}s for seconds or {text}ms for milliseconds)";
        }

        return Check<TimeSpan?>(duration, valid, text, node, fieldPath, expected);
    }

    public long? ByteSize(YamlNode node, string fieldPath, long minimum, string minimumText)
    {
        var expected = $"{ByteSizeFormat.Expected}, at least {minimumText}";
        var text = Scalar(node, fieldPath, expected);
        if (text is null)
        {
            return null;
        }

        var valid = ByteSizeFormat.TryParse(text, out var bytes) && bytes >= minimum;
        return Check<long?>(bytes, valid, text, node, fieldPath, expected);
    }

    /// <summary>An ISO-8601 timestamp with a time zone (<c>Z</c> or an offset), so it means the same instant everywhere.</summary>
    public DateTimeOffset? Timestamp(YamlNode node, string fieldPath)
    {
        const string expected = "an ISO-8601 timestamp with a time zone, like \"2031-01-01T00:00:00Z\" or \"2031-01-01T09:00:00+09:00\"";
        var text = Scalar(node, fieldPath, expected);
        if (text is null)
        {
            return null;
        }

        var instant = default(DateTimeOffset);
        var valid = TimestampPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
        return Check<DateTimeOffset?>(instant, valid, text, node, fieldPath, expected);
    }

    /// <summary>A list of scalars, each checked by <paramref name="isValidItem"/> when given.</summary>
    public IReadOnlyList<string>? StringList(
        YamlNode node,
        string fieldPath,
        string expected,
        Func<string, bool>? isValidItem = null,
        string? expectedItem = null)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, fieldPath, $"found {Describe(node)}; expected {expected}");
            return null;
        }

        var items = new List<string>(sequence.Children.Count);
        var allValid = true;
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            var itemPath = FieldPaths.Item(fieldPath, index);
            var itemExpected = expectedItem ?? "a string";
            var text = Scalar(item, itemPath, itemExpected);
            if (text is not null && isValidItem is not null && !isValidItem(text))
            {
                Error(item, itemPath, $"found {Quote(text)}; expected {itemExpected}");
                text = null;
            }

            allValid &= text is not null;
            if (text is not null)
            {
                items.Add(text);
            }
        }

        return allValid ? items : null;
    }

    /// <summary>
    /// A mapping of names to scalar values. A null value is refused rather than read as empty, since
    /// <c>NAME:</c> with nothing after it may just be unfinished; an empty value is written <c>NAME: ""</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? StringMap(
        YamlNode node,
        string fieldPath,
        Func<string, bool> isValidName,
        string expectedName,
        Func<string, bool> isValidValue,
        string expectedValue)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, fieldPath, $"found {Describe(node)}; expected a mapping of NAME: value");
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var allValid = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = Scalar(keyNode, fieldPath, expectedName);
            if (name is null)
            {
                allValid = false;
                continue;
            }

            var entryPath = FieldPaths.Field(fieldPath, name);
            if (!isValidName(name))
            {
                Error(keyNode, entryPath, $"found the name {Quote(name)}; expected {expectedName}");
                allValid = false;
                continue;
            }

            var value = IsNull(valueNode)
                ? ReportNullValue(valueNode, entryPath, name)
                : Scalar(valueNode, entryPath, "a string");
            if (value is not null && !isValidValue(value))
            {
                Error(valueNode, entryPath, $"found {Quote(value)}; expected {expectedValue}");
                value = null;
            }

            if (value is null)
            {
                allValid = false;
                continue;
            }

            result[name] = value;
        }

        return allValid ? result : null;
    }

    private string? ReportNullValue(YamlNode valueNode, string entryPath, string name)
    {
        Error(valueNode, entryPath, $"found nothing; expected a value (write {name}: \"\" for an empty one)");
        return null;
    }

    private T? Check<T>(T value, bool valid, string text, YamlNode node, string fieldPath, string expected)
    {
        if (valid)
        {
            return value;
        }

        Error(node, fieldPath, $"found {Quote(text)}; expected {expected}");
        return default;
    }

    private string? Check(string text, bool valid, YamlNode node, string fieldPath, string expected) =>
        Check<string?>(text, valid, text, node, fieldPath, expected);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
