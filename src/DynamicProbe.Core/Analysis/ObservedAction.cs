using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// One thing a process did, in the terms expectations use: a kind and its subject (a resolved path, an
/// executable, or a <c>host:port</c> endpoint), with the event that shows it.
/// </summary>
public sealed record ObservedAction(ActionKind Kind, string Subject, ProbeEvent Event)
{
    /// <summary>
    /// For an endpoint whose address the sandbox's DNS gave out: the same endpoint by that name
    /// (<c>api.example.com:443</c>), which <c>expect.network.connect</c> may name instead of the address.
    /// </summary>
    public string? NamedSubject { get; init; }

    /// <summary>
    /// For a path reached through a symbolic link the phase made: the path as the program named it, while
    /// <see cref="Subject"/> is the file it reached.
    /// </summary>
    public string? Via { get; init; }

    /// <summary>How findings show the subject: the name first when there is one, and the link a path went through.</summary>
    public string Shown => (NamedSubject is null ? Subject : $"{NamedSubject} ({Subject})") + (Via is null ? "" : $" (via {Via})");
}
