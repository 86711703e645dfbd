namespace DynamicProbe.Core.Scenarios;

public enum NetworkMode
{
    /// <summary>Only a loopback interface; every attempt to reach anything else is recorded.</summary>
    None,

    /// <summary>No route out, but every outbound attempt is answered and recorded inside the sandbox.</summary>
    Sinkhole,
}
