namespace DynamicProbe.Core.Reports.Documents;

/// <summary>
/// Which part of a suite a report holds (<c>run --shard K/N</c>): shard <paramref name="Index"/> of
/// <paramref name="Count"/>, counted from 1. <c>dynamicprobe merge</c> checks that the shards of one suite are all there.
/// </summary>
public sealed record ShardDocument(int Index, int Count, SuiteDocument Suite);
