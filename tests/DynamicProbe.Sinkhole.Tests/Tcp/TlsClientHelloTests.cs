using DynamicProbe.Sinkhole.Tcp;
using DynamicProbe.Sinkhole.Tests.Support;

namespace DynamicProbe.Sinkhole.Tests.Tcp;

public class TlsClientHelloTests
{
    [Test]
    public void The_server_name_of_a_real_curl_client_hello_is_read()
    {
        var view = TlsClientHello.Inspect(ClientHellos.Curl);

        Assert.That(view.ServerName, Is.EqualTo(ClientHellos.CurlServerName));
        Assert.That(view.IsComplete, Is.True);
    }

    [Test]
    public void A_client_hello_spread_over_several_records_is_reassembled()
    {
        var split = ClientHellos.Split("split.example.net", maxRecordPayload: 20);

        var view = TlsClientHello.Inspect(split);

        Assert.That(view.ServerName, Is.EqualTo("split.example.net"));
        Assert.That(view.IsComplete, Is.True);
    }

    [Test]
    public void A_partial_client_hello_is_not_complete_yet()
    {
        var hello = ClientHellos.Built("partial.example.com");

        var view = TlsClientHello.Inspect(hello.AsSpan(0, hello.Length - 10));

        Assert.That(view.IsComplete, Is.False);
        Assert.That(TlsClientHello.LooksLikeTls(hello.AsSpan(0, 1)), Is.True, "one byte is enough to keep waiting");
    }

    [Test]
    public void A_hostile_server_name_is_made_printable()
    {
        var view = TlsClientHello.Inspect(ClientHellos.Built("evil\n\"name\\"));

        Assert.That(view.ServerName, Is.EqualTo(@"evil\x0a""name\\"));
    }

    [Test]
    public void Http_and_garbage_are_not_tls_and_never_throw()
    {
        Assert.That(TlsClientHello.LooksLikeTls("GET / HTTP/1.1\r\n"u8), Is.False);
        Assert.That(TlsClientHello.Inspect("GET / HTTP/1.1\r\n"u8).ServerName, Is.Null);
        var random = new Random(99);
        var hello = ClientHellos.Curl;
        for (var i = 0; i < 5000; i++)
        {
            var mutated = hello.AsSpan(0, random.Next(0, hello.Length)).ToArray();
            if (mutated.Length > 6)
            {
                mutated[random.Next(6, mutated.Length)] = (byte)random.Next(256); // keep the header, break a length
            }

            Assert.DoesNotThrow(() => TlsClientHello.Inspect(mutated));
        }
    }
}
