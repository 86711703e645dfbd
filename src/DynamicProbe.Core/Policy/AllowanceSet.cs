using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Policy;

/// <summary>Expectations compiled for matching: what one phase may do.</summary>
public sealed class AllowanceSet
{
    private readonly GlobSet _read;
    private readonly GlobSet _write;
    private readonly GlobSet _processes;
    private readonly GlobSet _dns;
    private readonly GlobSet _connect;
    private readonly GlobSet _listen;

    public AllowanceSet(Expectations expectations)
    {
        _read = GlobSet.ForPaths(expectations.FilesRead);
        _write = GlobSet.ForPaths(expectations.FilesWrite);
        _processes = GlobSet.ForPaths(expectations.Processes);
        _dns = GlobSet.ForEndpoints(expectations.Dns);
        _connect = GlobSet.ForEndpoints(expectations.Connect);
        _listen = GlobSet.ForEndpoints(expectations.Listen);
    }

    /// <summary>A path allowed for writing may also be read: writing is the stronger right.</summary>
    public bool AllowsRead(string path) => _read.Matches(path) || _write.Matches(path);

    public bool AllowsWrite(string path) => _write.Matches(path);

    public bool AllowsProcess(string path) => _processes.Matches(path);

    public bool AllowsDns(string name) => _dns.Matches(name);

    public bool AllowsConnect(string endpoint) => _connect.Matches(endpoint);

    public bool AllowsListen(string endpoint) => _listen.Matches(endpoint);
}
