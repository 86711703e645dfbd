using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// One thing a process did, in the terms expectations use: a kind and its subject (a resolved path, an
/// executable, or a <c>host:port</c> endpoint), with the event that shows it.
/// </summary>
public sealed record ObservedAction(ActionKind Kind, string Subject, ProbeEvent Event);
