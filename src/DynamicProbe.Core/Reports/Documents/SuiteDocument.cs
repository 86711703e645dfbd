namespace DynamicProbe.Core.Reports.Documents;

/// <summary>
/// The whole suite a shard was cut from: how many scenarios it has, a hash of their sorted names (its identity: every
/// shard of one suite has the same), and their names in the order one run of the whole suite reports them.
/// </summary>
public sealed record SuiteDocument(int Scenarios, string Hash, IReadOnlyList<string> Order);
