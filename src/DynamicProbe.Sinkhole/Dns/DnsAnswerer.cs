using System.Text;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>
/// The fake resolver's policy: every name exists. A gets the name's fake IPv4 address, AAAA its IPv6 twin (only when
/// the pod routes IPv6 to the catcher, else an empty answer so programs fall back to IPv4), TXT a harmless string,
/// every other type an empty NOERROR. Malformed queries get FORMERR, other opcodes NOTIMP, and responses nothing.
/// </summary>
public sealed class DnsAnswerer(FakeAddressBook addresses, bool answerIpv6)
{
    /// <summary>The TXT answer: says nothing, runs nothing.</summary>
    public const string TxtAnswer = "ok";

    public DnsExchange Answer(ReadOnlySpan<byte> packet)
    {
        var parsed = DnsMessageParser.Parse(packet);
        if (parsed.HeaderSaysResponse)
        {
            return new DnsExchange(null, [], parsed.Problem ?? "a DNS response, not a query: not answered");
        }

        if (parsed.Query is not { } query)
        {
            var formErr = parsed.Id is { } id ? DnsResponseWriter.Write(id, 0, false, DnsResponseCode.FormErr, null, 0, []) : null;
            return new DnsExchange(formErr, [], parsed.Problem);
        }

        if (query.Opcode != 0)
        {
            var notImp = DnsResponseWriter.Write(
                query.Id, query.Opcode, query.RecursionDesired, DnsResponseCode.NotImp, query.Questions.FirstOrDefault(), 0, []);
            return new DnsExchange(
                notImp,
                [.. query.Questions.Select(q => new DnsAnsweredQuestion(q, DnsResponseCode.NotImp, null))],
                $"opcode {query.Opcode} is not a standard query");
        }

        if (query.Questions.Count != 1)
        {
            var formErr = DnsResponseWriter.Write(query.Id, 0, query.RecursionDesired, DnsResponseCode.FormErr, null, 0, []);
            return new DnsExchange(
                formErr,
                [.. query.Questions.Select(q => new DnsAnsweredQuestion(q, DnsResponseCode.FormErr, null))],
                $"{query.Questions.Count} questions in one query");
        }

        var question = query.Questions[0];
        var (data, text) = AnswerData(question);
        var response = DnsResponseWriter.Write(
            query.Id, 0, query.RecursionDesired, DnsResponseCode.NoError, question, question.Type, data);
        return new DnsExchange(response, [new DnsAnsweredQuestion(question, DnsResponseCode.NoError, text)], null);
    }

    private (byte[] Data, string? Text) AnswerData(DnsQuestion question)
    {
        if (question.Class != DnsTypeNames.ClassInternet)
        {
            return ([], null);
        }

        switch (question.Type)
        {
            case DnsTypeNames.A:
                var ipv4 = addresses.AddressFor(question.Name);
                return (ipv4.GetAddressBytes(), ipv4.ToString());
            case DnsTypeNames.Aaaa when answerIpv6:
                var ipv6 = FakeAddressBook.Ipv6Twin(addresses.AddressFor(question.Name));
                return (ipv6.GetAddressBytes(), ipv6.ToString());
            case DnsTypeNames.Txt:
                var txt = Encoding.ASCII.GetBytes(TxtAnswer);
                return ([(byte)txt.Length, .. txt], TxtAnswer);
            default:
                return ([], null);
        }
    }
}
