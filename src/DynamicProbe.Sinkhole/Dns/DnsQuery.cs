namespace DynamicProbe.Sinkhole.Dns;

/// <summary>The parts of a DNS message the fake server needs: header fields and the questions.</summary>
/// <param name="QuestionCount">The count the header claims; <see cref="Questions"/> holds them all when it parsed.</param>
public sealed record DnsQuery(
    ushort Id,
    bool IsResponse,
    int Opcode,
    bool RecursionDesired,
    int QuestionCount,
    IReadOnlyList<DnsQuestion> Questions);
