using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// A honeytoken's secret seen leaving the program through one channel. <paramref name="Destination"/> identifies
/// where it went (findings are one per honeytoken and destination); <paramref name="Verb"/> and <paramref name="Place"/>
/// say it in words around the form: "sent" base64-encoded "over TCP to x.example.com:443".
/// </summary>
internal sealed record LeakSighting(
    Honeytoken Token, string Destination, string Verb, string Place, LeakForm Form, IReadOnlyList<ProbeEvent> Evidence);
