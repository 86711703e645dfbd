namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>The tracer could not be started or attached; the message says why, with bpftrace's own error when it gave one.</summary>
public sealed class MonitorAttachException : Exception
{
    public MonitorAttachException()
    {
    }

    public MonitorAttachException(string message)
        : base(message)
    {
    }

    public MonitorAttachException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
