using System.Net;
using DynamicProbe.Sinkhole.Dns;

namespace DynamicProbe.Sinkhole.Tests.Dns;

public class FakeAddressBookTests
{
    private static readonly IPNetwork BenchmarkRange = IPNetwork.Parse("198.18.0.0/15");

    [Test]
    public void A_name_keeps_its_address_within_a_run_and_across_runs()
    {
        var first = new FakeAddressBook();
        var second = new FakeAddressBook();
        second.AddressFor("something-else.example.net");

        var address = first.AddressFor("c2.example.com");

        Assert.That(first.AddressFor("c2.example.com"), Is.EqualTo(address));
        Assert.That(first.AddressFor("C2.EXAMPLE.com"), Is.EqualTo(address), "DNS names are case-insensitive");
        Assert.That(second.AddressFor("c2.example.com"), Is.EqualTo(address), "a fresh book (a new run) gives the same address");
    }

    [Test]
    public void Addresses_map_back_to_the_name_as_first_asked()
    {
        var book = new FakeAddressBook();
        var address = book.AddressFor("Exfil.Example.com");

        Assert.That(book.NameFor(address), Is.EqualTo("Exfil.Example.com"));
        Assert.That(book.NameFor(address.MapToIPv6()), Is.EqualTo("Exfil.Example.com"), "IPv4-mapped IPv6");
        Assert.That(book.NameFor(FakeAddressBook.Ipv6Twin(address)), Is.EqualTo("Exfil.Example.com"));
        Assert.That(book.NameFor(IPAddress.Parse("203.0.113.7")), Is.Null);
        Assert.That(book.NameFor(IPAddress.Parse("198.18.0.1")), Is.Null.Or.Not.EqualTo("Exfil.Example.com"));
    }

    [Test]
    public void Thousands_of_names_get_distinct_usable_addresses_in_the_benchmark_range()
    {
        var book = new FakeAddressBook();
        var addresses = Enumerable.Range(0, 5000).Select(i => book.AddressFor($"n{i}.example.com")).ToList();

        Assert.That(addresses.Distinct().Count(), Is.EqualTo(5000), "collisions take the next free slot");
        Assert.That(addresses.All(BenchmarkRange.Contains), Is.True);
        Assert.That(addresses.Select(a => a.GetAddressBytes()[3]), Has.None.EqualTo(0).And.None.EqualTo(255));
        Assert.That(addresses.Select((a, i) => book.NameFor(a) == $"n{i}.example.com"), Has.All.True);
    }

    [Test]
    public void A_full_book_answers_the_overflow_address_which_maps_to_no_name()
    {
        var book = new FakeAddressBook(capacity: 3);
        for (var i = 0; i < 3; i++)
        {
            book.AddressFor($"n{i}.example.com");
        }

        var overflow = book.AddressFor("one-too-many.example.com");

        Assert.That(overflow, Is.EqualTo(FakeAddressBook.OverflowAddress));
        Assert.That(book.Count, Is.EqualTo(3));
        Assert.That(book.NameFor(overflow), Is.Null);
        Assert.That(book.AddressFor("n1.example.com"), Is.Not.EqualTo(overflow), "known names keep their address");
    }
}
