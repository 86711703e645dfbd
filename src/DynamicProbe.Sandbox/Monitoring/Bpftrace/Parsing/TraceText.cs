using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

/// <summary>
/// Turns the bytes of a kernel string (a file name, an argument) into text, losslessly: valid UTF-8 is kept as is,
/// control characters included (a newline in a file name stays a newline, for the reports to show inertly); a byte
/// that is not valid UTF-8 becomes a lone surrogate (<see cref="LosslessText"/>), never the text <c>\xNN</c>, which a
/// file could be named literally.
/// </summary>
internal static class TraceText
{
    public static string Decode(ReadOnlySpan<byte> bytes) => LosslessText.Decode(bytes);
}
