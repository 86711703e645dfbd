using System.Net;
using System.Text;
using DynamicProbe.Sinkhole.Dns;
using DynamicProbe.Sinkhole.Tests.Support;

namespace DynamicProbe.Sinkhole.Tests.Dns;

public class DnsAnswererTests
{
    [Test]
    public void A_gets_the_names_fake_address_from_the_benchmark_range()
    {
        var book = new FakeAddressBook();
        var exchange = new DnsAnswerer(book, answerIpv6: false).Answer(DnsPackets.Query("c2.example.com", 1, id: 77));

        var response = exchange.Response!;
        Assert.That(DnsPackets.Id(response), Is.EqualTo(77));
        Assert.That(DnsPackets.IsResponse(response), Is.True);
        Assert.That(DnsPackets.ResponseCode(response), Is.Zero);
        Assert.That(DnsPackets.AnswerCount(response), Is.EqualTo(1));
        var address = new IPAddress(DnsPackets.AnswerData(response));
        Assert.That(address, Is.EqualTo(book.AddressFor("c2.example.com")));
        Assert.That(address.GetAddressBytes()[..2], Is.EqualTo(new byte[] { 198, 18 }).Or.EqualTo(new byte[] { 198, 19 }));
        Assert.That(exchange.Answered.Single().Answer, Is.EqualTo(address.ToString()));
        Assert.That(exchange.Problem, Is.Null);
    }

    [Test]
    public void AAAA_is_empty_unless_ipv6_is_routed_and_then_the_twin_of_the_A_address()
    {
        var book = new FakeAddressBook();
        var query = DnsPackets.Query("c2.example.com", 28);

        var withoutIpv6 = new DnsAnswerer(book, answerIpv6: false).Answer(query);
        var withIpv6 = new DnsAnswerer(book, answerIpv6: true).Answer(query);

        Assert.That(DnsPackets.ResponseCode(withoutIpv6.Response!), Is.Zero);
        Assert.That(DnsPackets.AnswerCount(withoutIpv6.Response!), Is.Zero);
        Assert.That(withoutIpv6.Answered.Single().Answer, Is.Null);
        var ipv6 = new IPAddress(DnsPackets.AnswerData(withIpv6.Response!));
        Assert.That(ipv6, Is.EqualTo(FakeAddressBook.Ipv6Twin(book.AddressFor("c2.example.com"))));
        Assert.That(ipv6.ToString(), Does.StartWith("fd00::"));
        Assert.That(book.NameFor(ipv6), Is.EqualTo("c2.example.com"));
    }

    [Test]
    public void TXT_gets_a_harmless_string_and_other_types_an_empty_noerror()
    {
        var answerer = new DnsAnswerer(new FakeAddressBook(), answerIpv6: false);

        var txt = answerer.Answer(DnsPackets.Query("cmd.example.org", 16)).Response!;
        var mx = answerer.Answer(DnsPackets.Query("cmd.example.org", 15)).Response!;
        var https = answerer.Answer(DnsPackets.Query("cmd.example.org", 65)).Response!;

        var txtData = DnsPackets.AnswerData(txt);
        Assert.That(Encoding.ASCII.GetString(txtData, 1, txtData[0]), Is.EqualTo(DnsAnswerer.TxtAnswer));
        Assert.That(DnsPackets.AnswerCount(mx), Is.Zero);
        Assert.That(DnsPackets.ResponseCode(mx), Is.Zero);
        Assert.That(DnsPackets.AnswerCount(https), Is.Zero);
    }

    [Test]
    public void A_malformed_query_with_a_header_gets_formerr_and_a_problem()
    {
        byte[] packet = [0xAB, 0xCD, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, (byte)'x'];

        var exchange = new DnsAnswerer(new FakeAddressBook(), false).Answer(packet);

        Assert.That(DnsPackets.Id(exchange.Response!), Is.EqualTo(0xABCD));
        Assert.That(DnsPackets.ResponseCode(exchange.Response!), Is.EqualTo((int)DnsResponseCode.FormErr));
        Assert.That(exchange.Problem, Does.Contain("past the end"));
    }

    [Test]
    public void A_fragment_and_a_response_get_no_reply_at_all()
    {
        var answerer = new DnsAnswerer(new FakeAddressBook(), false);
        var response = DnsPackets.Query("example.com", 1, flags: 0x8180);

        Assert.That(answerer.Answer([1, 2, 3]).Response, Is.Null);
        Assert.That(answerer.Answer(response).Response, Is.Null, "answering responses could ping-pong");
        Assert.That(answerer.Answer(response).Problem, Does.Contain("response"));
    }

    [Test]
    public void Other_opcodes_get_notimp_and_two_questions_formerr()
    {
        var answerer = new DnsAnswerer(new FakeAddressBook(), false);
        var notify = DnsPackets.Query("example.com", 6, flags: 4 << 11);
        byte[] twoQuestions =
        [
            0, 9, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0,
            .. DnsPackets.Name("a.example.com"), 0, 1, 0, 1,
            .. DnsPackets.Name("b.example.com"), 0, 1, 0, 1,
        ];

        Assert.That(DnsPackets.ResponseCode(answerer.Answer(notify).Response!), Is.EqualTo((int)DnsResponseCode.NotImp));
        var two = answerer.Answer(twoQuestions);
        Assert.That(DnsPackets.ResponseCode(two.Response!), Is.EqualTo((int)DnsResponseCode.FormErr));
        Assert.That(two.Answered.Select(a => a.Question.Name), Is.EqualTo(new[] { "a.example.com", "b.example.com" }), "both are still recorded");
    }

    [Test]
    public void The_response_echoes_the_question_so_resolvers_accept_it()
    {
        var query = DnsPackets.Query("Mixed.Case.example.com", 1);

        var response = new DnsAnswerer(new FakeAddressBook(), false).Answer(query).Response!;

        var questionLength = query.Length - 12;
        Assert.That(response.AsSpan(12, questionLength).ToArray(), Is.EqualTo(query.AsSpan(12).ToArray()));
    }
}
