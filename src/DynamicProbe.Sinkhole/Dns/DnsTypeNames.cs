using System.Globalization;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>Mnemonics of DNS record types; an unlisted type is shown as <c>TYPEnnn</c> (RFC 3597).</summary>
public static class DnsTypeNames
{
    public const ushort A = 1;
    public const ushort Txt = 16;
    public const ushort Aaaa = 28;
    public const ushort ClassInternet = 1;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [1] = "A", [2] = "NS", [5] = "CNAME", [6] = "SOA", [12] = "PTR", [13] = "HINFO", [15] = "MX", [16] = "TXT",
        [28] = "AAAA", [33] = "SRV", [35] = "NAPTR", [39] = "DNAME", [41] = "OPT", [43] = "DS", [46] = "RRSIG",
        [47] = "NSEC", [48] = "DNSKEY", [52] = "TLSA", [64] = "SVCB", [65] = "HTTPS", [99] = "SPF", [251] = "IXFR",
        [252] = "AXFR", [255] = "ANY", [256] = "URI", [257] = "CAA",
    };

    public static string Of(ushort type) =>
        Names.TryGetValue(type, out var name) ? name : "TYPE" + type.ToString(CultureInfo.InvariantCulture);
}
