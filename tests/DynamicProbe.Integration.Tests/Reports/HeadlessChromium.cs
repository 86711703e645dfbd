using System.Diagnostics;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace DynamicProbe.Integration.Tests.Reports;

/// <summary>
/// Debian's Chromium, headless, opening a report page from a file and nothing else: no sandbox of its own (we run as
/// root), no GPU, no QUIC, no background networking, updates or sync, and a fresh profile removed afterwards. Installed
/// by <c>scripts/test-tools.sh</c>.
/// </summary>
internal static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";

    /// <summary>The DOM Chromium built from <paramref name="html"/> (written to a temporary file), parsed back for querying.</summary>
    public static async Task<IDocument> RenderAsync(string html, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("dynamicprobe-html-test-");
        try
        {
            var page = Path.Combine(folder.FullName, "report.html");
            await File.WriteAllTextAsync(page, html, cancellationToken);
            var dom = await RunAsync(Path.Combine(folder.FullName, "profile"), ["--dump-dom", new Uri(page).AbsoluteUri], cancellationToken);
            return await new HtmlParser().ParseDocumentAsync(dom, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string profile, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(flag);
        }

        using var chromium = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start; run scripts/test-tools.sh");
        var output = chromium.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = chromium.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await chromium.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!chromium.HasExited)
            {
                chromium.Kill(entireProcessTree: true);
            }
        }

        var dom = await output;
        return chromium.ExitCode == 0 && dom.Length > 0
            ? dom
            : throw new InvalidOperationException($"chromium exited with {chromium.ExitCode}: {await error}");
    }
}
