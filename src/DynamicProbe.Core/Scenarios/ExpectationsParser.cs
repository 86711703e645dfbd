using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios.Loading;

namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// Parses a standalone YAML text of the <c>expect:</c> shape, such as an image's default allowances file:
/// <code>
/// files: { read: ["/usr/share/dotnet/**"], write: ["/tmp/clr-debug-pipe-*"] }
/// processes: ["/usr/bin/sh"]
/// network: { dns: [], connect: [], listen: [] }
/// </code>
/// Every part is optional; an empty text allows nothing.
/// </summary>
public static class ExpectationsParser
{
    /// <param name="yamlText">The YAML text.</param>
    /// <param name="sourceName">Where the text came from (a file path), used as the file in error locations.</param>
    /// <exception cref="UserErrorException">
    /// The text is not valid YAML or not of the expected shape; the message has one <c>source:line:col: field: problem</c>
    /// line per problem.
    /// </exception>
    public static Expectations Parse(string yamlText, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);

        var errors = new ScenarioErrors();
        var root = YamlDocumentReader.Read(yamlText, sourceName, errors);
        errors.ThrowIfAny();

        var reader = new NodeReader(sourceName, errors, new FieldLocations(new SourceLocation(sourceName, 1, 1)));
        var expectations = ExpectationsReader.Read(root, string.Empty, reader);
        errors.ThrowIfAny();
        return expectations!;
    }
}
