using System.Xml;
using System.Xml.Schema;

namespace DynamicProbe.Core.Tests.Reports;

/// <summary>
/// Validates JUnit XML against Jenkins' junit-10.xsd (vendored in tests/tools/junit, copied beside the tests), the
/// schema Jenkins' xUnit plugin checks reports with. Shared with the integration tests, which link this file.
/// </summary>
internal static class JunitSchema
{
    /// <summary>Every error and warning the validation reports, with its line; empty when the report is valid.</summary>
    public static IReadOnlyList<string> Problems(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "junit-10.xsd"));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        var problems = new List<string>();
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} at line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return problems;
    }
}
