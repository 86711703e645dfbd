using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>
/// Gives every DNS name its own fake address and maps addresses back to names. IPv4 addresses come from 198.18.0.0/15
/// (RFC 2544 benchmarking: never a real host). The slot is a hash of the lower-cased name, so the same name gets the
/// same address in every run (reports stay comparable); a collision takes the next free slot. The IPv6 twin of an
/// address is <c>fd00::</c> followed by the 32 IPv4 bits, so both families map back to the same name.
/// Bounded: after <see cref="Capacity"/> names every further name gets <see cref="OverflowAddress"/>, which maps
/// back to no name. Thread-safe.
/// </summary>
public sealed class FakeAddressBook
{
    public const int DefaultCapacity = 16384;

    /// <summary>Handed out once the book is full; never given to a single name.</summary>
    public static readonly IPAddress OverflowAddress = IPAddress.Parse("198.19.255.254");

    private const uint NetworkBase = (198u << 24) | (18u << 16); // 198.18.0.0
    private const int SlotCount = 1 << 17;                      // a /15

    private static ReadOnlySpan<byte> Ipv6Prefix => [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly object _gate = new();
    private readonly Dictionary<string, uint> _slotByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, string> _nameBySlot = [];

    public FakeAddressBook(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, SlotCount / 2);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _slotByKey.Count;
            }
        }
    }

    /// <summary>The fake IPv4 address of <paramref name="name"/> (presentation format), allocated on first use.</summary>
    public IPAddress AddressFor(string name)
    {
        var key = name.ToLowerInvariant(); // DNS names compare case-insensitively (0x20 randomisation must not split them)
        lock (_gate)
        {
            if (_slotByKey.TryGetValue(key, out var known))
            {
                return ToAddress(known);
            }

            if (_slotByKey.Count >= Capacity)
            {
                return OverflowAddress;
            }

            var slot = PreferredSlot(key);
            while (!IsUsable(slot) || _nameBySlot.ContainsKey(slot))
            {
                slot = (slot + 1) % SlotCount;
            }

            _slotByKey.Add(key, slot);
            _nameBySlot.Add(slot, name);
            return ToAddress(slot);
        }
    }

    /// <summary>The IPv6 twin (<c>fd00::/96</c> + the IPv4 bits) of a fake IPv4 address.</summary>
    public static IPAddress Ipv6Twin(IPAddress ipv4)
    {
        Span<byte> bytes = stackalloc byte[16];
        Ipv6Prefix.CopyTo(bytes);
        ipv4.TryWriteBytes(bytes[12..], out _);
        return new IPAddress(bytes);
    }

    /// <summary>The name a fake address (IPv4, its IPv6 twin, or IPv4-mapped IPv6) was given for, if any.</summary>
    public string? NameFor(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        uint value;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.TryWriteBytes(bytes, out _)
                 && bytes[..12].SequenceEqual(Ipv6Prefix))
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        }
        else
        {
            return null;
        }

        if ((value & ~(uint)(SlotCount - 1)) != NetworkBase)
        {
            return null;
        }

        lock (_gate)
        {
            return _nameBySlot.GetValueOrDefault(value - NetworkBase);
        }
    }

    private static uint PreferredSlot(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash) % SlotCount;
    }

    /// <summary>Skips addresses ending in .0 or .255 (some programs treat them as network or broadcast) and the overflow address.</summary>
    private static bool IsUsable(uint slot)
    {
        var lastOctet = slot & 0xFF;
        return lastOctet is not 0 and not 255 && ToAddress(slot).Equals(OverflowAddress) is false;
    }

    private static IPAddress ToAddress(uint slot)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, NetworkBase + slot);
        return new IPAddress(bytes);
    }
}
