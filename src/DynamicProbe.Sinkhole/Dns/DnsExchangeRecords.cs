using DynamicProbe.Sinkhole.Records;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>Turns a DNS exchange into records: one per question, and an error when the message was malformed.</summary>
public static class DnsExchangeRecords
{
    public static IEnumerable<SinkholeRecord> For(DnsExchange exchange, DateTimeOffset time, string transport, int sourcePort)
    {
        foreach (var answered in exchange.Answered)
        {
            var question = answered.Question;
            yield return new DnsQueryRecord(
                time,
                transport,
                sourcePort,
                question.Name,
                DnsTypeNames.Of(question.Type),
                question.Type,
                question.Class,
                answered.ResponseCode.ToString().ToUpperInvariant(),
                answered.Answer);
        }

        if (exchange.Problem is { } problem)
        {
            yield return new ErrorRecord(time, "dns", $"{transport} query from port {sourcePort}: {problem}");
        }
    }
}
