using System.Text;
using DynamicProbe.Sinkhole.Tcp;

namespace DynamicProbe.Sinkhole.Tests.Tcp;

public class HttpRequestHeadTests
{
    [TestCase("GET / HTTP/1.1\r\n", true)]
    [TestCase("POS", true)]
    [TestCase("POST /upload HTTP/1.1\r\n", true)]
    [TestCase("PATCH /x HTTP/1.1\r\n", true)]
    [TestCase("GETX / HTTP/1.1\r\n", false)]
    [TestCase("SSH-2.0-OpenSSH_9.2\r\n", false)]
    [TestCase("\u0016\u0003\u0001", false)]
    public void Http_is_recognised_from_its_first_bytes(string start, bool isHttp)
    {
        Assert.That(HttpRequestHead.LooksLikeHttp(Encoding.Latin1.GetBytes(start)), Is.EqualTo(isHttp));
    }

    [Test]
    public void A_get_request_head_is_parsed_and_complete_without_a_body()
    {
        var bytes = "GET /stage2.sh?x=1 HTTP/1.1\r\nHost: dl.example.com\r\nUser-Agent: curl\r\n\r\n"u8;

        var head = HttpRequestHead.TryParse(bytes)!;

        Assert.That(head.Method, Is.EqualTo("GET"));
        Assert.That(head.Target, Is.EqualTo("/stage2.sh?x=1"));
        Assert.That(head.Host, Is.EqualTo("dl.example.com"));
        Assert.That(head.HeadLength, Is.EqualTo(bytes.Length));
        Assert.That(head.IsCompleteIn(bytes), Is.True);
    }

    [Test]
    public void A_post_is_complete_only_once_its_content_length_has_arrived()
    {
        var headText = "POST /collect HTTP/1.1\r\nhost: c2.example.org\r\ncontent-length: 10\r\nExpect: 100-continue\r\n\r\n";
        var partial = Encoding.ASCII.GetBytes(headText + "12345");
        var whole = Encoding.ASCII.GetBytes(headText + "1234567890");

        var head = HttpRequestHead.TryParse(partial)!;

        Assert.That(head.ContentLength, Is.EqualTo(10));
        Assert.That(head.ExpectsContinue, Is.True);
        Assert.That(head.IsCompleteIn(partial), Is.False);
        Assert.That(head.IsCompleteIn(whole), Is.True);
    }

    [Test]
    public void A_chunked_body_is_complete_at_its_last_chunk()
    {
        var head = "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        var open = Encoding.ASCII.GetBytes(head + "5\r\nhello\r\n");
        var closed = Encoding.ASCII.GetBytes(head + "5\r\nhello\r\n0\r\n\r\n");

        Assert.That(HttpRequestHead.TryParse(open)!.IsCompleteIn(open), Is.False);
        Assert.That(HttpRequestHead.TryParse(closed)!.IsCompleteIn(closed), Is.True);
    }

    [Test]
    public void An_unfinished_head_has_its_request_line_but_is_not_complete()
    {
        var head = HttpRequestHead.TryParse("GET /a HTTP/1.1\r\nHost: x"u8)!;

        Assert.That(head.Target, Is.EqualTo("/a"));
        Assert.That(head.HeadComplete, Is.False);
        Assert.That(HttpRequestHead.TryParse("GET /a HTT"u8), Is.Null, "no request line yet");
    }

    [Test]
    public void Hostile_bytes_in_the_request_line_are_made_printable()
    {
        var head = HttpRequestHead.TryParse("GET /\u0001\\ HTTP/1.1\r\n\r\n"u8)!;

        Assert.That(head.Target, Is.EqualTo(@"/\x01\\"));
    }

    [TestCase("GET", "/install.sh", "#!/bin/sh\necho second-stage-ran\n")]
    [TestCase("GET", "/payload", "#!/bin/sh\necho second-stage-ran\n")]
    [TestCase("GET", "/stage.py?v=2", "print(\"second-stage-ran\")\n")]
    [TestCase("GET", "/x.js", "console.log(\"second-stage-ran\");\n")]
    [TestCase("POST", "/exfil", "ok\n")]
    public void Responses_are_200_with_a_harmless_body_fit_for_the_path(string method, string target, string body)
    {
        var response = Encoding.ASCII.GetString(HttpResponses.For(new HttpRequestHead(method, target, null, 10, null, false, false)));

        Assert.That(response, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(response, Does.Contain($"Content-Length: {body.Length}\r\n"));
        Assert.That(response, Does.EndWith("\r\n\r\n" + body));
    }

    [Test]
    public void A_head_request_gets_headers_only()
    {
        var response = Encoding.ASCII.GetString(HttpResponses.For(new HttpRequestHead("HEAD", "/a.sh", null, 10, null, false, false)));

        Assert.That(response, Does.EndWith("\r\n\r\n"));
        Assert.That(response, Does.Not.Contain("second-stage-ran"));
    }
}
