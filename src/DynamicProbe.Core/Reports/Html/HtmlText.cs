using System.Net;

namespace DynamicProbe.Core.Reports.Html;

/// <summary>
/// Text for the HTML report: made inert first (<see cref="InertText"/>: a bidi override, a control or a byte that was
/// not UTF-8 shows as its escape, never acts), then HTML-encoded, so no value a target chose becomes markup.
/// </summary>
internal static class HtmlText
{
    public static string Of(string text) => WebUtility.HtmlEncode(InertText.Escape(text));

    /// <summary>For text already inert (<see cref="ConsoleReportWriter.Describe"/>): encoded only, not escaped twice.</summary>
    public static string OfInert(string inert) => WebUtility.HtmlEncode(inert);
}
