namespace DynamicProbe.Sinkhole.Dns;

/// <summary>The response codes the fake server uses (RFC 1035 §4.1.1).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    FormErr = 1,
    NotImp = 4,
}
