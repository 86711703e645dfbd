using System.Globalization;
using System.Text;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>
/// Plausible answers to plain HTTP, so a program goes on to its next step where it can be watched. A GET gets a tiny
/// harmless "second stage" in the language its path suggests (a shell script by default): a downloader that runs what
/// it fetched runs something that only prints <see cref="SecondStageMarker"/>. Other methods get a short "ok".
/// </summary>
public static class HttpResponses
{
    /// <summary>What every second stage prints when run, so a test or a report can see that it ran.</summary>
    public const string SecondStageMarker = "second-stage-ran";

    /// <summary>The interim answer to <c>Expect: 100-continue</c>, without which curl waits a second before sending a body.</summary>
    public static ReadOnlySpan<byte> Continue => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    public static byte[] For(HttpRequestHead request)
    {
        var (contentType, body) = request.Method switch
        {
            "GET" or "HEAD" => SecondStage(request.Target),
            _ => ("text/plain", "ok\n"),
        };
        var bodyBytes = Encoding.ASCII.GetBytes(body);
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: {contentType}\r\nContent-Length: {bodyBytes.Length}\r\nConnection: close\r\n\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head);
        return request.Method == "HEAD" ? headBytes : [.. headBytes, .. bodyBytes];
    }

    private static (string ContentType, string Body) SecondStage(string target)
    {
        var path = target.Split('?', '#')[0];
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".py" => ("text/x-python", $"print(\"{SecondStageMarker}\")\n"),
            ".js" or ".mjs" or ".cjs" => ("application/javascript", $"console.log(\"{SecondStageMarker}\");\n"),
            ".ps1" => ("text/plain", $"Write-Output \"{SecondStageMarker}\"\n"),
            ".json" => ("application/json", $"{{\"status\":\"ok\",\"marker\":\"{SecondStageMarker}\"}}\n"),
            ".html" or ".htm" => ("text/html", $"<html><body>{SecondStageMarker}</body></html>\n"),
            _ => ("application/octet-stream", $"#!/bin/sh\necho {SecondStageMarker}\n"),
        };
    }
}
