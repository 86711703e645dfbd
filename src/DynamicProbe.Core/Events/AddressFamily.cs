namespace DynamicProbe.Core.Events;

public enum AddressFamily
{
    Inet,
    Inet6,
    Unix,
}
